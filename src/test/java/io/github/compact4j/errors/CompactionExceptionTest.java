package io.github.compact4j.errors;

import io.github.compact4j.errors.CompactionException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionExceptionTest {

    private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";

    private static CompactionException withKeyEverywhere() {
        return new CompactionException(CompactionException.details("call with " + KEY + " failed")
                .backendMessage("Incorrect API key provided: " + KEY)
                .hint("check " + KEY)
                .status(401).errorType("invalid_request_error").errorCode("invalid_api_key")
                .requestIds(List.of("req_1")).attempts(1)
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736")) {
            private static final long serialVersionUID = 1L;
        };
    }

    @Test
    void theMessageHasOneReadableShape() {
        CompactionException e = new CompactionException(CompactionException.details("OpenAI compaction failed")
                .backendMessage("Rate limit reached").hint("Wait and retry.").status(429)
                .errorType("requests").errorCode("rate_limit_exceeded").requestIds(List.of("req_a", "req_b"))
                .attempts(3).traceId("4bf92f3577b34da6a3ce929d0e0e4736")) {
            private static final long serialVersionUID = 1L;
        };
        assertEquals("OpenAI compaction failed: Rate limit reached (HTTP 429, type requests, code rate_limit_exceeded)."
                + " Wait and retry. [trace_id=4bf92f3577b34da6a3ce929d0e0e4736, request_id=req_b, attempts=3]",
                e.getMessage());
        assertEquals(List.of("req_a", "req_b"), e.requestIds());
    }

    @Test
    void noSecretSurvivesInTheMessageTheStackTraceOrTheSerializedForm() throws IOException {
        CompactionException e = withKeyEverywhere();
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertFalse(e.toString().contains(KEY), e.toString());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(KEY));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        String serialized = bytes.toString(StandardCharsets.ISO_8859_1);
        assertFalse(serialized.contains(KEY), "the serialized exception holds the key");
        assertTrue(serialized.contains("REDACTED"));
    }
}
