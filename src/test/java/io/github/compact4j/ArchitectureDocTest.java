package io.github.compact4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The snippets of docs/architecture.md, compiled and run. */
class ArchitectureDocTest {

    /** As in "Why tracing is a base class". */
    static final class KeepLastN extends TracedCompactor {
        @Override public String name() { return "keep-last-n"; }

        @Override
        protected CompactionResult.Builder doCompact(CompactionRequest request) {
            List<Item> items = request.items();
            List<Item> kept = items.subList(Math.max(0, items.size() - 10), items.size());
            TokenCounter counter = TokenCounter.forModel(request.model());
            return CompactionResult.builder().items(kept).itemsBefore(items.size())
                    .tokensBefore(counter.count(items)).tokensAfter(counter.count(kept));
        }
    }

    @Test
    void aCompactorOfYourOwnGetsTheScopeFromTheBaseClass() {
        List<Item> history = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            history.add(Message.user("message " + i));
        }
        CompactionResult r = new KeepLastN().compact(CompactionRequest.builder().model("gpt-5.1").items(history).build());
        assertEquals(10, r.items().size());
        assertEquals("keep-last-n", r.strategy(), "the strategy defaults to the compactor's name");
        assertEquals(32, r.traceId().length(), "the scope set the trace id");
        assertEquals(List.of(Attempt.Outcome.SUCCEEDED), r.attempts().stream().map(Attempt::outcome).toList());
        assertFalse(r.elapsed().isNegative());
    }

    @Test
    void oneCallThroughTheRegistryAndSharedClientOptions() {
        BackendRegistry registry = BackendRegistry.withDefaults();
        Backend backend = Backend.builder().provider("openai").model("gpt-5.1-codex-max").apiKey("sk-doc-000000000000")
                .environment(Map.of()).build();
        ContextCompactor compactor = registry.compactorFor(backend);
        assertSame(compactor, registry.compactorFor(backend.toBuilder().build()), "cached per backend");
        assertEquals("chain[openai-compact>summarizing>masking]", compactor.name());

        OkHttpClient appClient = new OkHttpClient();
        String openAiKey = "sk-doc-openai-0000000000";
        String anthropicKey = "sk-ant-doc-0000000000000";
        ClientOptions shared = ClientOptions.builder().okHttpClient(appClient).maxRetries(3).build();
        OpenAiCompactClient compact = OpenAiCompactClient.builder().clientOptions(shared).apiKey(openAiKey).build();
        AnthropicSummarizer claude = AnthropicSummarizer.builder().clientOptions(shared).apiKey(anthropicKey)
                .model("claude-haiku-4-5").build();
        for (String described : List.of(compact.toString(), claude.toString())) {
            assertTrue(described.contains("maxRetries=3") && described.contains("okHttpClient=caller's"), described);
            assertFalse(described.contains(openAiKey) || described.contains(anthropicKey), described);
        }
        assertTrue(claude.toString().contains("auth=x-api-key"), claude.toString());
        assertTrue(compact.toString().contains("auth=bearer"), compact.toString());
    }
}
