package io.github.compact4j.cli.logs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Reads a file as lines of bytes, in large blocks, handing each line to a {@link Handler} as a
 * slice of one reused buffer: no string, no copy, no allocation per line. Memory stays at the
 * buffer's size whatever the file's, and only grows for a single line longer than the buffer.
 *
 * <p>A file whose name ends in {@code .gz} is decompressed as it is read.
 *
 * <p>With {@code follow}, it keeps reading as the file grows, like {@code tail -f}: a line is
 * handed over only once its end of line has been written, and a file that shrinks (truncated or
 * replaced by a rotation) is read again from its start.
 */
public final class LineSource {

    /** Receives each line; the slice is valid only during the call. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param buf the buffer holding the line
         * @param start the line's first byte
         * @param end one past its last byte, without the line break ({@code \n} or {@code \r\n})
         * @param line the line's 1-based number in the file
         * @param terminated whether an end of line followed it (false only for an unfinished last line)
         * @throws IOException when the handler's output fails
         */
        void line(byte[] buf, int start, int end, long line, boolean terminated) throws IOException;
    }

    /** Told when a followed file shrinks and is read again from its start. */
    @FunctionalInterface
    public interface RestartListener {
        /** @param file the file that shrank */
        void restarted(Path file);
    }

    static final int BLOCK = 4 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    static final int MAX_LINE = 256 << 20;

    private final int block;
    private final long pollMillis;

    /** A source with 4 MB blocks, polling a followed file every 200 ms. */
    public LineSource() {
        this(BLOCK, 200);
    }

    LineSource(int block, long pollMillis) {
        this.block = block;
        this.pollMillis = pollMillis;
    }

    /**
     * Reads {@code file} to its end, or for ever when {@code follow} (until the thread is
     * interrupted or {@code afterBlock} says stop).
     *
     * @param file the file
     * @param handler gets each line
     * @param follow whether to wait for more lines at the end of the file
     * @param afterBlock called after each block's lines and before each wait; returns false to stop
     * @param restarts told when a followed file shrinks
     * @throws IOException when the file cannot be read or a line is longer than 256 MB
     */
    public void read(Path file, Handler handler, boolean follow, java.util.function.BooleanSupplier afterBlock,
            RestartListener restarts) throws IOException {
        byte[] buf = new byte[block];
        boolean gzip = file.getFileName() != null && file.getFileName().toString().endsWith(".gz");
        if (gzip && follow) {
            throw new IllegalArgumentException("a compressed file cannot be followed: " + file);
        }
        // a rolled-over log (logback-async.xml keeps them as .jsonl.gz) is read through gunzip
        try (ReadableByteChannel ch = gzip
                ? Channels.newChannel(new GZIPInputStream(Files.newInputStream(file), 1 << 16))
                : FileChannel.open(file, StandardOpenOption.READ)) {
            int len = 0;        // bytes held in buf
            int scanned = 0;    // bytes of buf already searched for a line break
            long lineNo = 0;
            long consumed = 0;  // file offset of buf[0]
            while (true) {
                if (len == buf.length) {
                    if (buf.length >= MAX_LINE) {
                        throw new IOException("line " + (lineNo + 1) + " is longer than " + (MAX_LINE >> 20) + " MB");
                    }
                    byte[] bigger = new byte[Math.min(MAX_LINE, buf.length * 2)];
                    System.arraycopy(buf, 0, bigger, 0, len);
                    buf = bigger;
                }
                int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len));
                if (n <= 0) {
                    if (!follow) {
                        if (len > 0) {
                            int end = len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
                            handler.line(buf, 0, end, ++lineNo, false);
                        }
                        afterBlock.getAsBoolean();
                        return;
                    }
                    if (!afterBlock.getAsBoolean()) {
                        return;
                    }
                    FileChannel fc = (FileChannel) ch;
                    if (fc.size() < consumed + len) {
                        // truncated or rotated in place: start again from the top
                        fc.position(0);
                        len = 0;
                        scanned = 0;
                        lineNo = 0;
                        consumed = 0;
                        restarts.restarted(file);
                        continue;
                    }
                    try {
                        Thread.sleep(pollMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("stopped following " + file);
                    }
                    continue;
                }
                len += n;
                int start = 0;
                for (int i = newline(buf, scanned, len); i >= 0; i = newline(buf, start, len)) {
                    int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    handler.line(buf, start, end, ++lineNo, true);
                    start = i + 1;
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, len - start);
                    consumed += start;
                    len -= start;
                }
                scanned = len;
                if (follow && !afterBlock.getAsBoolean()) {
                    return;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("stopped reading " + file);
                }
            }
        }
    }

    /**
     * The first {@code \n} in {@code b[from, to)}, or -1. Eight bytes are tested at a time: a byte
     * of {@code w ^ 0x0A..} is zero where {@code w} has a line break, and
     * {@code (x - 0x01..) & ~x & 0x80..} sets the high bit of the lowest zero byte exactly (bits
     * above it may be false alarms, which little-endian order puts after it).
     */
    static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
