package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.logging.TracingCompactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logs} on logs written by the library through real logback configurations. */
class LogsCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Scenario json;
    static Scenario logstash;
    static Scenario console;
    /** The trace id of a compaction that failed with an exception, in each of the three logs. */
    static String failedJson;
    static String failedConsole;

    @BeforeAll
    static void run() throws Exception {
        json = Scenario.run(Files.createDirectories(dir.resolve("json")), Logs.shipped("logback-json.xml"), "app.jsonl");
        logstash = Scenario.run(Files.createDirectories(dir.resolve("logstash")),
                Path.of(LogsCommandTest.class.getResource("/logback-logstash-test.xml").toURI()), "app.json");
        console = Scenario.run(Files.createDirectories(dir.resolve("console")), Logs.shipped("logback-console.xml"), "app.log");
        String[] t = new String[1];
        Logs.writeWhile(Logs.shipped("logback-json.xml"), json.log, () -> t[0] = failingCompaction());
        failedJson = t[0];
        Logs.writeWhile(Logs.shipped("logback-console.xml"), console.log, () -> t[0] = failingCompaction());
        failedConsole = t[0];
    }

    /** A compaction whose strategy throws: the library logs it at WARN with the exception attached. */
    static String failingCompaction() {
        ContextCompactor broken = new ContextCompactor() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public CompactionResult compact(CompactionRequest request) {
                throw new IllegalStateException("disk full while compacting");
            }
        };
        String trace = "0af7651916cd43dd8448eb211c80319c";
        try {
            TracingCompactor.builder(broken).attribute("backend", "ollama").build().compact(CompactionRequest.builder()
                    .model("qwen2.5-coder").items(List.of(Message.user("hi"))).attribute("agent_id", "agent_c")
                    .traceId(trace).build());
        } catch (RuntimeException expected) {
            return trace;
        }
        throw new AssertionError("the compaction should have failed");
    }

    static List<String> lines(Path file, Predicate<JsonNode> keep) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (keep.test(JSON.readTree(l))) {
                out.add(l);
            }
        }
        return out;
    }

    static Predicate<JsonNode> mdc(String key, String value) {
        return n -> value.equals(n.path("mdc").path("compact4j." + key).asText(null))
                || value.equals(n.path("compact4j." + key).asText(null));
    }

    @Test
    void traceKeepsExactlyThatTracesLinesAsTheyWere() throws Exception {
        String trace = json.a.convo.items().isEmpty() ? null : firstTrace(json.a);
        List<String> expected = lines(json.log, mdc("trace_id", trace));
        assertTrue(expected.size() >= 2, "a fallback WARN line and the INFO line: " + expected);
        Cli.Result r = Cli.run("logs", json.log.toString(), "--trace", trace, "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(expected, r.out().lines().toList());

        Cli.Result readable = Cli.run("logs", json.log.toString(), "--trace", trace, "--zone", "UTC");
        List<String> shown = readable.out().lines().toList();
        assertEquals(expected.size(), shown.size(), readable.toString());
        for (int i = 0; i < shown.size(); i++) {
            JsonNode n = JSON.readTree(expected.get(i));
            String time = Instant.ofEpochMilli(n.path("timestamp").asLong()).toString().replace('T', ' ').replace("Z", "");
            assertTrue(shown.get(i).startsWith(time.length() == 19 ? time + ".000" : time), shown.get(i));
            assertTrue(shown.get(i).contains(" trace=" + trace + " agent=agent_a backend=openai "), shown.get(i));
            assertTrue(shown.get(i).contains(" - " + n.path("formattedMessage").asText()), shown.get(i));
        }
    }

    static String firstTrace(AgentRun run) throws Exception {
        return JSON.readTree(Files.readAllLines(run.journal).get(0)).path("trace_id").asText();
    }

    @Test
    void agentBackendAndMdcFilters() throws Exception {
        Cli.Result b = Cli.run("logs", json.log.toString(), "--agent", "agent_b", "--json");
        assertEquals(lines(json.log, mdc("agent_id", "agent_b")), b.out().lines().toList());
        Cli.Result openai = Cli.run("logs", json.log.toString(), "--backend", "openai", "--json");
        assertEquals(lines(json.log, mdc("backend", "openai")), openai.out().lines().toList());
        Cli.Result either = Cli.run("logs", json.log.toString(), "--agent", "agent_a", "--agent", "agent_b", "-c");
        assertEquals(lines(json.log, mdc("agent_id", "agent_a").or(mdc("agent_id", "agent_b"))).size(),
                Integer.parseInt(either.out().strip()));
        Cli.Result none = Cli.run("logs", json.log.toString(), "--agent", "agent_a", "--backend", "anthropic");
        assertEquals(ExitCode.NO_MATCH, none.code(), none.toString());
        assertEquals("", none.out());
        Cli.Result strategy = Cli.run("logs", json.log.toString(), "--mdc", "strategy=masking", "--json");
        assertEquals(lines(json.log, mdc("strategy", "masking")), strategy.out().lines().toList());
        assertFalse(strategy.out().isEmpty());
    }

    @Test
    void levelKeepsThatLevelAndAbove() throws Exception {
        Cli.Result warn = Cli.run("logs", json.log.toString(), "--level", "WARN", "--json");
        List<String> expected = lines(json.log, n -> n.path("level").asText().equals("WARN") || n.path("level").asText().equals("ERROR"));
        assertFalse(expected.isEmpty());
        assertEquals(expected, warn.out().lines().toList());
        Cli.Result debug = Cli.run("logs", logstash.log.toString(), "--level", "debug", "-c");
        assertEquals(Files.readAllLines(logstash.log).size(), Integer.parseInt(debug.out().strip()));
        Cli.Result info = Cli.run("logs", logstash.log.toString(), "--level", "INFO", "--json");
        assertEquals(lines(logstash.log, n -> !n.path("level").asText().equals("DEBUG")), info.out().lines().toList());
    }

    @Test
    void sinceAndUntilSplitTheLogAtAnInstant() throws Exception {
        List<String> all = Files.readAllLines(json.log);
        long middle = JSON.readTree(all.get(all.size() / 2)).path("timestamp").asLong();
        String at = Instant.ofEpochMilli(middle).toString();
        List<String> after = lines(json.log, n -> n.path("timestamp").asLong() >= middle);
        List<String> before = lines(json.log, n -> n.path("timestamp").asLong() < middle);
        assertEquals(after, Cli.run("logs", json.log.toString(), "--since", at, "--json").out().lines().toList());
        assertEquals(before, Cli.run("logs", json.log.toString(), "--until", at, "--json").out().lines().toList());
        Cli.Result ago = Cli.run("logs", json.log.toString(), "--since", "1d", "-c");
        assertEquals(all.size(), Integer.parseInt(ago.out().strip()), "everything was written within a day");
        assertEquals(ExitCode.USAGE, Cli.run("logs", json.log.toString(), "--since", "last tuesday").code());
    }

    @Test
    void logstashLines() throws Exception {
        String trace = firstTrace(logstash.a);
        Cli.Result r = Cli.run("logs", logstash.log.toString(), "--trace", trace, "--json");
        assertEquals(lines(logstash.log, mdc("trace_id", trace)), r.out().lines().toList());
        Cli.Result readable = Cli.run("logs", logstash.log.toString(), "--trace", trace, "--level", "INFO");
        String line = readable.out().lines().filter(l -> l.contains("compaction succeeded")).findFirst().orElseThrow();
        assertTrue(line.contains("agent=agent_a backend=openai"), line);
        assertTrue(line.contains("tokens_before="), line);
    }

    @Test
    void consolePatternLines() throws Exception {
        String trace = firstTrace(console.a);
        List<String> expected = Files.readAllLines(console.log).stream().filter(l -> l.contains("trace=" + trace)).toList();
        Cli.Result r = Cli.run("logs", console.log.toString(), "--trace", trace);
        assertEquals(0, r.code(), r.toString());
        assertEquals(expected, r.out().lines().toList());
        Cli.Result asJson = Cli.run("logs", console.log.toString(), "--trace", trace, "--level", "INFO", "--json");
        JsonNode n = JSON.readTree(asJson.out().lines().filter(l -> l.contains("compaction succeeded")).findFirst().orElseThrow());
        assertEquals(trace, n.path("mdc").path("compact4j.trace_id").asText());
        assertEquals("agent_a", n.path("mdc").path("compact4j.agent_id").asText());
        assertEquals("INFO", n.path("level").asText());
        assertTrue(n.path("formattedMessage").asText().startsWith("compaction succeeded: masking"), n.toString());
        assertTrue(n.path("kvpList").toString().contains("{\"tokens_after\":\""), n.toString());
        // the console pattern has only a time of day: --since compares with it, in the zone it was written in
        List<String> headers = Files.readAllLines(console.log).stream().filter(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
        String middle = headers.get(headers.size() / 2).substring(0, 12);
        long later = headers.stream().filter(l -> l.substring(0, 12).compareTo(middle) >= 0).count();
        Cli.Result since = Cli.run("logs", console.log.toString(), "--since", middle, "--zone",
                java.time.ZoneId.systemDefault().getId(), "-c");
        assertEquals(later, Long.parseLong(since.out().strip()), since.toString());
        Cli.Result backend = Cli.run("logs", console.log.toString(), "--backend", "openai");
        assertEquals(ExitCode.NO_MATCH, backend.code());
        assertTrue(backend.err().contains("plain-text lines carry no backend"), backend.err());
    }

    @Test
    void stackTracesComeWithTheirLine() throws Exception {
        Cli.Result text = Cli.run("logs", console.log.toString(), "--trace", failedConsole);
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("compaction failed"), text.out());
        assertTrue(text.out().contains("java.lang.IllegalStateException: disk full while compacting"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("\tat ")), text.out());
        // the next event of the log is not part of it
        assertEquals(1, text.out().lines().filter(l -> l.matches("^\\d\\d:\\d\\d.*")).count(), text.out());

        Cli.Result json = Cli.run("logs", LogsCommandTest.json.log.toString(), "--trace", failedJson, "--agent", "agent_c",
                "--backend", "ollama");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().contains("java.lang.IllegalStateException: disk full while compacting"), json.out());
        assertTrue(json.out().lines().anyMatch(l -> l.startsWith("\tat ")), json.out());
    }

    @Test
    void valuesJsonEscapesAreFoundToo() throws Exception {
        Path log = dir.resolve("odd.jsonl");
        String agent = "ops/agent \"7\"";
        Logs.writeWhile(Logs.shipped("logback-json.xml"), log,
                () -> AgentRun.run(dir.resolve("odd.journal.jsonl"), agent, "openai", 6));
        List<String> expected = lines(log, mdc("agent_id", agent));
        assertFalse(expected.isEmpty());
        assertEquals(expected, Cli.run("logs", log.toString(), "--agent", agent, "--json").out().lines().toList());
    }

    @Test
    void malformedLinesAreSkippedWithTheirPlace() throws Exception {
        List<String> content = new ArrayList<>(Files.readAllLines(json.log));
        content.add(2, "Exception in thread \"main\" java.lang.OutOfMemoryError");
        content.add(4, "{\"level\":\"WARN\",\"mdc\":{");
        Path file = Files.writeString(dir.resolve("damaged.jsonl"), String.join("\n", content) + "\n{\"level\":\"IN");
        Cli.Result r = Cli.run("logs", file.toString(), "-c");
        assertEquals(0, r.code(), r.toString());
        assertEquals(content.size() - 2, Integer.parseInt(r.out().strip()));
        List<String> warnings = r.err().lines().toList();
        assertEquals(3, warnings.size(), r.err());
        assertTrue(warnings.get(0).startsWith("compact4j: warning: " + file + ":3: skipped: not a log line"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("compact4j: warning: " + file + ":5: skipped: not valid JSON"), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("compact4j: warning: " + file + ":" + (content.size() + 1)
                + ": the last line is cut short"), warnings.get(2));

        Cli.Result strict = Cli.run("logs", file.toString(), "--strict");
        assertEquals(ExitCode.BAD_INPUT, strict.code());
        assertEquals("compact4j: " + file + ":3: not a log line: neither a JSON object nor a line of the console pattern",
                strict.err().strip());
    }

    @Test
    void aRolledOverGzipLogReadsLikeThePlainOne() throws Exception {
        Path gz = dir.resolve("app.2026-12-03.0.jsonl.gz");
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(json.log, o);
        }
        String trace = firstTrace(json.b);
        Cli.Result plain = Cli.run("logs", json.log.toString(), "--trace", trace, "--zone", "UTC");
        Cli.Result zipped = Cli.run("logs", gz.toString(), "--trace", trace, "--zone", "UTC");
        assertEquals(0, zipped.code(), zipped.toString());
        assertEquals(plain.out(), zipped.out());
        assertEquals(ExitCode.USAGE, Cli.run("logs", gz.toString(), "--follow").code());
        Path broken = Files.write(dir.resolve("broken.jsonl.gz"), java.util.Arrays.copyOf(Files.readAllBytes(gz), 100));
        Cli.Result r = Cli.run("logs", broken.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().startsWith("compact4j: " + broken + ": not a whole gzip file"), r.err());
    }

    @Test
    void severalFilesAreNamedOnEachLine() throws Exception {
        Cli.Result r = Cli.run("logs", json.log.toString(), logstash.log.toString(), "--agent", "agent_b", "--level", "INFO");
        assertEquals(0, r.code());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(json.log + ":")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(logstash.log + ":")), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith(json.log + ":") || l.startsWith(logstash.log + ":")));
    }

    @Test
    void usageAndInputErrors() {
        assertEquals(ExitCode.USAGE, Cli.run("logs").code());
        assertEquals(ExitCode.USAGE, Cli.run("logs", json.log.toString(), "--level", "LOUD").code());
        assertEquals(ExitCode.USAGE, Cli.run("logs", json.log.toString(), "--mdc", "novalue").code());
        assertEquals(ExitCode.USAGE, Cli.run("logs", json.log.toString(), "--zone", "Mars/Olympus").code());
        assertEquals(ExitCode.USAGE, Cli.run("logs", json.log.toString(), console.log.toString(), "--follow").code());
        Cli.Result missing = Cli.run("logs", dir.resolve("none.jsonl").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.code());
        assertEquals("compact4j: " + dir.resolve("none.jsonl") + ": no such file", missing.err().strip());
    }

    @Test
    void followPrintsLinesAsTheyAreWrittenAndStartsOverWhenTheFileShrinks() throws Exception {
        List<String> all = Files.readAllLines(json.log);
        String trace = firstTrace(json.b);
        List<String> ofTrace = lines(json.log, mdc("trace_id", trace));
        Path growing = Files.writeString(dir.resolve("growing.jsonl"), "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] code = {-1};
        Thread follower = new Thread(() -> code[0] = Main.run(new Io(out, err, Map.of()), Clock.systemUTC(),
                "logs", growing.toString(), "--follow", "--trace", trace, "--json"));
        follower.start();
        try {
            // written in two pieces, the second one ending mid-line: only whole lines are printed
            int half = all.size() / 2;
            Files.writeString(growing, String.join("\n", all.subList(0, half)) + "\n", StandardOpenOption.APPEND);
            String rest = String.join("\n", all.subList(half, all.size())) + "\n";
            Files.writeString(growing, rest.substring(0, rest.length() - 10), StandardOpenOption.APPEND);
            Files.writeString(growing, rest.substring(rest.length() - 10), StandardOpenOption.APPEND);
            awaitLines(out, ofTrace.size());
            assertEquals(ofTrace, out.toString(StandardCharsets.UTF_8).lines().toList());
            // rotated in place: truncated, then written again
            Files.writeString(growing, "");
            awaitText(err, "the file shrank");
            Files.writeString(growing, String.join("\n", all) + "\n", StandardOpenOption.APPEND);
            awaitLines(out, 2 * ofTrace.size());
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
        assertFalse(follower.isAlive());
        assertEquals(0, code[0], err.toString(StandardCharsets.UTF_8));
    }

    /** Waits for the follower; generous, because a slow machine is not what this test is about. */
    static void awaitLines(ByteArrayOutputStream out, int n) throws InterruptedException {
        for (int i = 0; i < 600 && out.toString(StandardCharsets.UTF_8).lines().count() < n; i++) {
            Thread.sleep(50);
        }
        assertEquals(n, out.toString(StandardCharsets.UTF_8).lines().count(), out.toString(StandardCharsets.UTF_8));
    }

    static void awaitText(ByteArrayOutputStream out, String text) throws InterruptedException {
        for (int i = 0; i < 600 && !out.toString(StandardCharsets.UTF_8).contains(text); i++) {
            Thread.sleep(50);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(text), out.toString(StandardCharsets.UTF_8));
    }
}
