package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.tokens.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal show} on journals and logs the library wrote. */
class JournalShowTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Scenario json;
    static Scenario logstash;
    static Scenario console;

    @BeforeAll
    static void run() throws Exception {
        json = Scenario.run(Files.createDirectories(dir.resolve("json")), Logs.shipped("logback-json.xml"), "app.jsonl");
        logstash = Scenario.run(Files.createDirectories(dir.resolve("logstash")),
                Path.of(JournalShowTest.class.getResource("/logback-logstash-test.xml").toURI()), "app.json");
        console = Scenario.run(Files.createDirectories(dir.resolve("console")), Logs.shipped("logback-console.xml"), "app.log");
    }

    /** The INFO "compaction succeeded" line of each trace, read with plain Jackson as jq would. */
    static Map<String, Map<String, String>> infoLines(Path log) throws Exception {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("formattedMessage").asText().startsWith("compaction succeeded")) {
                Map<String, String> kv = new HashMap<>();
                n.path("kvpList").forEach(p -> p.fields().forEachRemaining(e -> kv.put(e.getKey(), e.getValue().asText())));
                out.put(n.path("mdc").path("compact4j.trace_id").asText(), kv);
            }
        }
        return out;
    }

    @Test
    void oneRowPerCompactionWithTheLoggedFigures() throws Exception {
        Cli.Result r = Cli.run("journal", "show", json.a.journal.toString(), "--logs", json.log.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode rows = JSON.readTree(r.out());
        List<JournalEntry> entries = CompactionJournal.jsonLines(json.a.journal).entries();
        assertTrue(entries.size() >= 3, "the run compacts several times: " + entries.size());
        assertEquals(entries.size(), rows.size());
        assertEquals(json.a.beforeEach.size(), rows.size());
        Map<String, Map<String, String>> info = infoLines(json.log);
        TokenCounter counter = TokenCounter.defaultCounter();
        int first = 1;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            JournalEntry e = entries.get(i);
            assertEquals(i + 1, row.path("n").asInt());
            assertEquals(e.traceId(), row.path("trace_id").asText());
            assertEquals("masking", row.path("strategy").asText());
            assertEquals(e.items().size(), row.path("journaled").path("items").asInt());
            assertEquals(counter.count(e.items()), row.path("journaled").path("tokens").asInt());
            assertEquals(first, row.path("first_item").asInt());
            first += e.items().size();
            assertEquals(first - 1, row.path("last_item").asInt());
            Map<String, String> kv = info.get(e.traceId());
            assertEquals(kv.get("items_before"), row.path("items_before").asText());
            assertEquals(kv.get("items_after"), row.path("items_after").asText());
            assertEquals(kv.get("tokens_before"), row.path("tokens_before").asText());
            assertEquals(kv.get("tokens_after"), row.path("tokens_after").asText());
            assertEquals("journal", row.path("figures_from").asText(),
                    "the journal records the figures, and they agree with the INFO line above");
            assertEquals("agent_a", row.path("agent_id").asText());
            assertEquals("openai", row.path("backend").asText());
            // the native endpoint's 404 made the chain fall back to masking, with a WARN line of this trace
            assertTrue(row.path("warnings").size() >= 1, row.toString());
            assertTrue(row.path("warnings").get(0).asText().contains("falling back to masking"), row.toString());
        }
        // the first compaction journaled the tool output holding the fact
        assertTrue(rows.get(0).path("journaled").path("tool_outputs").asInt() >= 1);
    }

    @Test
    void withoutLogsTheFiguresTheJournalLacksAreLeftBlank() throws Exception {
        // the library's journal records them: no log needed
        for (JsonNode row : JSON.readTree(Cli.run("journal", "show", json.b.journal.toString(), "--json").out())) {
            assertEquals("journal", row.path("figures_from").asText(), row.toString());
            assertTrue(row.path("tokens_before").asInt() > row.path("tokens_after").asInt(), row.toString());
        }
        // a journal from before it did, read without logs: blanks, never estimates
        Path older = OlderJournals.withoutFigures(json.b.journal, dir);
        Cli.Result r = Cli.run("journal", "show", older.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        for (JsonNode row : JSON.readTree(r.out())) {
            assertTrue(row.path("tokens_before").isNull(), row.toString());
            assertTrue(row.path("items_after").isNull(), row.toString());
            assertTrue(row.path("figures_from").isNull(), row.toString());
            assertTrue(row.path("journaled").path("tokens").asInt() > 0);
        }
        Cli.Result text = Cli.run("journal", "show", older.toString());
        assertEquals(0, text.code(), text.toString());
        assertTrue(text.out().contains("give --logs"), text.out());
    }

    @Test
    void theTextTableHasTheTraceIdsAndFigures() throws Exception {
        Cli.Result r = Cli.run("journal", "show", json.b.journal.toString(), "--logs", json.log.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("#  time (UTC)"), lines.get(0));
        Map<String, Map<String, String>> info = infoLines(json.log);
        List<JournalEntry> entries = CompactionJournal.jsonLines(json.b.journal).entries();
        for (int i = 0; i < entries.size(); i++) {
            String row = lines.get(i + 1);
            Map<String, String> kv = info.get(entries.get(i).traceId());
            assertTrue(row.contains(entries.get(i).traceId()), row);
            assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%,d -> %,d",
                    Integer.parseInt(kv.get("tokens_before")), Integer.parseInt(kv.get("tokens_after")))), row);
            assertTrue(row.contains(kv.get("saved_pct") + "%"), row);
        }
    }

    @Test
    void logstashAndConsoleLogsGiveTheSameFigures() throws Exception {
        for (Scenario s : List.of(logstash, console)) {
            Path older = OlderJournals.withoutFigures(s.a.journal, dir);
            Cli.Result r = Cli.run("journal", "show", older.toString(), "--logs", s.log.toString(), "--json");
            assertEquals(0, r.code(), r.toString());
            JsonNode rows = JSON.readTree(r.out());
            assertEquals(s.a.beforeEach.size(), rows.size());
            for (JsonNode row : rows) {
                assertEquals("log", row.path("figures_from").asText(), s.log + ": " + row);
                assertTrue(row.path("tokens_before").asInt() > row.path("tokens_after").asInt(), row.toString());
            }
        }
        // only the logstash run logs at DEBUG, so only it knows how many outputs masking replaced
        JsonNode rows = JSON.readTree(Cli.run("journal", "show", logstash.b.journal.toString(), "--logs",
                logstash.log.toString(), "--json").out());
        assertTrue(rows.get(0).path("outputs_masked").asInt() >= 1, rows.get(0).toString());
        assertTrue(rows.get(0).path("described").asText().contains("masked "), rows.get(0).toString());
    }

    @Test
    void anEmptyJournalHasNoCompactions() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.journal.jsonl"));
        Cli.Result r = Cli.run("journal", "show", empty.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("no compactions"), r.out());
        assertEquals("[ ]", Cli.run("journal", "show", empty.toString(), "--json").out().strip());
    }

    @Test
    void journalFieldsWinOverTheLogs() throws Exception {
        // a journal that records its own figures, as the core could: they are shown as recorded
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(json.b.journal)) {
            lines.add(l.substring(0, l.length() - 1) + ",\"items_before\":7,\"items_after\":5,\"tokens_before\":900,\"tokens_after\":300}");
        }
        Path withFigures = Files.write(dir.resolve("with-figures.jsonl"), lines);
        JsonNode rows = JSON.readTree(Cli.run("journal", "show", withFigures.toString(), "--logs", json.log.toString(),
                "--json").out());
        assertEquals("journal", rows.get(0).path("figures_from").asText());
        assertEquals(600, rows.get(0).path("tokens_saved").asInt());
        assertEquals(66.7, rows.get(0).path("saved_pct").asDouble());
    }
}
