package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Runs NativeCompactExample without a key (it says what it needs and exits 0), with a key against
 * the labelled stand-in server (it prints the compaction), and against a server that refuses the
 * key (it prints the error and exits 1, without the key).
 */
class NativeCompactExampleTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void withoutAKeyItSaysWhatItNeedsAndExitsCleanly(String key) {
        Printed p = new Printed();
        Map<String, String> env = key.isEmpty() ? Map.of() : Map.of("OPENAI_API_KEY", key);

        assertEquals(0, NativeCompactExample.run(env, p.out, p.err));

        List<String> lines = p.out().lines().toList();
        assertEquals(1, lines.size(), p.out());
        assertTrue(lines.get(0).startsWith("Set OPENAI_API_KEY to compact the bundled conversation"), p.out());
        assertTrue(lines.get(0).contains("MaskingExample"), "it points to the example that needs no key");
        assertEquals("", p.err());
    }

    @Test
    void withAKeyItPrintsTheCompactionTheServerMade() throws Exception {
        Printed p = new Printed();
        int status;
        int calls;
        try (StandInServer standIn = new StandInServer()) {
            status = NativeCompactExample.run(Map.of("OPENAI_API_KEY", StandInServer.KEY,
                    "OPENAI_BASE_URL", standIn.baseUrl(true), "COMPACT4J_MODEL", "gpt-5.1"), p.out, p.err);
            calls = standIn.calls();
        }

        assertEquals(0, status, p.err());
        assertEquals("", p.err());
        assertEquals(1, calls, "one /responses/compact call");
        assertTrue(p.out().contains("compact4j native compaction (gpt-5.1)"), "the model from COMPACT4J_MODEL:\n" + p.out());
        Matcher items = p.line("  items\\s+([\\d,]+) -> ([\\d,]+)");
        assertEquals(MaskingExample.load(MaskingExample.CONVERSATION).size(), number(items.group(1)));
        assertTrue(number(items.group(2)) < number(items.group(1)), p.out());

        Matcher tokens = p.line("  tokens\\s+([\\d,]+) -> ([\\d,]+)  \\(([\\d.]+)% saved, local count\\)");
        long before = number(tokens.group(1));
        long after = number(tokens.group(2));
        assertTrue(after < before, p.out());
        assertEquals(String.format(Locale.ROOT, "%.1f", 100.0 * (before - after) / before), tokens.group(3));

        Matcher cost = p.line("  compaction cost\\s+([\\d,]+) in, ([\\d,]+) out \\(reported by OpenAI\\)");
        assertTrue(number(cost.group(1)) > 0, "the usage the server reported: " + cost.group());
        p.line("  portable\\s+no: only OpenAI can read the compaction item");
        p.line("  trace id\\s+[0-9a-f]{32}");
        p.line("  request ids\\s+\\[req_local_[0-9a-f]+\\]");
    }

    @Test
    void aRefusedKeyPrintsTheErrorWithItsIdsAndExitsOne() throws Exception {
        String key = "sk-test-refused-0123456789abcdefghij";
        Printed p = new Printed();
        int status;
        RecordedRequest sent;
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                    .setHeader("x-request-id", "req_refused_1")
                    .setBody("{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\","
                            + "\"param\":null,\"code\":\"invalid_api_key\"}}"));
            status = NativeCompactExample.run(Map.of("OPENAI_API_KEY", key,
                    "OPENAI_BASE_URL", server.url("/v1").toString()), p.out, p.err);
            sent = server.takeRequest(0, TimeUnit.SECONDS);
            assertEquals(1, server.getRequestCount(), "a 401 is not retried");
        }

        assertEquals(1, status);
        assertEquals("/v1/responses/compact", sent.getPath());
        assertEquals("Bearer " + key, sent.getHeader("Authorization"));
        assertEquals("", p.out(), "no table for a failed compaction");
        String err = p.err();
        assertTrue(err.contains("Incorrect API key provided."), err);
        assertTrue(err.contains("req_refused_1"), "OpenAI's request id: " + err);
        assertTrue(err.matches("(?s).*\\b[0-9a-f]{32}\\b.*"), "the trace id: " + err);
        assertFalse(err.contains(key), "the key leaked into the message: " + err);
    }
}
