package io.github.compact4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.jdbc.JdbcJournals;
import io.github.compact4j.springai.CompactingChatMemory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import okhttp3.mockwebserver.MockWebServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.chat.memory.autoconfigure.ChatMemoryAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Spring AI chat memory's conditions, its choice of compactor, model and budget, and its place
 * before Spring AI's own ChatMemory auto-configuration; compactions run against MockWebServer
 * speaking Chat Completions, through Spring AI's OpenAI module where the app's ChatModel summarizes.
 */
class Compact4jSpringAiAutoConfigurationTest {

    static final String KEY = "sk-test-memory-0123456789abcdef";

    @TempDir
    Path folder;

    MockWebServer server;
    ScriptedChatCompletions script;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        script = new ScriptedChatCompletions();
        server.setDispatcher(script);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    /** Spring AI's own ChatMemory configuration listed first: the ordering, not the list, must put compact4j's before it. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChatMemoryAutoConfiguration.class, Compact4jSpringAiAutoConfiguration.class,
                    Compact4jAutoConfiguration.class, Compact4jJdbcAutoConfiguration.class));

    private String baseUrl() {
        return server.url("/v1").toString();
    }

    /** A backend on the scripted server, its key from the variable the properties name. */
    private ApplicationContextRunner backend(String name, String provider) {
        return runner.withPropertyValues("compact4j.backends." + name + ".provider=" + provider,
                "compact4j.backends." + name + ".model=" + ScriptedChatCompletions.MODEL,
                "compact4j.backends." + name + ".base-url=" + baseUrl(),
                "compact4j.backends." + name + ".api-key-env=COMPACT4J_TEST_MEMORY_KEY", "COMPACT4J_TEST_MEMORY_KEY=" + KEY);
    }

    private ChatModel chatModel() {
        return OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(baseUrl()).apiKey(KEY)
                .model(ScriptedChatCompletions.MODEL).maxRetries(0).build()).build();
    }

    /** Exchanges of about 60 tokens each, added until the memory has compacted or {@code max} were added. */
    static List<Message> converse(ChatMemory memory, String id, int max) {
        List<Message> added = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            List<Message> turn = List.of(new UserMessage("Turn " + i + ": explain the next method of the invoice module."),
                    new AssistantMessage(("Method " + i + " multiplies the amount by the rate and rounds half even. ").repeat(4)));
            added.addAll(turn);
            memory.add(id, turn);
            if (compacted(memory.get(id))) {
                break;
            }
        }
        return added;
    }

    static boolean compacted(List<Message> held) {
        return held.stream().anyMatch(m -> m.getMetadata().containsKey(CompactingChatMemory.COMPACTION_METADATA));
    }

    @Test
    void oneBackendGivesTheMemoryAheadOfSpringAisWindow() {
        backend("agent", "ollama").withPropertyValues("compact4j.spring-ai.max-tokens=1000").run(context -> {
            assertThat(context).hasSingleBean(ChatMemory.class).hasSingleBean(ChatMemoryRepository.class);
            assertThat(context.getBean(ChatMemory.class)).isInstanceOf(CompactingChatMemory.class);
            CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
            assertThat(memory.toString()).contains("model=gpt-4o-mini", "maxTokens=1000", "compactor=chain[summarizing>masking]");
            assertThat(memory.triggerTokens()).isEqualTo(850);

            // the history lives in Spring AI's repository bean, registered after the memory's configuration
            List<Message> added = converse(memory, "agent-1", 40);
            ChatMemoryRepository repository = context.getBean(ChatMemoryRepository.class);
            assertThat(repository).isInstanceOf(InMemoryChatMemoryRepository.class);
            assertThat(repository.findByConversationId("agent-1")).isEqualTo(memory.get("agent-1"));

            // compacted through the backend's chain: the summary from its Chat Completions endpoint
            assertThat(compacted(memory.get("agent-1"))).as("compacted after %d messages", added.size()).isTrue();
            assertThat(script.summaryRequests).hasSize(1);
            assertThat(script.authorizations).containsOnly("Bearer " + KEY);
            assertThat(memory.tokens("agent-1")).isLessThan(memory.triggerTokens());
            assertThat(context.getBean(RecentCompactions.class).of("agent")).singleElement()
                    .satisfies(e -> assertThat(e.strategy()).isEqualTo("summarizing"));
        });
    }

    @Test
    void anOpenAiBackendSummarizesThroughChatCompletionsNotResponsesCompact() {
        // /responses/compact answers with an encrypted item no Spring AI message can hold
        backend("agent", "openai").withPropertyValues("compact4j.spring-ai.max-tokens=1000").run(context -> {
            CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
            assertThat(memory.toString()).contains("compactor=chain[summarizing>masking]");
            assertThat(context.getBean(CompactionBackends.class).compactor("agent").name())
                    .isEqualTo("chain[openai-compact>summarizing>masking]");
            converse(memory, "agent-1", 40);
            assertThat(compacted(memory.get("agent-1"))).isTrue();
            assertThat(script.otherPaths).isEmpty();
            assertThat(script.summaryRequests).singleElement()
                    .satisfies(body -> assertThat(body.get("model").asText()).isEqualTo(ScriptedChatCompletions.MODEL));
            assertThat(script.authorizations).containsOnly("Bearer " + KEY);
            // recorded for the endpoint under the backend, with the chain that ran
            assertThat(context.getBean(RecentCompactions.class).of("agent")).singleElement().satisfies(e -> {
                assertThat(e.compactor()).isEqualTo("chain[summarizing>masking]");
                assertThat(e.outcome()).isEqualTo("success");
                assertThat(e.requestIds()).hasSize(1);
            });
        });
    }

    @Test
    void withoutABackendTheAppsChatModelWritesTheSummaries() {
        runner.withBean(ChatModel.class, this::chatModel).withPropertyValues("compact4j.spring-ai.max-tokens=1000")
                .run(context -> {
                    CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
                    // the model from the ChatModel's default options
                    assertThat(memory.toString()).contains("model=gpt-4o-mini", "compactor=chain[summarizing>masking]");
                    converse(memory, "agent-1", 40);
                    assertThat(compacted(memory.get("agent-1"))).isTrue();
                    // through Spring AI's OpenAI module: its key, its request
                    assertThat(script.summaryRequests).singleElement().satisfies(body ->
                            assertThat(body.get("messages").get(1).get("content").asText()).contains("Method 0 multiplies"));
                    assertThat(script.authorizations).containsOnly("Bearer " + KEY);
                    // the task stays first; the summary follows it
                    assertThat(memory.get("agent-1").get(0).getText()).startsWith("Turn 0:");
                    assertThat(memory.get("agent-1").get(1).getText()).contains(ScriptedChatCompletions.SUMMARY);
                });
    }

    @Test
    void theBackendIsNamedWhenThereAreSeveral() {
        ApplicationContextRunner two = backend("coder", "ollama").withPropertyValues(
                "compact4j.backends.reviewer.provider=ollama", "compact4j.backends.reviewer.model=qwen3:8b");
        two.run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(
                "compact4j.spring-ai.backend is not set and compact4j.backends has 2 entries [coder, reviewer]"));
        two.withPropertyValues("compact4j.spring-ai.backend=reviewer").run(context ->
                assertThat(context.getBean(CompactingChatMemory.class).toString()).contains("model=qwen3:8b",
                        "maxTokens=32768"));
        two.withPropertyValues("compact4j.spring-ai.backend=writer").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining(
                        "compact4j.spring-ai.backend=writer names no backend in compact4j.backends; configured: [coder, reviewer]"));
    }

    @Test
    void withNeitherABackendNorAChatModelTheAppStopsSayingWhatToSet() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("compact4j.backends has no entry and the app has no single Spring AI ChatModel")
                .hasMessageContaining("compact4j.spring-ai.enabled=false"));
    }

    @Test
    void aModelCompact4jDoesNotKnowNeedsABudget() {
        ApplicationContextRunner unknown = runner.withPropertyValues("compact4j.backends.local.provider=ollama",
                "compact4j.backends.local.model=acme-internal-model");
        unknown.run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(
                "compact4j does not know the context window of acme-internal-model: set compact4j.spring-ai.max-tokens"));
        unknown.withPropertyValues("compact4j.spring-ai.max-tokens=6000", "compact4j.spring-ai.model=gpt-4o-mini")
                .run(context -> assertThat(context.getBean(CompactingChatMemory.class).toString())
                        .contains("model=gpt-4o-mini", "maxTokens=6000"));
        unknown.withPropertyValues("compact4j.spring-ai.max-tokens=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("compact4j.spring-ai.max-tokens must be positive, got 0"));
    }

    @Test
    void thePolicyPropertiesSetWhenItCompacts() {
        backend("agent", "ollama").withPropertyValues("compact4j.spring-ai.max-tokens=1000", "compact4j.policy.trigger-ratio=0.5")
                .run(context -> assertThat(context.getBean(CompactingChatMemory.class).triggerTokens()).isEqualTo(500));
    }

    @Test
    void whatItCompactsAwayGoesToTheJournals() {
        backend("agent", "ollama").withPropertyValues("compact4j.spring-ai.max-tokens=1000",
                "compact4j.journal.directory=" + folder).run(context -> {
                    CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
                    List<Message> added = converse(memory, "agent-1", 40);
                    List<JournalEntry> entries = context.getBean(CompactionJournals.class).forConversation("agent-1").entries();
                    assertThat(entries).singleElement().satisfies(e -> assertThat(e.strategy()).isEqualTo("summarizing"));
                    assertThat(folder.resolve("agent-1.journal.jsonl")).exists();
                    // nothing lost: the journal and the repository give back every message added
                    assertThat(memory.originalMessages("agent-1")).isEqualTo(added);
                });
    }

    @Test
    void withADataSourceWhatItCompactsAwayGoesToTheDatabase() {
        JdbcDataSource ds = Compact4jJdbcAutoConfigurationTest.h2();
        // a folder too: with the default store the database comes first
        backend("agent", "ollama").withBean(DataSource.class, () -> ds).withPropertyValues(
                "compact4j.spring-ai.max-tokens=1000", "compact4j.journal.directory=" + folder).run(context -> {
                    assertThat(context).hasSingleBean(JdbcJournals.class);
                    CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
                    List<Message> added = converse(memory, "agent-1", 40);
                    assertThat(compacted(memory.get("agent-1"))).isTrue();
                    assertThat(Compact4jJdbcAutoConfigurationTest.rows(ds, "compact4j_journal", "agent-1")).isEqualTo(1);
                    assertThat(folder.resolve("agent-1.journal.jsonl")).doesNotExist();
                    // read back from the table: every message added, in order
                    assertThat(memory.originalMessages("agent-1")).isEqualTo(added);
                });
    }

    @Test
    void withoutCompact4jJdbcTheMemoryJournalsToTheFolderEvenWithADataSource() {
        backend("agent", "ollama").withClassLoader(new FilteredClassLoader(JdbcJournals.class))
                .withBean(DataSource.class, Compact4jJdbcAutoConfigurationTest::h2)
                .withPropertyValues("compact4j.spring-ai.max-tokens=1000", "compact4j.journal.directory=" + folder)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(Compact4jJdbcAutoConfiguration.class);
                    CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
                    List<Message> added = converse(memory, "agent-1", 40);
                    assertThat(folder.resolve("agent-1.journal.jsonl")).exists();
                    assertThat(memory.originalMessages("agent-1")).isEqualTo(added);
                });
    }

    @Test
    void withTheStoreNoneNothingIsJournaledAndTheOriginalsAreGone() {
        JdbcDataSource ds = Compact4jJdbcAutoConfigurationTest.h2();
        backend("agent", "ollama").withBean(DataSource.class, () -> ds).withPropertyValues("compact4j.spring-ai.max-tokens=1000",
                "compact4j.journal.directory=" + folder, "compact4j.journal.store=none").run(context -> {
                    assertThat(context).doesNotHaveBean(CompactionJournals.class).doesNotHaveBean(JdbcJournals.class);
                    CompactingChatMemory memory = context.getBean(CompactingChatMemory.class);
                    converse(memory, "agent-1", 40);
                    assertThat(compacted(memory.get("agent-1"))).isTrue();
                    assertThatThrownBy(() -> memory.originalMessages("agent-1")).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("compacted without a journal");
                    assertThat(folder).isEmptyDirectory();
                });
    }

    @Test
    void theAppsOwnMemoryWins() {
        MessageWindowChatMemory own = MessageWindowChatMemory.builder().maxMessages(4).build();
        backend("agent", "ollama").withBean(ChatMemory.class, () -> own).run(context -> {
            assertThat(context).hasSingleBean(ChatMemory.class).doesNotHaveBean(CompactingChatMemory.class);
            assertThat(context.getBean(ChatMemory.class)).isSameAs(own);
        });
    }

    @Test
    void offByPropertyOrWithoutItsClassesSpringAisWindowIsTheMemory() {
        backend("agent", "ollama").withPropertyValues("compact4j.spring-ai.enabled=false").run(context ->
                assertThat(context.getBean(ChatMemory.class)).isInstanceOf(MessageWindowChatMemory.class));
        backend("agent", "ollama").withPropertyValues("compact4j.enabled=false").run(context ->
                assertThat(context.getBean(ChatMemory.class)).isInstanceOf(MessageWindowChatMemory.class));
        backend("agent", "ollama").withClassLoader(new FilteredClassLoader(CompactingChatMemory.class)).run(context -> {
            assertThat(context).doesNotHaveBean(CompactingChatMemory.class);
            assertThat(context.getBean(ChatMemory.class)).isInstanceOf(MessageWindowChatMemory.class);
        });
        // without Spring AI, neither memory
        backend("agent", "ollama").withClassLoader(new FilteredClassLoader(ChatMemory.class)).run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(ChatMemory.class).hasSingleBean(CompactionBackends.class));
    }
}
