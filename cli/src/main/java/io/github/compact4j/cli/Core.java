package io.github.compact4j.cli;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.hybrid.HybridCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.registry.Provider;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.summarize.ChatCompletionsSummarizer;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.ModelCatalog;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place the tool touches the core types that are moving between packages
 * ({@code Backend}, {@code BackendRegistry} and the {@code CompactionException} family): when
 * they move, only this file's imports change.
 */
final class Core {

    private Core() {}

    /**
     * Runs a codec call and turns an invalid conversation into the caller's error.
     *
     * @param call the codec call
     * @param error makes the error from the problem, e.g. {@code item 3, field 'call_id': missing}
     * @return what the call returned
     */
    static <T> T convert(Supplier<T> call, Function<String, CliException> error) {
        try {
            return call.get();
        } catch (InvalidConversationException e) {
            String s = e.summary();
            String prefix = "Invalid conversation: ";
            throw error.apply(s.startsWith(prefix) ? s.substring(prefix.length()) : s);
        }
    }

    /** The strategies {@code compact --strategy} offers. */
    enum Strategy {
        /** The registry's chain for the backend: native, then summarizing, then masking. */
        AUTO,
        /** Tool-output masking only: offline, no model. */
        MASKING,
        /** An LLM summary through the backend's own API, nothing else. */
        SUMMARIZING,
        /** The provider's own compaction only (OpenAI, Azure OpenAI, xAI, Anthropic). */
        NATIVE,
        /** Masking first, then a summary of the masked middle only when masking is not enough. */
        HYBRID
    }

    /**
     * The compactor for a provider and model, through the registry so that its MDC carries
     * {@code compact4j.backend} like an app's.
     *
     * @param provider a provider id
     * @param model the model
     * @param baseUrl a base URL, or null for the provider's
     * @param env the environment holding API keys and base URLs
     * @param strategy which strategy
     * @param note told when the tool chose for the user (masking offline for want of a key)
     * @return the compactor
     */
    static ContextCompactor compactor(String provider, String model, String baseUrl, Map<String, String> env,
            Strategy strategy, Consumer<String> note) {
        Backend backend;
        try {
            backend = Backend.builder().provider(provider).model(model).baseUrl(baseUrl).environment(env).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CliException.usage(e.getMessage());
        }
        Provider p = backend.providerInfo();
        // the client options every HTTP client of the registry's default chain is built with
        BackendRegistry defaults = BackendRegistry.builder().loadServices(false).build();
        boolean keyMissing = p.apiKeyRequired() && backend.apiKey().isEmpty();
        String keyVars = String.join(" or ", p.apiKeyVariables());
        BackendRegistry.Builder registry = BackendRegistry.builder().loadServices(false);
        switch (strategy) {
            case AUTO:
                if (keyMissing) {
                    note.accept("no " + keyVars + " set: masking offline instead of " + p.id() + "'s chain");
                    registry.register(p.id(), b -> ToolOutputMaskingCompactor.builder().build());
                }
                break;
            case MASKING:
                registry.register(p.id(), b -> ToolOutputMaskingCompactor.builder().build());
                break;
            case SUMMARIZING:
                requireKey(keyMissing, keyVars, strategy);
                registry.register(p.id(), b -> summarizing(defaults, b));
                break;
            case HYBRID:
                requireKey(keyMissing, keyVars, strategy);
                // as the registry builds its middle step with hybrid(true)
                registry.register(p.id(), b -> HybridCompactor.builder().masking(ToolOutputMaskingCompactor.builder().build())
                        .summarizing(summarizing(defaults, b)).tokenCounter(ModelCatalog.defaults().counterFor(b.model()))
                        .build());
                break;
            case NATIVE:
                if (p.nativeCompaction() == Provider.NativeCompaction.NONE) {
                    throw CliException.usage("--strategy native needs a provider with its own compaction "
                            + "(openai, azure-openai, xai, anthropic), not " + p.id());
                }
                requireKey(keyMissing, keyVars, strategy);
                registry.register(p.id(), b -> p.nativeCompaction() == Provider.NativeCompaction.ANTHROPIC_COMPACTION
                        ? AnthropicCompactClient.builder().clientOptions(defaults.optionsFor(b))
                                .tokenCounter(ModelCatalog.defaults().counterFor(b.model())).build()
                        : OpenAiCompactClient.builder().clientOptions(defaults.optionsFor(b)).build());
                break;
            default:
                throw new IllegalStateException(strategy.name());
        }
        return registry.build().compactorFor(backend);
    }

    /** The summarizing step as the registry's default chain builds it. */
    private static SummarizingFallbackCompactor summarizing(BackendRegistry defaults, Backend b) {
        return SummarizingFallbackCompactor.builder().summarizer(summarizer(defaults, b))
                .keepRecentTokens(20_000)
                .summarizerContextWindow(ModelCatalog.defaults().lookup(b.summaryModel()).contextWindow())
                .tokenCounter(ModelCatalog.defaults().counterFor(b.model()))
                .build();
    }

    private static void requireKey(boolean keyMissing, String keyVars, Strategy strategy) {
        if (keyMissing) {
            throw CliException.usage("--strategy " + strategy.name().toLowerCase(java.util.Locale.ROOT)
                    + " calls a model: set " + keyVars);
        }
    }

    /** The summarizer the registry's default chain would use for the backend. */
    private static Summarizer summarizer(BackendRegistry defaults, Backend b) {
        if (b.providerInfo().api() == Provider.Api.ANTHROPIC_MESSAGES) {
            return AnthropicSummarizer.builder().clientOptions(defaults.optionsFor(b)).model(b.summaryModel()).build();
        }
        return ChatCompletionsSummarizer.builder().clientOptions(defaults.optionsFor(b)).model(b.summaryModel()).build();
    }

    /**
     * @return the result
     * @throws CliException with {@link ExitCode#COMPACTION_FAILED} and the library's message
     *     (which carries the trace id and the backend's request id)
     */
    static CompactionResult compact(ContextCompactor compactor, CompactionRequest request, String file) {
        try {
            return compactor.compact(request);
        } catch (InvalidConversationException e) {
            String s = e.summary();
            throw CliException.badInput(file + ": " + (s.startsWith("Invalid conversation: ") ? s.substring(22) : s));
        } catch (CompactionException e) {
            throw new CliException(ExitCode.COMPACTION_FAILED, "compaction of " + file + " failed: "
                    + e.getMessage().replace('\n', ' '), e);
        }
    }
}
