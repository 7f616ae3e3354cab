package io.github.compact4j.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import okio.Buffer;
import okio.BufferedSink;
import okio.ByteString;
import okio.Okio;

/**
 * A request body of JSON, in one of two forms. Up to {@link #BUFFER_LIMIT} bytes the JSON is
 * written once into a buffer ({@link #render}) and sent with a {@code Content-Length} in one
 * write, and a retry sends the same bytes again: small requests are the common case, and a
 * chunked body costs a small request more than its serialisation. Above the limit Jackson writes
 * straight into OkHttp's socket sink on each attempt, so a conversation of many megabytes is never
 * held as one string or byte array; its length is not known in advance, so it goes out chunked
 * (or as HTTP/2 data frames).
 */
final class JsonRequestBody extends RequestBody {

    /** The largest body sent buffered, with a {@code Content-Length}. */
    static final long BUFFER_LIMIT = 1024 * 1024;

    /**
     * Renders the body into memory if it fits the limit.
     *
     * @param body the body
     * @return its bytes, or null when it is larger than {@link #BUFFER_LIMIT} (it is then streamed):
     *     known from its {@link JsonBody#minimumSize()}, or found by rendering up to the limit
     * @throws IOException when writing fails
     */
    static ByteString render(JsonBody body) throws IOException {
        if (body.minimumSize() > BUFFER_LIMIT) {
            return null;
        }
        Buffer buffer = new Buffer();
        try (OutputStream capped = new CappedOutput(buffer.outputStream(), BUFFER_LIMIT)) {
            JsonGenerator g = Json.MAPPER.createGenerator(capped);
            body.write(g);
            g.close();
        } catch (CappedOutput.Full e) {
            return null;
        }
        return buffer.readByteString();
    }

    /** An output stream that gives up past a size: the JSON is too large to buffer. */
    private static final class CappedOutput extends FilterOutputStream {
        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;

            Full() {
                super("body larger than the buffer limit", null);
            }
        }

        private final long cap;
        private long written;

        CappedOutput(OutputStream out, long cap) {
            super(out);
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws Full {
            written += n;
            if (written > cap) {
                throw new Full();
            }
        }
    }

    /**
     * @param bytes a rendered body
     * @param tap counts and captures what was written for the logs, or null
     * @param clientRequestId the attempt's id, for the body log
     * @return a body that writes those bytes, with their length
     */
    static RequestBody buffered(ByteString bytes, Tap tap, String clientRequestId) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON;
            }

            @Override
            public long contentLength() {
                return bytes.size();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try {
                    if (tap == null) {
                        sink.write(bytes);
                    } else {
                        BufferedSink out = Okio.buffer(tap.sink(sink));
                        out.write(bytes);
                        out.emit();
                    }
                } finally {
                    HttpLog.body("request", tap, clientRequestId);
                }
            }
        };
    }

    static final MediaType JSON = MediaType.get("application/json");

    private final JsonBody body;
    private final Tap tap;
    private final String clientRequestId;

    /**
     * @param body what to write
     * @param tap counts and captures what was written for the logs, or null
     * @param clientRequestId the attempt's id, for the body log
     */
    JsonRequestBody(JsonBody body, Tap tap, String clientRequestId) {
        this.body = body;
        this.tap = tap;
        this.clientRequestId = clientRequestId;
    }

    @Override
    public MediaType contentType() {
        return JSON;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        BufferedSink out = tap == null ? sink : Okio.buffer(tap.sink(sink));
        try {
            Batching batches = new Batching(out);
            JsonGenerator g = Json.MAPPER.createGenerator(batches);
            // OkHttp owns the sink: closing the generator must not close it
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.write(g);
            g.close();
            batches.flushBatch();
            out.emit();
        } finally {
            HttpLog.body("request", tap, clientRequestId);
        }
    }

    /**
     * The size of one piece of a streamed body: a chunk of a chunked request. Under okio's 64 KiB
     * segment pool, so the segments of one piece return to the pool before the next is written
     * (at 256 KiB a 10 MB body allocated 8.5 MB of segments per call; at 48 KiB, 47 KB).
     */
    static final long BATCH = 48 * 1024;

    /**
     * Collects what Jackson writes and hands it to the socket's sink in pieces of {@link #BATCH}
     * bytes. Written straight into the sink, every 8 KiB segment became its own chunk and socket
     * write, and a 1,000-item body just over the buffering limit took 1.5 times as long as the same
     * bytes sent in one piece.
     */
    private static final class Batching extends OutputStream {
        private final BufferedSink sink;
        private final Buffer batch = new Buffer();

        Batching(BufferedSink sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            batch.writeByte(b);
            if (batch.size() >= BATCH) {
                flushBatch();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            batch.write(b, off, len);
            if (batch.size() >= BATCH) {
                flushBatch();
            }
        }

        void flushBatch() throws IOException {
            if (batch.size() > 0) {
                sink.write(batch, batch.size());
            }
        }
    }
}
