package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.ResponsesItems;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started with {@code java -jar}, on journals and logs the library wrote. */
class CliJarIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Scenario run;
    static String trace;

    @BeforeAll
    static void run() throws Exception {
        run = Scenario.run(dir, Logs.shipped("logback-json.xml"), "app.jsonl");
        trace = JSON.readTree(Files.readAllLines(run.a.journal).get(0)).path("trace_id").asText();
    }

    @Test
    void helpOnEveryCommandAndTheVersion() {
        String[][] commands = {{}, {"journal"}, {"journal", "show"}, {"journal", "restore"}, {"journal", "report"},
            {"logs"}, {"compact"}};
        for (String[] c : commands) {
            List<String> args = new ArrayList<>(List.of(c));
            args.add("--help");
            Cli.Result r = Jar.run(dir, args.toArray(String[]::new));
            assertEquals(0, r.code(), args + "\n" + r);
            assertTrue(r.out().startsWith("Usage: compact4j"), r.out());
            assertTrue(r.out().contains("Exit codes:") || c.length == 1 && c[0].equals("journal"), args + "\n" + r.out());
        }
        Cli.Result v = Jar.run(dir, "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("compact4j-cli 0.1.0-SNAPSHOT"), v.out());
    }

    @Test
    void journalShowWithTheLogs() throws Exception {
        Cli.Result r = Jar.run(dir, "journal", "show", run.a.journal.toString(), "--logs", run.log.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode rows = JSON.readTree(r.out());
        List<JournalEntry> entries = CompactionJournal.jsonLines(run.a.journal).entries();
        assertEquals(entries.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(entries.get(i).traceId(), rows.get(i).path("trace_id").asText());
            // a journal that carries its own figures is believed first; an older one's come from the log
            assertEquals(entries.get(i).tokensBefore().isPresent() ? "journal" : "log",
                    rows.get(i).path("figures_from").asText());
        }
        Cli.Result table = Jar.run(dir, "journal", "show", run.a.journal.toString());
        assertEquals(0, table.code());
        assertTrue(table.out().contains(trace), table.out());
    }

    @Test
    void journalRestoreGivesTheOriginalItems() throws Exception {
        Path current = Files.writeString(dir.resolve("current.json"), run.a.convo.toResponsesJson());
        Path out = dir.resolve("restored.json");
        Cli.Result r = Jar.run(dir, "journal", "restore", run.a.journal.toString(), "--current", current.toString(),
                "--logs", run.log.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(ResponsesItems.toJson(run.a.convo.originalItems()), Files.readString(out).strip());
        Cli.Result at1 = Jar.run(dir, "journal", "restore", run.a.journal.toString(), "--at", "1");
        assertEquals(ResponsesItems.toJson(run.a.beforeEach.get(0)), at1.out().strip());
        assertTrue(at1.out().contains("seed=9137"), "the fact masking removed is back");
    }

    @Test
    void logsFiltersAndExitCodes() throws Exception {
        Cli.Result r = Jar.run(dir, "logs", run.log.toString(), "--trace", trace, "--json");
        assertEquals(0, r.code(), r.toString());
        List<String> expected = Files.readAllLines(run.log).stream().filter(l -> l.contains(trace)).toList();
        assertEquals(expected, r.out().lines().toList());
        Cli.Result none = Jar.run(dir, "logs", run.log.toString(), "--trace", "00000000000000000000000000000000");
        assertEquals(ExitCode.NO_MATCH, none.code());
        assertEquals("", none.out());
        assertEquals(ExitCode.USAGE, Jar.run(dir, "logs", run.log.toString(), "--level", "LOUD").code());
    }

    @Test
    void malformedAndTruncatedJournals() throws Exception {
        List<String> lines = Files.readAllLines(run.a.journal);
        List<String> broken = new ArrayList<>(lines);
        broken.set(1, "{\"trace_id\":");
        Path bad = Files.write(dir.resolve("bad.jsonl"), broken);
        Cli.Result r = Jar.run(dir, "journal", "show", bad.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("compact4j: " + bad + ":2: not valid JSON"), r.err());

        String all = String.join("\n", lines);
        Path cut = Files.writeString(dir.resolve("cut.jsonl"), all.substring(0, all.length() - 40));
        Cli.Result t = Jar.run(dir, "journal", "show", cut.toString(), "--json");
        assertEquals(0, t.code(), t.toString());
        assertEquals(lines.size() - 1, JSON.readTree(t.out()).size());
        assertTrue(t.err().startsWith("compact4j: warning: " + cut + ":" + lines.size() + ": the last entry is cut short"), t.err());
    }

    @Test
    void compactMasksOfflineWithoutAKey() throws Exception {
        Path session = Files.writeString(dir.resolve("session.json"), ResponsesItems.toJson(run.a.appended));
        Cli.Result r = Jar.run(dir, "compact", session.toString(), "--provider", "openai", "--model", "gpt-5.1");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("no OPENAI_API_KEY set: masking offline"), r.err());
        assertTrue(r.out().contains("  strategy               masking"), r.out());
        assertEquals(run.a.appended.size(), ResponsesItems.fromJson(Files.readString(dir.resolve("session.compacted.json"))).size());
    }

    @Test
    void followPrintsNewLinesAsTheyComeIn() throws Exception {
        List<String> all = Files.readAllLines(run.log);
        Path growing = Files.writeString(dir.resolve("growing.jsonl"), String.join("\n", all.subList(0, 2)) + "\n");
        Process p = Jar.builder(dir, "logs", growing.toString(), "--follow", "--json", "--trace", trace)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    seen.add(l);
                }
            } catch (java.io.IOException ignored) {
                // the process was stopped
            }
        });
        reader.start();
        try {
            Files.writeString(growing, String.join("\n", all.subList(2, all.size())) + "\n", StandardOpenOption.APPEND);
            List<String> expected = all.stream().filter(l -> l.contains(trace)).toList();
            for (int i = 0; i < 1200 && seen.size() < expected.size(); i++) {
                Thread.sleep(50);
            }
            assertEquals(expected, List.copyOf(seen));
            assertTrue(p.isAlive(), "still following");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
    }
}
