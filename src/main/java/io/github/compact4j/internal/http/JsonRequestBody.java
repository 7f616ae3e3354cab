package io.github.compact4j.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * A request body that Jackson writes straight into OkHttp's socket sink, so a conversation of many
 * megabytes is never held as one string or byte array. Its length is not known in advance, so it
 * goes out chunked (or as HTTP/2 data frames). It can be written again for a retry.
 */
final class JsonRequestBody extends RequestBody {

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
            JsonGenerator g = Json.MAPPER.createGenerator(out.outputStream());
            // OkHttp owns the sink: closing the generator must not close it
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            body.write(g);
            g.close();
            out.emit();
        } finally {
            HttpLog.body("request", tap, clientRequestId);
        }
    }
}
