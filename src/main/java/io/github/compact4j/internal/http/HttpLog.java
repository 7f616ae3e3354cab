package io.github.compact4j.internal.http;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The transport's three loggers and the one line it writes per attempt. Every statement is
 * guarded by a level check, so with the level off nothing is built or allocated.
 */
final class HttpLog {

    /** One DEBUG line per attempt. */
    static final Logger HTTP = LoggerFactory.getLogger("io.github.compact4j.http");
    /** Headers at TRACE, through an allow-list. */
    static final Logger HEADERS = LoggerFactory.getLogger("io.github.compact4j.http.headers");
    /** Bodies at TRACE, only when the client was built with body logging on. */
    static final Logger BODY = LoggerFactory.getLogger("io.github.compact4j.http.body");

    private HttpLog() {}

    /** What one attempt did, for the DEBUG line. Filled in only when DEBUG is on. */
    static final class AttemptLine {
        String method;
        String url;
        int attempt;
        int maxAttempts;
        String clientRequestId;
        String requestId;
        Integer status;
        String error;
        long durationNanos;
        Tap sent;
        Tap received;
        Duration retryIn;
        String stopReason;
        /** Whether the DEBUG line is wanted. */
        boolean debug;
        /** When the attempt started, when a listener is told about it; else null. */
        java.time.Instant started;

        void log() {
            long ms = durationNanos / 1_000_000;
            LoggingEventBuilder e = HTTP.atDebug()
                    .addKeyValue("method", method)
                    .addKeyValue("url", url)
                    .addKeyValue("attempt", attempt)
                    .addKeyValue("max_attempts", maxAttempts)
                    .addKeyValue("duration_ms", ms)
                    .addKeyValue("client_request_id", clientRequestId);
            StringBuilder sb = new StringBuilder(192).append(method).append(' ').append(url);
            if (status != null) {
                e.addKeyValue("status", status);
                sb.append(" -> ").append(status);
            }
            if (error != null) {
                e.addKeyValue("error", error);
                sb.append(status != null ? ", " : " -> ").append(error);
            }
            sb.append(" in ").append(ms).append(" ms");
            if (sent != null) {
                e.addKeyValue("request_bytes", sent.bytes());
                sb.append(", sent ").append(sent.bytes()).append(" B");
            }
            if (received != null && (status != null || received.bytes() > 0)) {
                e.addKeyValue("response_bytes", received.bytes());
                sb.append(", received ").append(received.bytes()).append(" B");
            }
            sb.append(" (attempt ").append(attempt).append('/').append(maxAttempts)
                    .append(", client_request_id=").append(clientRequestId);
            if (requestId != null) {
                e.addKeyValue("request_id", requestId);
                sb.append(", request_id=").append(requestId);
            }
            sb.append(')');
            if (retryIn != null) {
                e.addKeyValue("retry_in_ms", retryIn.toMillis());
                sb.append("; retrying in ").append(retryIn.toMillis()).append(" ms");
            } else if (stopReason != null) {
                sb.append("; not retried: ").append(stopReason);
            }
            e.log(sb.toString());
        }
    }

    /**
     * Logs a captured body at TRACE.
     *
     * @param direction "request" or "response"
     * @param tap the body's tap
     * @param clientRequestId the attempt's id, so the body can be matched to its DEBUG line
     */
    static void body(String direction, Tap tap, String clientRequestId) {
        if (tap == null || !tap.capturing() || !BODY.isTraceEnabled()) {
            return;
        }
        BODY.atTrace()
                .addKeyValue("client_request_id", clientRequestId)
                .addKeyValue("body_bytes", tap.bytes())
                .log("{} body (client_request_id={}): {}", direction, clientRequestId, tap.text());
    }
}
