package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Runs LocalServerSummarizingExample without a server (it prints how to run it and exits 0), with
 * bad options (exit 2 and what is wrong), against the stand-in server as its local OpenAI-compatible
 * server (the summary table), and against a server that fails (exit 1 and the server's words).
 */
class LocalServerSummarizingExampleTest {

    private static final int SESSION_ITEMS = MaskingExample.load(MaskingExample.CONVERSATION).size();

    @Test
    void withoutABaseUrlItPrintsHowToRunItAndExitsCleanly() {
        Printed p = new Printed();
        assertEquals(0, LocalServerSummarizingExample.run(new String[0], Map.of(), p.out, p.err));
        assertTrue(p.out().contains("--base-url http://localhost:11434/v1 --model"), p.out());
        assertTrue(p.out().contains("COMPACT4J_BASE_URL and COMPACT4J_MODEL"), p.out());
        assertEquals("", p.err());
    }

    @Test
    void aBaseUrlWithoutAModelIsRefused() {
        Printed p = new Printed();
        assertEquals(2, LocalServerSummarizingExample.run(new String[] {"--base-url", "http://localhost:9/v1"}, Map.of(),
                p.out, p.err));
        assertTrue(p.err().startsWith("--model (or COMPACT4J_MODEL) is required with --base-url"), p.err());
        assertEquals("", p.out());
    }

    @Test
    void anUnknownOptionOrABadNumberIsRefusedWithTheUsage() {
        Printed unknown = new Printed();
        assertEquals(2, LocalServerSummarizingExample.run(new String[] {"--frobnicate", "1"}, Map.of(), unknown.out,
                unknown.err));
        assertTrue(unknown.err().startsWith("unknown option --frobnicate"), unknown.err());
        assertTrue(unknown.out().contains("Options: --context-window N"), "the usage follows: " + unknown.out());

        Printed bad = new Printed();
        assertEquals(2, LocalServerSummarizingExample.run(new String[0], Map.of("COMPACT4J_CONTEXT_WINDOW", "lots"),
                bad.out, bad.err));
        assertTrue(bad.err().startsWith("--context-window must be a positive number of tokens, got 'lots'"), bad.err());
    }

    /** Settings the parser accepts but the library cannot work with: its message, the usage, exit 2, no stack trace. */
    @Test
    void aWindowTooSmallToSummarizeInOrAnUnusableUrlIsRefusedWithTheLibrarysReason() {
        Printed small = new Printed();
        assertEquals(2, LocalServerSummarizingExample.run(new String[] {"--base-url", "http://localhost:9/v1", "--model",
                "m", "--context-window", "8192"}, Map.of(), small.out, small.err));
        assertTrue(small.err().startsWith("summarizerContextWindow (8192) is too small"), small.err());
        assertTrue(small.out().contains("Options: --context-window N"), "the usage follows: " + small.out());

        Printed url = new Printed();
        assertEquals(2, LocalServerSummarizingExample.run(new String[] {"--base-url", "localhost:11434", "--model", "m"},
                Map.of(), url.out, url.err));
        assertTrue(url.err().contains("localhost:11434"), "the message names the URL: " + url.err());
    }

    @Test
    void againstALocalServerItPrintsTheSummaryThatReplacedTheMiddle() throws Exception {
        Printed p = new Printed();
        int status;
        int calls;
        String url;
        try (StandInServer server = new StandInServer()) {
            url = server.baseUrl(true);
            status = LocalServerSummarizingExample.run(new String[] {"--base-url", url, "--model", "stand-in-model",
                    "--keep-recent-tokens=6_000"}, Map.of("COMPACT4J_CONTEXT_WINDOW", "24576"), p.out, p.err);
            calls = server.calls();
        }

        assertEquals(0, status, p.err());
        assertTrue(p.err().startsWith("compacting " + SESSION_ITEMS + " items through "), p.err());
        assertTrue(p.out().contains("through stand-in-model at " + url + ", keepRecentTokens=6000,"
                + " summarizerContextWindow=24576"), "the title names the settings from options and environment:\n" + p.out());

        Matcher items = p.line("  items\\s+([\\d,]+)\\s+([\\d,]+)");
        long before = number(items.group(1));
        long after = number(items.group(2));
        assertEquals(SESSION_ITEMS, before);
        assertTrue(after < before, items.group());
        assertEquals(before - (after - 1), number(p.line("  summarized items\\s+([\\d,]+)").group(1)),
                "one summary message stands for the items it replaced");
        Matcher tokens = p.line("  tokens\\s+([\\d,]+)\\s+([\\d,]+)");
        assertTrue(number(tokens.group(2)) < number(tokens.group(1)), tokens.group());

        assertEquals(SummarizingFallbackCompactor.NAME, p.line("  strategy\\s+(\\S+)").group(1));
        assertEquals(calls, Integer.parseInt(p.line("  model calls\\s+(\\d+)").group(1)), "each call to the server counted");
        assertTrue(calls > 0);
        p.line("  request ids\\s+\\[req_local_.*\\]");
        p.line("  unpaired calls/results: 0 before, 0 after; head and tail verbatim: yes");

        List<String> lines = p.out().lines().toList();
        int at = lines.indexOf("  the summary that replaced the middle:");
        assertTrue(at > 0, p.out());
        String summary = String.join("\n", lines.subList(at + 1, lines.size()));
        assertTrue(summary.contains(StandInServer.SUMMARY), "the server's summary is printed:\n" + summary);
    }

    @Test
    void aFailingServerGivesItsWordsAndExitsOne() throws Exception {
        Printed p = new Printed();
        int status;
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                    .setBody("{\"error\":{\"message\":\"model 'no-such-model' not found\",\"type\":\"invalid_request_error\"}}"));
            status = LocalServerSummarizingExample.run(new String[0], Map.of("COMPACT4J_BASE_URL",
                    server.url("/v1").toString(), "COMPACT4J_MODEL", "no-such-model"), p.out, p.err);
            assertEquals(1, server.getRequestCount(), "a 400 is not retried");
        }

        assertEquals(1, status);
        assertEquals("", p.out(), "no table for a failed compaction");
        assertTrue(p.err().contains("model 'no-such-model' not found"), p.err());
        assertTrue(p.err().matches("(?s).*\\b[0-9a-f]{32}\\b.*"), "the trace id: " + p.err());
    }
}
