package io.github.compact4j.internal.http;

import io.github.compact4j.internal.Secrets;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSink;
import okio.ForwardingSource;
import okio.Sink;
import okio.Source;

/**
 * Counts the bytes of a body as they pass and keeps a copy of its first bytes for the body log,
 * so logging never buffers or re-reads a body: a 10 MB request costs the log at most its cap.
 * Used only when the debug or body log is on.
 */
final class Tap {

    private final long captureLimit;
    private final Secrets secrets;
    private final Buffer captured = new Buffer();
    private long bytes;

    /**
     * @param captureLimit how many leading bytes to keep for the log; 0 to only count
     * @param secrets the client's credentials, scrubbed from the captured text
     */
    Tap(long captureLimit, Secrets secrets) {
        this.captureLimit = captureLimit;
        this.secrets = secrets;
    }

    /** @return bytes that passed so far */
    long bytes() {
        return bytes;
    }

    /** @return whether this tap keeps bytes for the body log */
    boolean capturing() {
        return captureLimit > 0;
    }

    /**
     * @return the captured start of the body as text, secrets scrubbed, with a note when the body
     *     was longer than what was kept
     */
    String text() {
        String head = secrets.scrub(captured.clone().readUtf8());
        if (bytes > captured.size()) {
            return head + "… (first " + captured.size() + " of " + bytes + " bytes)";
        }
        return head;
    }

    Sink sink(Sink delegate) {
        return new ForwardingSink(delegate) {
            @Override
            public void write(Buffer source, long byteCount) throws IOException {
                keep(source, 0, byteCount);
                super.write(source, byteCount);
                bytes += byteCount;
            }
        };
    }

    Source source(Source delegate) {
        return new ForwardingSource(delegate) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0) {
                    keep(sink, sink.size() - n, n);
                    bytes += n;
                }
                return n;
            }
        };
    }

    private void keep(Buffer from, long offset, long count) {
        long room = captureLimit - captured.size();
        if (room > 0) {
            from.copyTo(captured, offset, Math.min(room, count));
        }
    }
}
