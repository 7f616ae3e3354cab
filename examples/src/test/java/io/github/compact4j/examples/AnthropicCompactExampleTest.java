package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.conversation.AnthropicMessages;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs AnthropicCompactExample without a key (it says what it needs and exits 0), with a key
 * against the labelled stand-in server (it prints the compaction: the block's summary, the beta the
 * next request needs), and against a server that refuses the key (it prints the error, exits 1).
 */
class AnthropicCompactExampleTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void withoutAKeyItSaysWhatItNeedsAndExitsCleanly(String key) {
        Printed p = new Printed();
        Map<String, String> env = key.isEmpty() ? Map.of() : Map.of("ANTHROPIC_API_KEY", key);

        assertEquals(0, AnthropicCompactExample.run(env, p.out, p.err));

        List<String> lines = p.out().lines().toList();
        assertEquals(1, lines.size(), p.out());
        assertTrue(lines.get(0).startsWith("Set ANTHROPIC_API_KEY to compact the bundled conversation"), p.out());
        assertTrue(lines.get(0).contains(AnthropicCompactClient.BETA), "it names the beta: " + lines.get(0));
        assertEquals("", p.err());
    }

    @Test
    void withAKeyItPrintsTheSummaryBlockAndTheBetaTheNextRequestNeeds() throws Exception {
        Printed p = new Printed();
        int status;
        int calls;
        try (StandInServer standIn = new StandInServer()) {
            status = AnthropicCompactExample.run(Map.of("ANTHROPIC_API_KEY", StandInServer.KEY,
                    "ANTHROPIC_BASE_URL", standIn.baseUrl(false), "COMPACT4J_ANTHROPIC_MODEL", "claude-opus-4-6"),
                    p.out, p.err);
            calls = standIn.calls();
        }

        assertEquals(0, status, p.err());
        assertEquals("", p.err());
        assertEquals(1, calls, "one Messages call with the compaction parameter");
        assertTrue(p.out().contains("Anthropic's own compaction (claude-opus-4-6)"),
                "the model from COMPACT4J_ANTHROPIC_MODEL:\n" + p.out());
        Matcher messages = p.line("  messages\\s+([\\d,]+) -> ([\\d,]+)");
        int before = AnthropicMessages.toConversation(MaskingExample.load(MaskingExample.CONVERSATION)).messages().size();
        assertEquals(before, number(messages.group(1)));
        assertTrue(number(messages.group(2)) < before, p.out());

        Matcher tokens = p.line("  tokens\\s+([\\d,]+) -> ([\\d,]+)  \\(([\\d.]+)% saved, local count\\)");
        long tokensBefore = number(tokens.group(1));
        long tokensAfter = number(tokens.group(2));
        assertTrue(tokensAfter < tokensBefore, p.out());
        assertEquals(String.format(Locale.ROOT, "%.1f", 100.0 * (tokensBefore - tokensAfter) / tokensBefore),
                tokens.group(3));

        // the block's readable summary: what the server put in it, its first 60 characters shown
        Matcher summary = p.line("  summary\\s+([\\d,]+) characters, readable: \"(.*)\\.\\.\\.\"");
        String content = StandInServer.COMPACTION_BLOCK_CONTENT;
        assertEquals(content.length(), number(summary.group(1)));
        assertEquals(content.substring(0, 60), summary.group(2));

        Matcher cost = p.line("  compaction cost\\s+([\\d,]+) in, ([\\d,]+) out \\(usage\\.iterations\\)");
        assertTrue(number(cost.group(1)) > 0, "the compaction iteration's usage: " + cost.group());
        p.line("  next requests send\\s+anthropic-beta: " + AnthropicCompactClient.BETA);
        p.line("  trace id\\s+[0-9a-f]{32}");
        p.line("  request ids\\s+\\[req_local_[0-9a-f]+\\]");
    }

    @Test
    void aRefusedKeyPrintsTheErrorWithItsIdsAndExitsOne() throws Exception {
        String key = "sk-ant-test-refused-0123456789abcdefghij";
        Printed p = new Printed();
        int status;
        RecordedRequest sent;
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                    .setHeader("request-id", "req_refused_1")
                    .setBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                            + "\"message\":\"invalid x-api-key\"}}"));
            status = AnthropicCompactExample.run(Map.of("ANTHROPIC_API_KEY", key,
                    "ANTHROPIC_BASE_URL", server.url("/").toString()), p.out, p.err);
            sent = server.takeRequest(0, TimeUnit.SECONDS);
            assertEquals(1, server.getRequestCount(), "a 401 is not retried");
        }

        assertEquals(1, status);
        assertEquals("/v1/messages", sent.getPath());
        assertEquals(key, sent.getHeader("x-api-key"));
        assertTrue(sent.getHeader("anthropic-beta").contains(AnthropicCompactClient.BETA), sent.getHeaders().toString());
        assertEquals("", p.out(), "no table for a failed compaction");
        String err = p.err();
        assertTrue(err.contains("invalid x-api-key"), err);
        assertTrue(err.contains("req_refused_1"), "Anthropic's request id: " + err);
        assertTrue(err.matches("(?s).*\\b[0-9a-f]{32}\\b.*"), "the trace id: " + err);
        assertFalse(err.contains(key), "the key leaked into the message: " + err);
    }
}
