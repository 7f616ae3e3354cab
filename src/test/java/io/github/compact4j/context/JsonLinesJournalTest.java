package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import io.github.compact4j.logging.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines journal survives a crash mid-write, keeps its file private, and has one writer. */
class JsonLinesJournalTest {

    private static final String CONTEXT_LOGGER = "io.github.compact4j.context";
    /** Conversation content that must never reach a log line. */
    private static final String SECRET = "TOPSECRETcustomer4111111111111111";

    private static JournalEntry entry(int n) {
        List<Item> items = List.of(
                Message.user("step " + n + " " + SECRET),
                ToolCall.function("call_" + n, "read_file", "{\"path\":\"src/App" + n + ".java\"}"),
                ToolResult.functionOutput("call_" + n, "class App" + n + " { /* caf\u00e9 \ud83d\ude00 */ }"));
        return JournalEntry.of("4bf92f3577b34da6a3ce929d0e0e47" + (10 + n), Instant.parse("2026-01-0" + n + "T10:15:30.123Z"),
                "masking", items);
    }

    private static List<ILoggingEvent> warnings(LogCapture logs) {
        return logs.from(CONTEXT_LOGGER).stream().filter(e -> e.getLevel() == Level.WARN).collect(Collectors.toList());
    }

    /**
     * A process killed mid-append can leave any prefix of the last line. Cut there, at every byte,
     * the journal still reads every earlier entry, skips the torn one with exactly one warning,
     * and the next append starts on a fresh line and reads back.
     */
    @Test
    void aLastEntryCutAtEveryByteIsSkippedWithOneWarningAndTheNextAppendReadsBack(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.jsonl");
        try (CompactionJournal j = CompactionJournal.jsonLines(whole)) {
            for (int n = 1; n <= 3; n++) {
                j.append(entry(n));
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        assertEquals('\n', bytes[bytes.length - 1]);
        int lastStart = lastLineStart(bytes);
        List<JournalEntry> earlier = List.of(entry(1), entry(2));
        List<JournalEntry> afterAppend = List.of(entry(1), entry(2), entry(4));

        for (int cut = lastStart; cut < bytes.length; cut++) {
            Path file = dir.resolve("cut-" + cut + ".jsonl");
            Files.write(file, Arrays.copyOf(bytes, cut));
            // both modes: the durable one also forces the cut to disk
            JournalOption[] options = cut % 2 == 0 ? new JournalOption[] {JournalOption.DURABLE} : new JournalOption[0];
            try (LogCapture logs = new LogCapture(Level.WARN, CONTEXT_LOGGER)) {
                try (CompactionJournal j = CompactionJournal.jsonLines(file, options)) {
                    assertEquals(earlier, j.entries(), "cut at byte " + cut);
                    j.append(entry(4));
                    assertEquals(afterAppend, j.entries(), "cut at byte " + cut);
                }
                try (CompactionJournal again = CompactionJournal.jsonLines(file)) {
                    assertEquals(afterAppend, again.entries(), "cut at byte " + cut);
                }
                List<ILoggingEvent> warned = warnings(logs);
                assertEquals(cut == lastStart ? 0 : 1, warned.size(), "cut at byte " + cut + ": " + warned);
                for (ILoggingEvent w : warned) {
                    String message = w.getFormattedMessage();
                    assertTrue(message.contains(file.toString()), message);
                    assertTrue(message.contains((cut - lastStart) + " bytes"), message);
                    assertFalse(message.contains(SECRET), message);
                }
            }
            byte[] repaired = Files.readAllBytes(file);
            assertEquals(bytes.length, repaired.length, "the torn bytes are gone and the new entry is as long as the old");
            assertTrue(Arrays.equals(bytes, 0, lastStart, repaired, 0, lastStart), "earlier entries untouched");
            for (String line : new String(repaired, StandardCharsets.UTF_8).split("\n")) {
                Json.MAPPER.readTree(line);
            }
        }
    }

    @Test
    void anAppendAloneAlsoRemovesATornLineAndWarnsOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("j.jsonl");
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.append(entry(1));
        }
        Files.write(file, "{\"trace_id\":\"4bf9".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        try (LogCapture logs = new LogCapture(Level.WARN, CONTEXT_LOGGER);
                CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.append(entry(2));
            assertEquals(List.of(entry(1), entry(2)), j.entries());
            assertEquals(1, warnings(logs).size());
        }
    }

    @Test
    void aDamagedCompleteLineIsNotSkippedButNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("j.jsonl");
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.append(entry(1));
        }
        Files.write(file, "{\"trace_id\":\"4bf9\n".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.append(entry(2));
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CompactionJournal.jsonLines(file).entries());
        assertTrue(e.getMessage().contains("line 2 of the compaction journal " + file + " is damaged"), e.getMessage());

        Path numbers = dir.resolve("numbers.jsonl");
        Files.write(numbers, ("{\"trace_id\":null,\"time\":\"2026-01-01T00:00:00Z\",\"strategy\":\"masking\",\"items\":[],"
                + "\"n\":1E99999999999}\n").getBytes(StandardCharsets.UTF_8));
        e = assertThrows(UncheckedIOException.class, () -> CompactionJournal.jsonLines(numbers).entries());
        assertTrue(e.getMessage().contains("line 1 of the compaction journal " + numbers + " is damaged"), e.getMessage());
        assertFalse(e.getMessage().contains("99999"), e.getMessage());
    }

    @Test
    void theDeepestItemsAcceptedReadBackFromTheJournal(@TempDir Path dir) {
        // an item nesting as deep as itemFromJson allows sits two levels deeper in a journal line
        Item deep = ResponsesItems.itemFromJson("{\"type\":\"x_future\",\"payload\":"
                + "[".repeat(Json.MAX_DEPTH - 1) + "]".repeat(Json.MAX_DEPTH - 1) + "}");
        JournalEntry e = JournalEntry.of(null, Instant.EPOCH, "masking", List.of(deep, Message.user("hi")));
        try (CompactionJournal j = CompactionJournal.jsonLines(dir.resolve("deep.jsonl"))) {
            j.append(e);
            assertEquals(List.of(e), j.entries());
        }
    }

    @Test
    void itemsReadFromAnthropicKeepTheirOwnJsonThoughTheyHaveNoResponsesForm(@TempDir Path dir) throws IOException {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"search\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Search first.\",\"signature\":\"EqQBsig==\"},"
                + "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}},"
                + "{\"type\":\"compaction\",\"content\":\"<summary>x</summary>\"},{\"type\":\"text\",\"text\":\"Done.\"}]}]}";
        List<Item> items = AnthropicConversation.fromJson(body).items();
        assertThrows(InvalidConversationException.class, () -> ResponsesItems.toJson(items));
        JournalEntry e = JournalEntry.of(null, Instant.EPOCH, "masking", items);
        Path file = dir.resolve("anthropic.jsonl");
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.append(e);
            assertEquals(List.of(e), j.entries());
        }
        assertEquals("{\"trace_id\":null,\"time\":\"1970-01-01T00:00:00Z\",\"strategy\":\"masking\",\"items\":["
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"search\"},"
                + "{\"type\":\"reasoning\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"Search first.\"}],"
                + "\"anthropic\":{\"type\":\"thinking\",\"signature\":\"EqQBsig==\"}},"
                + "{\"type\":\"anthropic_block\",\"block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}},"
                + "{\"type\":\"anthropic_block\",\"block\":{\"type\":\"compaction\",\"content\":\"<summary>x</summary>\"}},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"}]}\n",
                Files.readString(file));
        // read back, the items know no origin, yet their own JSON gives the Anthropic conversation again
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            assertEquals(body, AnthropicMessages.toConversation(j.entries().get(0).items()).toJson());
        }
    }

    @Test
    void theFileIsCreatedReadableAndWritableByItsOwnerOnly(@TempDir Path dir) throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "the file system has no POSIX permissions");
        Path file = dir.resolve("runs/agent-a/journal.jsonl");
        try (CompactionJournal j = CompactionJournal.jsonLines(file)) {
            j.append(entry(1));
        }
        EnumSet<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertEquals(ownerOnly, Files.getPosixFilePermissions(file));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(file.resolveSibling("journal.jsonl.lock")));
    }

    @Test
    void aSecondJournalObjectCannotWriteTheSameFileUntilTheFirstCloses(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("j.jsonl");
        CompactionJournal first = CompactionJournal.jsonLines(file);
        first.append(entry(1));

        // the same file under another spelling is the same file
        Files.createDirectories(dir.resolve("sub"));
        for (Path other : List.of(file, dir.resolve("./sub/../j.jsonl"))) {
            CompactionJournal second = CompactionJournal.jsonLines(other);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.append(entry(2)));
            assertTrue(e.getMessage().contains(file.toRealPath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("held by another writer"), e.getMessage());
            // reading takes no lock
            assertEquals(List.of(entry(1)), second.entries());
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), file);
            assertThrows(IllegalStateException.class, () -> CompactionJournal.jsonLines(link).append(entry(2)));
        }

        first.close();
        first.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> first.append(entry(3)));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertEquals(List.of(entry(1)), first.entries());

        try (CompactionJournal second = CompactionJournal.jsonLines(file)) {
            second.append(entry(2));
            assertEquals(List.of(entry(1), entry(2)), second.entries());
        }
    }

    @Test
    void anotherProcessHoldingTheFileKeepsThisOneOutUntilItLetsGo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shared.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JournalHolder.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = child.getOutputStream()) {
            assertTrue(waitFor(out, "held"), "the child never took the journal");

            try (CompactionJournal mine = CompactionJournal.jsonLines(file)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> mine.append(entry(1)));
                assertTrue(e.getMessage().contains("held by another writer"), e.getMessage());
                assertEquals(1, mine.entries().size());

                in.write('\n');
                in.flush();
                assertTrue(waitFor(out, "released"), "the child never let go");
                assertEquals(0, child.waitFor());

                mine.append(entry(1));
                assertEquals(List.of("child", "masking"),
                        mine.entries().stream().map(JournalEntry::strategy).collect(Collectors.toList()));
            }
        } finally {
            child.destroy();
        }
    }

    private static boolean waitFor(BufferedReader out, String word) throws IOException {
        List<String> seen = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals(word)) {
                return true;
            }
            seen.add(line);
        }
        throw new AssertionError("the child ended without saying '" + word + "': " + seen);
    }

    private static int lastLineStart(byte[] bytes) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
