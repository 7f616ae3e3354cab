package io.github.compact4j.internal.http;

import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * Stops reading an answer once it passes a size, so a misbehaving proxy that streams without end
 * cannot exhaust the app's heap.
 */
final class CappedSource extends ForwardingSource {

    /** Thrown when the answer passes the cap; the transport reports an invalid response. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long cap) {
            super("the answer is larger than " + cap + " bytes");
        }
    }

    private final long cap;
    private long read;

    CappedSource(Source delegate, long cap) {
        super(delegate);
        this.cap = cap;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, Math.min(byteCount, cap + 1 - read));
        if (n > 0) {
            read += n;
            if (read > cap) {
                throw new TooLargeException(cap);
            }
        }
        return n;
    }
}
