package io.github.compact4j.spring.boot;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.FallbackChain;
import io.github.compact4j.registry.Provider;
import io.github.compact4j.springai.ChatModelSummarizer;
import io.github.compact4j.springai.CompactingChatMemory;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.summarize.ChatCompletionsSummarizer;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.ModelCatalog;
import io.github.compact4j.tokens.ModelInfo;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Spring AI {@link ChatMemory}: compact4j-spring-ai's {@link CompactingChatMemory}, for
 * {@code MessageChatMemoryAdvisor}, when that artifact and Spring AI are on the class path. It
 * compacts through the chain of the backend {@code compact4j.spring-ai.backend} names (the only
 * one when a single backend is configured; without OpenAI's {@code /responses/compact}, whose
 * encrypted item no Spring AI message can hold), or, with no backend configured, by summaries from
 * the app's Spring AI {@link ChatModel}, then masking; with the {@link CompactionPolicy} bean, the
 * {@link CompactionJournals} bean when there is one, and the app's {@link ChatMemoryRepository}.
 * It comes before Spring AI's own chat memory configuration, whose 20-message window then backs
 * off; an app's own {@code ChatMemory} bean wins over both. Off with
 * {@code compact4j.spring-ai.enabled=false}. See {@code docs/observability.md}.
 */
@AutoConfiguration(after = {Compact4jAutoConfiguration.class, Compact4jJdbcAutoConfiguration.class},
        beforeName = "org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration")
@ConditionalOnClass({CompactingChatMemory.class, ChatMemory.class})
@ConditionalOnProperty(prefix = "compact4j", name = {"enabled", "spring-ai.enabled"}, havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean({CompactionBackends.class, CompactionPolicy.class, RecentCompactions.class})
@EnableConfigurationProperties(Compact4jProperties.class)
public class Compact4jSpringAiAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.spring.boot");
    private static final String PREFIX = "compact4j.spring-ai.";

    /** Not instantiated by the app: Spring creates it. */
    public Compact4jSpringAiAutoConfiguration() {}

    /**
     * @param properties {@code compact4j.spring-ai.*}
     * @param backends the configured backends, one of which compacts
     * @param policy when to compact, relative to the memory's budget
     * @param journals each conversation's journal, when the app keeps journals
     * @param repositories where the histories live (Spring AI's in-memory one by default)
     * @param chatModels the app's chat model, which summarizes when no backend is configured
     * @param listeners the listeners of compactions the starter composes (the observation's, yours)
     * @param recent the record of each backend's recent compactions, for the endpoint
     * @return the memory
     * @throws IllegalStateException naming the property to set when the backend, the model or the
     *     budget cannot be told
     */
    @Bean
    @ConditionalOnMissingBean(ChatMemory.class)
    public CompactingChatMemory compact4jChatMemory(Compact4jProperties properties, CompactionBackends backends,
            CompactionPolicy policy, ObjectProvider<CompactionJournals> journals,
            ObjectProvider<ChatMemoryRepository> repositories, ObjectProvider<ChatModel> chatModels,
            ObjectProvider<CompactionListener> listeners, RecentCompactions recent) {
        Compact4jProperties.SpringAi p = properties.getSpringAi();
        String backend = backendName(p.getBackend(), backends);
        ContextCompactor compactor;
        String model;
        if (backend != null) {
            compactor = backendCompactor(backend, backends, properties, listeners, recent);
            model = isSet(p.getModel()) ? p.getModel().trim() : backends.backend(backend).model();
        } else {
            ChatModel chatModel = chatModels.getIfUnique();
            if (chatModel == null) {
                throw new IllegalStateException("compact4j.backends has no entry and the app has no single Spring AI"
                        + " ChatModel to summarize with: configure a backend (compact4j.backends.<name>.provider and"
                        + " .model) for " + PREFIX + "backend, declare one ChatModel bean, or turn the memory off with "
                        + PREFIX + "enabled=false");
            }
            model = isSet(p.getModel()) ? p.getModel().trim() : defaultModel(chatModel);
            compactor = chatModelCompactor(chatModel, model, properties, listeners);
        }
        int maxTokens = maxTokens(p.getMaxTokens(), model);
        CompactingChatMemory.Builder b = CompactingChatMemory.builder().compactor(compactor).model(model)
                .maxTokens(maxTokens).policy(policy);
        CompactionJournals j = journals.getIfAvailable();
        if (j != null) {
            b.journal(j::forConversation);
        }
        ChatMemoryRepository repository = repositories.getIfAvailable();
        if (repository != null) {
            b.chatMemoryRepository(repository);
        }
        CompactingChatMemory memory = b.build();
        LOG.atInfo().log("Spring AI chat memory: compacts through {} ({}), counts tokens as {}, budget {} tokens"
                + " (compacts at {}), journal {}", backend != null ? "backend '" + backend + "'" : "the app's ChatModel",
                compactor.name(), model, maxTokens, memory.triggerTokens(), j != null ? j : "none");
        return memory;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** The backend the memory compacts through; null when none is configured (the chat model's turn). */
    static String backendName(String named, CompactionBackends backends) {
        if (isSet(named)) {
            if (!backends.names().contains(named.trim())) {
                throw new IllegalStateException(PREFIX + "backend=" + named + " names no backend in compact4j.backends;"
                        + " configured: " + backends.names());
            }
            return named.trim();
        }
        if (backends.names().size() > 1) {
            throw new IllegalStateException(PREFIX + "backend is not set and compact4j.backends has "
                    + backends.names().size() + " entries " + backends.names() + ": set " + PREFIX
                    + "backend to the one whose chain compacts the Spring AI chat memory");
        }
        return backends.names().isEmpty() ? null : backends.names().iterator().next();
    }

    private static String defaultModel(ChatModel chatModel) {
        ChatOptions options = chatModel.getDefaultOptions();
        String model = options == null ? null : options.getModel();
        if (model == null || model.isBlank()) {
            throw new IllegalStateException("the app's ChatModel names no default model: set " + PREFIX
                    + "model to the model the conversations run on (it counts their tokens)");
        }
        return model;
    }

    /** The budget: the property, else the model's context window when compact4j's catalogue knows it. */
    static int maxTokens(Integer configured, String model) {
        if (configured != null) {
            if (configured <= 0) {
                throw new IllegalStateException(PREFIX + "max-tokens must be positive, got " + configured);
            }
            return configured;
        }
        Optional<ModelInfo> info = ModelCatalog.defaults().find(model);
        return info.map(ModelInfo::contextWindow).orElseThrow(() -> new IllegalStateException("compact4j does not"
                + " know the context window of " + model + ": set " + PREFIX + "max-tokens to the token budget of"
                + " each conversation"));
    }

    /**
     * The backend's chain, except where it starts with OpenAI's {@code /responses/compact}: that
     * answers with an encrypted compaction item that only the Responses API reads, which no Spring AI
     * message can hold, so the memory could never apply it. For those providers the memory gets the
     * rest of the chain (summaries through the same account's Chat Completions, then masking), built
     * from the registry's client options for the backend, traced like the registry's own.
     */
    static ContextCompactor backendCompactor(String name, CompactionBackends backends, Compact4jProperties properties,
            ObjectProvider<CompactionListener> listeners, RecentCompactions recent) {
        Backend b = backends.backend(name);
        if (b.providerInfo().nativeCompaction() != Provider.NativeCompaction.RESPONSES_COMPACT) {
            return backends.compactor(name);
        }
        ClientOptions options = backends.registry().optionsFor(b);
        Summarizer summarizer = b.providerInfo().api() == Provider.Api.ANTHROPIC_MESSAGES
                ? AnthropicSummarizer.builder().clientOptions(options).model(b.summaryModel()).build()
                : ChatCompletionsSummarizer.builder().clientOptions(options).model(b.summaryModel()).build();
        TracingCompactor.Builder traced = TracingCompactor.builder(summarizingThenMasking(summarizer, b.model(),
                b.summaryModel(), properties)).attribute("backend", b.provider());
        listeners.orderedStream().forEach(traced::listener);
        return traced.listener(recent.listenerFor(name)).build();
    }

    /**
     * What a default chain does for a provider without native compaction, with the app's chat model
     * writing the summaries: summarizing, then masking, traced with the listener beans.
     */
    private static ContextCompactor chatModelCompactor(ChatModel chatModel, String model, Compact4jProperties properties,
            ObjectProvider<CompactionListener> listeners) {
        TracingCompactor.Builder traced = TracingCompactor.builder(summarizingThenMasking(
                ChatModelSummarizer.of(chatModel), model, model, properties));
        listeners.orderedStream().forEach(traced::listener);
        return traced.build();
    }

    /** As the registry's default chains: the summary chunked to the summarizing model's window, then masking as the last resort. */
    private static FallbackChain summarizingThenMasking(Summarizer summarizer, String model, String summaryModel,
            Compact4jProperties properties) {
        SummarizingFallbackCompactor.Builder summarizing = SummarizingFallbackCompactor.builder()
                .summarizer(summarizer)
                .tokenCounter(ModelCatalog.defaults().counterFor(model))
                .summarizerContextWindow(ModelCatalog.defaults().lookup(summaryModel).contextWindow());
        Integer keep = properties.getRegistry().getKeepRecentTokens();
        if (keep != null) {
            summarizing.keepRecentTokens(keep);
        }
        return FallbackChain.builder().then(summarizing.build()).then(ToolOutputMaskingCompactor.builder().build()).build();
    }
}
