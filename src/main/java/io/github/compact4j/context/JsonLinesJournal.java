package io.github.compact4j.context;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal in a JSON-lines file; {@link CompactionJournal#jsonLines(Path, JournalOption...)}
 * describes what it promises.
 *
 * <p>An entry counts once its newline is written: the newline is the commit mark. Anything after
 * the last newline was being written when its process died, so it is skipped when read and cut
 * off before the next entry is written.
 */
final class JsonLinesJournal implements CompactionJournal {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.compact4j.context");

    /** A line's items sit two levels below the line itself: its object, then the items array. */
    private static final ObjectMapper LINES = Json.mapper(Json.MAX_DEPTH + 2);

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /**
     * The journal files this JVM is writing, by real path. The lock on the sidecar keeps other
     * processes out; this set keeps other journal objects of this process out, and is checked
     * before the sidecar is even opened: on POSIX systems, closing any descriptor of a file drops
     * every lock the process holds on it, so a second object that opened the sidecar, failed to
     * lock it and closed it would silently free the file for another process.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final boolean durable;

    /** Set by the first append, until close. Guarded by this. */
    private Writer writer;
    /** Guarded by this. */
    private boolean closed;
    /** Where the incomplete last line reported last starts, so each one is reported once. Guarded by this. */
    private long tornReportedAt = -1;

    JsonLinesJournal(Path file, boolean durable) {
        this.file = Objects.requireNonNull(file, "file");
        this.durable = durable;
    }

    @Override
    public synchronized void append(JournalEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (closed) {
            throw new IllegalStateException("the compaction journal " + file + " is closed; the compaction was not"
                    + " applied and the conversation keeps its full history");
        }
        byte[] line = line(entry);
        if (writer == null) {
            writer = open();
        }
        writer.write(line);
    }

    private static byte[] line(JournalEntry entry) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Json.MAPPER.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("trace_id", entry.traceId());
            g.writeStringField("time", entry.time().toString());
            g.writeStringField("strategy", entry.strategy());
            figure(g, "items_before", entry.itemsBefore());
            figure(g, "items_after", entry.itemsAfter());
            figure(g, "tokens_before", entry.tokensBefore());
            figure(g, "tokens_after", entry.tokensAfter());
            g.writeFieldName("items");
            // each item's own JSON, whatever format it was read from, so it reads back as the same
            // item: ResponsesItems.write refuses what has no Responses form (a thinking block's
            // item) and writes an Anthropic compaction block as a summary message
            g.writeStartArray();
            for (Item item : entry.items()) {
                g.writeRawValue(item.toJson());
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        w.write('\n');
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void figure(JsonGenerator g, String name, java.util.OptionalInt value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.getAsInt());
        }
    }

    /** Takes the file for this journal and cuts off an incomplete last line. */
    private Writer open() {
        Path real;
        boolean created;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            created = createOwnerOnly(file);
            real = file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the compaction journal " + file + "; the compaction was not"
                    + " applied and the conversation keeps its full history", e);
        }
        if (!WRITING.add(real)) {
            throw heldByAnother(real);
        }
        FileChannel lockChannel = null;
        FileChannel channel = null;
        try {
            Path lockFile = real.resolveSibling(real.getFileName() + ".lock");
            createOwnerOnly(lockFile);
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                // only through another name for the same file (a hard link): still another writer
                lock = null;
            }
            if (lock == null) {
                throw heldByAnother(real);
            }
            channel = FileChannel.open(real, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (durable && created) {
                forceDirectory(real.getParent());
            }
            long end = completeLength(channel);
            long size = channel.size();
            if (end < size) {
                reportTorn(end, size - end);
                channel.truncate(end);
                if (durable) {
                    channel.force(false);
                }
            }
            return new Writer(real, lockChannel, channel, end);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            // closing the channel releases its lock
            closeQuietly(lockChannel, e);
            WRITING.remove(real);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open the compaction journal " + file + " for writing; the"
                        + " compaction was not applied and the conversation keeps its full history", io);
            }
            throw (RuntimeException) e;
        }
    }

    private IllegalStateException heldByAnother(Path real) {
        return new IllegalStateException("the compaction journal " + real + " is held by another writer (another"
                + " journal object in this process, or another process); only one may write a journal file at a"
                + " time. Close the other journal, or give each conversation its own file. The compaction was not"
                + " applied and the conversation keeps its full history");
    }

    /**
     * Creates an empty file, readable and writable by its owner only where the file system has
     * POSIX permissions: the journal holds conversation content. An existing file is left as it
     * is, permissions included.
     *
     * @return whether the file was created here
     */
    private static boolean createOwnerOnly(Path p) throws IOException {
        try {
            if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(p, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(p);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * A new file's name lives in its directory, which a power failure can lose unless the
     * directory itself is flushed. Not every platform can open a directory (Windows cannot); there
     * the entries' own flushes are all there is.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("cannot flush the directory {} of a new compaction journal: {}", dir, e.toString());
        }
    }

    /** @return the length of the file up to and including its last newline */
    private static long completeLength(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = ch.size();
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            long from = pos - n;
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    throw new IOException("the file shrank while it was being read");
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            pos = from;
        }
        return 0;
    }

    /** Logs an incomplete last line once; never its content, which is the conversation's. */
    private void reportTorn(long at, long bytes) {
        if (tornReportedAt == at) {
            return;
        }
        tornReportedAt = at;
        LOG.warn("the compaction journal {} ends in an incomplete entry ({} bytes after its last complete line at"
                + " byte {}), left by a process that stopped while writing it; that entry never counted, so it is"
                + " skipped and cut off before the next entry is written. Every earlier entry is intact.",
                file, bytes, at);
    }

    /** The open file of a journal that has taken it. */
    private final class Writer {
        final Path real;
        final FileChannel lockChannel;
        final FileChannel channel;
        /** Where the next entry starts: the length of the complete lines. */
        long end;

        Writer(Path real, FileChannel lockChannel, FileChannel channel, long end) {
            this.real = real;
            this.lockChannel = lockChannel;
            this.channel = channel;
            this.end = end;
        }

        void write(byte[] line) {
            try {
                if (channel.size() != end) {
                    // a failed write left part of a line behind
                    channel.truncate(end);
                }
                ByteBuffer buf = ByteBuffer.wrap(line);
                long pos = end;
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
                if (durable) {
                    channel.force(false);
                }
                end = pos;
            } catch (ClosedChannelException e) {
                // an interrupt closes the channel under us: give the file up so the next append
                // takes it afresh rather than failing for ever
                release(e);
                writer = null;
                throw writeFailed(e);
            } catch (IOException e) {
                try {
                    channel.truncate(end);
                } catch (IOException again) {
                    e.addSuppressed(again);
                }
                throw writeFailed(e);
            }
        }

        private UncheckedIOException writeFailed(IOException e) {
            return new UncheckedIOException("cannot write the compaction journal " + file + "; the compaction was"
                    + " not applied and the conversation keeps its full history", e);
        }

        void release(Exception failure) {
            try {
                closeQuietly(channel, failure);
                closeQuietly(lockChannel, failure);
            } finally {
                WRITING.remove(real);
            }
        }
    }

    private static void closeQuietly(FileChannel ch, Exception failure) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer != null) {
            Writer w = writer;
            writer = null;
            IOException failure = new IOException("cannot release the compaction journal " + file);
            w.release(failure);
            if (failure.getSuppressed().length > 0) {
                throw new UncheckedIOException(failure);
            }
        }
    }

    @Override
    public synchronized List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[64 * 1024];
            byte[] line = new byte[8 * 1024];
            int len = 0;
            long offset = 0;
            int lineNumber = 0;
            int r;
            while ((r = in.read(chunk)) >= 0) {
                int from = 0;
                for (int i = 0; i < r; i++) {
                    if (chunk[i] == '\n') {
                        line = append(line, len, chunk, from, i - from);
                        len += i - from;
                        lineNumber++;
                        entry(line, len, lineNumber, out);
                        offset += len + 1;
                        len = 0;
                        from = i + 1;
                    }
                }
                line = append(line, len, chunk, from, r - from);
                len += r - from;
            }
            if (len > 0) {
                reportTorn(offset, len);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (DamagedLine e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the compaction journal " + file, e);
        }
        return out;
    }

    private static byte[] append(byte[] line, int len, byte[] src, int from, int n) {
        if (len + n > line.length) {
            line = Arrays.copyOf(line, Math.max(len + n, line.length * 2));
        }
        System.arraycopy(src, from, line, len, n);
        return line;
    }

    /** Reads one complete line; a line that is not an entry is damage, which must not pass quietly. */
    private void entry(byte[] line, int len, int lineNumber, List<JournalEntry> out) throws IOException {
        if (isBlank(line, len)) {
            return;
        }
        JsonNode node;
        try {
            node = LINES.readTree(line, 0, len);
        } catch (JsonProcessingException e) {
            throw damaged(lineNumber, "it is not valid JSON", e);
        } catch (NumberFormatException e) {
            // the message quotes the number, which is content: not kept
            throw damaged(lineNumber, "it holds a number whose exponent is out of range", null);
        }
        if (node == null || !node.isObject()) {
            throw damaged(lineNumber, "it is not a JSON object", null);
        }
        String time = text(node, "time");
        String strategy = text(node, "strategy");
        JsonNode items = node.get("items");
        if (time == null || strategy == null || items == null || !items.isArray()) {
            throw damaged(lineNumber, "it lacks 'time', 'strategy' or the 'items' array", null);
        }
        Instant when;
        try {
            when = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw damaged(lineNumber, "its 'time' is not an ISO-8601 instant", e);
        }
        List<Item> list = new ArrayList<>(items.size());
        for (int k = 0; k < items.size(); k++) {
            JsonNode it = items.get(k);
            try {
                if (!it.isObject()) {
                    throw new InvalidConversationException(k, null, "not a JSON object");
                }
                list.add(ResponsesItems.fromJsonNode((ObjectNode) it));
            } catch (InvalidConversationException e) {
                throw damaged(lineNumber, "its item " + k + e.field().map(f -> ", field '" + f + "',").orElse("")
                        + " is not a valid item", e);
            }
        }
        JournalEntry.Builder entry = JournalEntry.builder().traceId(text(node, "trace_id")).time(when).strategy(strategy)
                .items(list);
        Integer v;
        if ((v = count(node, "items_before")) != null) {
            entry.itemsBefore(v);
        }
        if ((v = count(node, "items_after")) != null) {
            entry.itemsAfter(v);
        }
        if ((v = count(node, "tokens_before")) != null) {
            entry.tokensBefore(v);
        }
        if ((v = count(node, "tokens_after")) != null) {
            entry.tokensAfter(v);
        }
        out.add(entry.build());
    }

    /** A figure an entry recorded; one that is absent or not a count is left out, not fatal. */
    private static Integer count(JsonNode node, String name) {
        JsonNode n = node.get(name);
        return n != null && n.canConvertToInt() && n.isIntegralNumber() && n.intValue() >= 0 ? n.intValue() : null;
    }

    private DamagedLine damaged(int lineNumber, String why, Exception cause) {
        return new DamagedLine("line " + lineNumber + " of the compaction journal " + file + " is damaged: " + why
                + ". Entries before it are intact; repair or remove that line to read the ones after it", cause);
    }

    /** A complete line that is not an entry. */
    private static final class DamagedLine extends IOException {
        private static final long serialVersionUID = 1L;

        DamagedLine(String message, Exception cause) {
            super(message, cause);
        }
    }

    private static boolean isBlank(byte[] line, int len) {
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    @Override
    public String toString() {
        return "JsonLinesJournal{" + file + (durable ? ", durable" : "") + "}";
    }
}
