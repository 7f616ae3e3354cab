package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.conversation.ResponsesItems;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged journals: each error is one line naming the file, the line and the item; a journal cut
 * short by a crash is read up to its last whole entry.
 */
class JournalErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static AgentRun run;
    static List<String> lines;

    @BeforeAll
    static void run() throws Exception {
        run = AgentRun.run(dir.resolve("agent.journal.jsonl"), "agent_a", "openai", 12);
        lines = Files.readAllLines(run.journal);
        assertTrue(lines.size() >= 4, "enough entries to damage: " + lines.size());
    }

    static Path write(String name, List<String> content, boolean finalNewline) throws Exception {
        String text = String.join("\n", content) + (finalNewline ? "\n" : "");
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** The error is exactly one line, starting with the tool's name. */
    static String oneLine(Cli.Result r) {
        List<String> errLines = r.err().lines().toList();
        assertEquals(1, errLines.size(), r.toString());
        assertTrue(errLines.get(0).startsWith("compact4j: "), r.toString());
        return errLines.get(0);
    }

    @Test
    void aCutShortLastEntryIsLeftOutWithAWarning() throws Exception {
        List<String> cut = new ArrayList<>(lines);
        String last = cut.remove(cut.size() - 1);
        cut.add(last.substring(0, last.length() / 2));
        Path file = write("cut.jsonl", cut, false);
        Cli.Result r = Cli.run("journal", "show", file.toString(), "--json");
        assertEquals(0, r.code(), r.toString());
        assertEquals(lines.size() - 1, JSON.readTree(r.out()).size());
        String warning = oneLine(r);
        assertTrue(warning.startsWith("compact4j: warning: " + file + ":" + lines.size() + ": the last entry is cut short"), warning);
        assertTrue(warning.endsWith("read the " + (lines.size() - 1) + " whole entries before it"), warning);

        Cli.Result restored = Cli.run("journal", "restore", file.toString());
        assertEquals(0, restored.code(), restored.toString());
        assertEquals(ResponsesItems.toJson(run.beforeEach.get(lines.size() - 2)), restored.out().strip());

        Cli.Result strict = Cli.run("journal", "show", file.toString(), "--strict");
        assertEquals(ExitCode.BAD_INPUT, strict.code(), strict.toString());
        assertTrue(oneLine(strict).startsWith("compact4j: " + file + ":" + lines.size() + ": the last entry is cut short"));
    }

    @Test
    void aBrokenLineInTheMiddleIsAnError() throws Exception {
        List<String> broken = new ArrayList<>(lines);
        broken.set(1, broken.get(1).substring(0, 200));
        Path file = write("broken.jsonl", broken, true);
        Cli.Result r = Cli.run("journal", "show", file.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        String err = oneLine(r);
        assertTrue(err.startsWith("compact4j: " + file + ":2: not valid JSON: "), err);
        assertTrue(err.contains("column"), err);
    }

    @Test
    void anInvalidItemIsNamedByLineAndIndex() throws Exception {
        List<String> bad = new ArrayList<>(lines);
        JsonNode entry = JSON.readTree(bad.get(2));
        // the fourth item of the third entry: a tool output whose call id is a number
        com.fasterxml.jackson.databind.node.ObjectNode item = (com.fasterxml.jackson.databind.node.ObjectNode) entry.path("items").get(1);
        assertEquals("function_call_output", item.path("type").asText());
        item.put("call_id", 42);
        bad.set(2, entry.toString());
        Path file = write("bad-item.jsonl", bad, true);
        Cli.Result r = Cli.run("journal", "restore", file.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        String err = oneLine(r);
        assertTrue(err.startsWith("compact4j: " + file + ":3: in its items: item 1, field 'call_id'"), err);
    }

    @Test
    void missingAndMistypedFields() throws Exception {
        String first = lines.get(0);
        Object[][] cases = {
            {first.replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"yesterday\""), "field 'time': \"yesterday\" is not an ISO-8601 instant"},
            {first.replaceFirst("\"strategy\":\"masking\",", ""), "field 'strategy': missing"},
            {first.replaceFirst("\"items\":\\[", "\"items\":{\"x\":[").replaceFirst("\\]}$", "]}}"), "field 'items': expected an array of items but found an object"},
            {"[1,2,3]", "expected a JSON object"},
            {first.replaceFirst("\"trace_id\":\"[0-9a-f]+\"", "\"trace_id\":7"), "field 'trace_id': expected a string but found a number"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path file = write("field-" + i + ".jsonl", List.of((String) cases[i][0]), true);
            Cli.Result r = Cli.run("journal", "show", file.toString());
            assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
            String err = oneLine(r);
            assertTrue(err.startsWith("compact4j: " + file + ":1: "), err);
            assertTrue(err.contains((String) cases[i][1]), err);
        }
    }

    @Test
    void missingFileAndDirectory() {
        Cli.Result missing = Cli.run("journal", "show", dir.resolve("nope.jsonl").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.code());
        assertEquals("compact4j: " + dir.resolve("nope.jsonl") + ": no such file", oneLine(missing));
        Cli.Result directory = Cli.run("journal", "report", dir.toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(ExitCode.BAD_INPUT, directory.code());
        assertTrue(oneLine(directory).endsWith("is a directory, not a journal file"));
    }

    @Test
    void usageErrorsExitTwo() {
        Cli.Result noFile = Cli.run("journal", "show");
        assertEquals(ExitCode.USAGE, noFile.code(), noFile.toString());
        assertTrue(noFile.err().contains("Missing required parameter"), noFile.err());
        assertEquals(ExitCode.USAGE, Cli.run("journal").code());
        assertEquals(ExitCode.USAGE, Cli.run().code());
        assertEquals(ExitCode.USAGE, Cli.run("journal", "show", "x", "--bogus").code());
        assertEquals(ExitCode.USAGE, Cli.run("journal", "report", run.journal.toString()).code(), "-o is required");
    }

    @Test
    void everyCommandHasHelp() {
        String[][] commands = {{}, {"journal"}, {"journal", "show"}, {"journal", "restore"}, {"journal", "report"},
            {"logs"}, {"compact"}};
        for (String[] c : commands) {
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            Cli.Result r = Cli.run(args);
            assertEquals(0, r.code(), String.join(" ", args) + "\n" + r);
            assertTrue(r.out().startsWith("Usage: compact4j"), r.out());
        }
    }
}
