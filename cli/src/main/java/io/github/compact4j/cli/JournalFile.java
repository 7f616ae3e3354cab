package io.github.compact4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A compaction journal file, read with errors that say where: the file, the line, the item.
 *
 * <p>The library's own reader ({@code CompactionJournal.jsonLines(path).entries()}) fails on a
 * cut-short last line, which is exactly what a process killed mid-write leaves behind. Here a last
 * line without its end of line that does not parse is reported as a warning and the entries
 * before it are kept; a bad line anywhere else is an error.
 *
 * <p>Besides the fields the library writes today ({@code trace_id}, {@code time},
 * {@code strategy}, {@code items}), each line's {@code items_before}, {@code items_after},
 * {@code tokens_before} and {@code tokens_after} are read when present, so a journal that records
 * them needs no log file to show them.
 */
final class JournalFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One entry and where it was read.
     *
     * @param line its 1-based line number
     * @param entry the entry
     * @param recorded the figures the line itself holds, when the journal records them
     */
    record Record(int line, JournalEntry entry, Figures recorded) {}

    /**
     * Before and after figures of one compaction; null where unknown.
     *
     * @param itemsBefore items the compaction was given
     * @param itemsAfter items it left
     * @param tokensBefore tokens it was given
     * @param tokensAfter tokens it left
     */
    record Figures(Integer itemsBefore, Integer itemsAfter, Integer tokensBefore, Integer tokensAfter) {
        static final Figures NONE = new Figures(null, null, null, null);

        boolean any() {
            return itemsBefore != null || itemsAfter != null || tokensBefore != null || tokensAfter != null;
        }
    }

    final Path file;
    final List<Record> records;
    /** Whether a cut-short last line was left out. */
    final boolean truncated;

    private JournalFile(Path file, List<Record> records, boolean truncated) {
        this.file = file;
        this.records = List.copyOf(records);
        this.truncated = truncated;
    }

    /** @return the entries, oldest first */
    List<JournalEntry> entries() {
        return records.stream().map(Record::entry).toList();
    }

    /**
     * @param file the journal
     * @param strict whether a cut-short last line is an error rather than a warning
     * @param warn where the warning goes
     * @return the journal's whole entries
     * @throws CliException naming the file, line and item, when it cannot be read
     */
    static JournalFile read(Path file, boolean strict, Consumer<String> warn) {
        if (Files.isDirectory(file)) {
            throw CliException.badInput(file + ": is a directory, not a journal file");
        }
        boolean endsWithNewline = endsWithNewline(file);
        List<Record> records = new ArrayList<>();
        boolean truncated = false;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            int n = 0;
            while (line != null) {
                n++;
                String next = r.readLine();
                boolean last = next == null;
                if (!line.isBlank()) {
                    try {
                        records.add(parse(file, n, line));
                    } catch (CliException e) {
                        if (last && !endsWithNewline && e.getCause() instanceof JsonProcessingException) {
                            String msg = file + ":" + n + ": the last entry is cut short (" + line.length()
                                    + " characters without an end of line: was the process stopped while writing it?)";
                            if (strict) {
                                throw CliException.badInput(msg);
                            }
                            warn.accept(msg + "; read the " + (records.size() == 1 ? "whole entry" : records.size() + " whole entries")
                                    + " before it");
                            truncated = true;
                        } else {
                            throw e;
                        }
                    }
                }
                line = next;
            }
        } catch (NoSuchFileException e) {
            throw CliException.badInput(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliException.badInput(file + ": permission denied");
        } catch (java.nio.charset.MalformedInputException e) {
            throw CliException.badInput(file + ": not UTF-8 text; is it a journal?");
        } catch (IOException e) {
            throw CliException.badInput(file + ": cannot be read: " + e.getMessage());
        }
        return new JournalFile(file, records, truncated);
    }

    private static boolean endsWithNewline(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len == 0) {
                return true;
            }
            raf.seek(len - 1);
            return raf.read() == '\n';
        } catch (IOException e) {
            return true; // the reader will report it
        }
    }

    private static Record parse(Path file, int n, String line) {
        String at = file + ":" + n + ": ";
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.BAD_INPUT, at + "not valid JSON: " + e.getOriginalMessage()
                    + " at column " + e.getLocation().getColumnNr(), e);
        }
        if (node == null || !node.isObject()) {
            throw CliException.badInput(at + "expected a JSON object {\"trace_id\":..,\"time\":..,\"strategy\":..,\"items\":[..]}"
                    + " but found " + kind(node));
        }
        JsonNode trace = node.get("trace_id");
        if (trace != null && !trace.isNull() && !trace.isTextual()) {
            throw CliException.badInput(at + "field 'trace_id': expected a string but found " + kind(trace));
        }
        JsonNode time = node.get("time");
        if (time == null || !time.isTextual()) {
            throw CliException.badInput(at + "field 'time': " + (time == null ? "missing" : "expected a string but found " + kind(time)));
        }
        Instant instant;
        try {
            instant = Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            throw CliException.badInput(at + "field 'time': \"" + time.asText() + "\" is not an ISO-8601 instant such as 2026-11-23T10:15:30Z");
        }
        JsonNode strategy = node.get("strategy");
        if (strategy == null || !strategy.isTextual()) {
            throw CliException.badInput(at + "field 'strategy': " + (strategy == null ? "missing" : "expected a string but found " + kind(strategy)));
        }
        JsonNode items = node.get("items");
        if (items == null || !items.isArray()) {
            throw CliException.badInput(at + "field 'items': " + (items == null ? "missing" : "expected an array of items but found " + kind(items)));
        }
        List<Item> parsed = Core.convert(() -> ResponsesItems.fromJsonNode(items),
                problem -> CliException.badInput(at + "in its items: " + problem));
        Figures recorded = new Figures(count(at, node, "items_before"), count(at, node, "items_after"),
                count(at, node, "tokens_before"), count(at, node, "tokens_after"));
        return new Record(n, JournalEntry.of(trace == null || trace.isNull() ? null : trace.asText(), instant,
                strategy.asText(), parsed), recorded);
    }

    private static Integer count(String at, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw CliException.badInput(at + "field '" + field + "': expected a count but found " + v);
        }
        return v.asInt();
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
