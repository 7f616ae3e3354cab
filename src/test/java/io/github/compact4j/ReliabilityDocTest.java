package io.github.compact4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalOption;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.http.SharedResources;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippets of docs/reliability.md, compiled and run. */
class ReliabilityDocTest {

    @TempDir
    Path dir;

    @Test
    void anAnswerPastTheCapStopsTheRead() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            // a proxy that answers with more than the cap allows
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                    .setBody("{\"output\":[" + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"x\"},".repeat(200_000)
                            + "{}]}"));
            Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-doc-0123456789abcdef");

            OpenAiCompactClient client = OpenAiCompactClient.builder()
                    .apiKey(env.get("OPENAI_API_KEY"))
                    .baseUrl(server.url("/v1").toString())
                    .maxResponseBytes(8L * 1024 * 1024)   // a proxy's endless answer stops here
                    .build();

            InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> client.compact(
                    CompactionRequest.builder().model("gpt-5.1").items(List.of(Message.user("hi"))).build()));
            assertTrue(e.getMessage().contains("8388608") || e.getMessage().contains("8 MiB"), e.getMessage());
        }
    }

    @Test
    void aDurableJournalAndAConversationClosedAfterTheLoop() throws Exception {
        Path journals = Files.createDirectories(dir.resolve("journals"));
        BackendRegistry registry = BackendRegistry.withDefaults();
        Backend backend = Backend.builder().provider("openai").model("gpt-5.1").apiKey("sk-doc-0123456789abcdef")
                .environment(Map.of()).build();

        CompactionJournal journal = CompactionJournal.jsonLines(journals.resolve("agent-a.jsonl"),
                JournalOption.DURABLE);
        ManagedConversation kept;
        try (ManagedConversation convo = ManagedConversation.builder()
                .compactor(registry.compactorFor(backend))
                .model("gpt-5.1")
                .journal(journal)
                .build()) {
            convo.append(Message.user("Fix the failing test."));   // the agent's loop
            kept = convo;
        }
        SharedResources.shutdown();   // at application shutdown, after the last call

        assertThrows(IllegalStateException.class, kept::compact, "closed");
        assertEquals(List.of(Message.user("Fix the failing test.")), kept.items());
    }
}
