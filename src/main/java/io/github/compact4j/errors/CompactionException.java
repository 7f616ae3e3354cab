package io.github.compact4j.errors;

import io.github.compact4j.internal.Secrets;
import io.github.compact4j.internal.TraceSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of every failure compact4j reports. Unchecked, like the exceptions of OkHttp and the
 * OpenAI SDKs, so a caller handles the cases it cares about and lets the rest propagate.
 *
 * <p>A failed compaction never changes the caller's conversation: whatever was passed in is still
 * intact and can be sent to the model as it was.
 *
 * <p>The message has one shape, so a person can act on it from a log line alone:
 * <pre>
 * OpenAI compaction failed: Incorrect API key provided (HTTP 401, type invalid_request_error,
 * code invalid_api_key). Check the API key (OPENAI_API_KEY): it is missing, wrong or revoked, or it
 * belongs to another service than api.openai.com.
 * [trace_id=4bf92f3577b34da6a3ce929d0e0e4736, request_id=req_123, attempts=1]
 * </pre>
 * What failed, the backend's own words, what to do, then the ids to search logs and to give the
 * backend's support. Secrets are scrubbed from every part.
 *
 * <pre>{@code
 * try {
 *     result = compactor.compact(request);
 * } catch (RateLimitException e) {
 *     // back off and keep the uncompacted history for now
 * } catch (CompactionException e) {
 *     log.warn("compaction failed, trace {}", e.traceId().orElse("-"), e);
 * }
 * }</pre>
 */
public class CompactionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String summary;
    private final String hint;
    private final String traceId;
    private final Integer status;
    private final String errorType;
    private final String errorCode;
    private final String errorParam;
    private final String backendMessage;
    private final List<String> requestIds;
    private final List<String> clientRequestIds;
    private final int attempts;

    /**
     * A failure with a plain message. The trace id of the call running on this thread, if any,
     * is attached.
     *
     * @param message what failed and, ideally, what to do
     */
    public CompactionException(String message) {
        this(details(message));
    }

    /**
     * A failure with a plain message and a cause.
     *
     * @param message what failed and, ideally, what to do
     * @param cause the underlying failure
     */
    public CompactionException(String message, Throwable cause) {
        this(details(message).cause(cause));
    }

    /**
     * A failure described field by field; see {@link #details(String)}.
     *
     * @param details what is known about the failure
     */
    protected CompactionException(Details details) {
        super(Secrets.scrubShapes(details.summary), details.cause);
        this.summary = Secrets.scrubShapes(details.summary);
        this.hint = Secrets.scrubShapes(details.hint);
        this.traceId = details.traceId != null ? details.traceId : TraceSlot.currentTraceId();
        this.status = details.status;
        this.errorType = details.errorType;
        this.errorCode = details.errorCode;
        this.errorParam = details.errorParam;
        this.backendMessage = Secrets.scrubShapes(details.backendMessage);
        this.requestIds = List.copyOf(details.requestIds);
        this.clientRequestIds = List.copyOf(details.clientRequestIds);
        this.attempts = details.attempts;
    }

    /**
     * Starts a description of a failure, for subclasses and for strategies outside the library.
     *
     * @param summary what failed, e.g. "OpenAI compaction failed"
     * @return a mutable description
     */
    public static Details details(String summary) {
        return new Details(summary);
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(summary == null ? "compaction failed" : summary);
        if (backendMessage != null && !backendMessage.isBlank()) {
            sb.append(": ").append(backendMessage.strip());
        }
        List<String> codes = new ArrayList<>(4);
        if (status != null) {
            codes.add("HTTP " + status);
        }
        if (errorType != null) {
            codes.add("type " + errorType);
        }
        if (errorCode != null) {
            codes.add("code " + errorCode);
        }
        if (errorParam != null) {
            codes.add("param " + errorParam);
        }
        if (!codes.isEmpty()) {
            sb.append(" (").append(String.join(", ", codes)).append(')');
        }
        if (sb.charAt(sb.length() - 1) != '.') {
            sb.append('.');
        }
        if (hint != null && !hint.isBlank()) {
            sb.append(' ').append(hint.strip());
        }
        List<String> ids = new ArrayList<>(3);
        if (traceId != null) {
            ids.add("trace_id=" + traceId);
        }
        requestId().ifPresent(r -> ids.add("request_id=" + r));
        if (attempts > 1) {
            ids.add("attempts=" + attempts);
        }
        if (!ids.isEmpty()) {
            sb.append(" [").append(String.join(", ", ids)).append(']');
        }
        return Secrets.scrubShapes(sb.toString());
    }

    /** @return what failed, without the backend's words, the hint or the ids */
    public String summary() {
        return summary;
    }

    /** @return what the user can do about it, if the library knows */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** @return the trace id of the call that failed (every log line of the call carries it) */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** @return the HTTP status the backend answered with, if it answered */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** @return the backend's error type, e.g. {@code invalid_request_error} */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** @return the backend's error code, e.g. {@code invalid_api_key} or {@code insufficient_quota} */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** @return the request parameter the backend blamed, if it named one */
    public Optional<String> errorParam() {
        return Optional.ofNullable(errorParam);
    }

    /** @return the backend's own error message, secrets scrubbed */
    public Optional<String> backendMessage() {
        return Optional.ofNullable(backendMessage);
    }

    /** @return the backend's request id of the last attempt (OpenAI's {@code x-request-id}) */
    public Optional<String> requestId() {
        return requestIds.isEmpty() ? Optional.empty() : Optional.of(requestIds.get(requestIds.size() - 1));
    }

    /** @return the backend's request ids of every attempt that got an answer, in order */
    public List<String> requestIds() {
        return requestIds;
    }

    /** @return the {@code X-Client-Request-Id} the library sent on each attempt, in order */
    public List<String> clientRequestIds() {
        return clientRequestIds;
    }

    /** @return how many HTTP attempts were made (0 when the failure came before any) */
    public int attempts() {
        return attempts;
    }

    /**
     * A mutable description of a failure, turned into an exception by a subclass constructor.
     * Every text field is scrubbed of secrets when the exception is built.
     */
    public static final class Details {
        private final String summary;
        private String hint;
        private String traceId;
        private Integer status;
        private String errorType;
        private String errorCode;
        private String errorParam;
        private String backendMessage;
        private final List<String> requestIds = new ArrayList<>();
        private final List<String> clientRequestIds = new ArrayList<>();
        private int attempts;
        private Throwable cause;

        private Details(String summary) {
            this.summary = Objects.requireNonNull(summary, "summary");
        }

        /**
         * @param hint what the user can do
         * @return this
         */
        public Details hint(String hint) {
            this.hint = hint;
            return this;
        }

        /**
         * @param traceId the call's trace id, when not the current one
         * @return this
         */
        public Details traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        /**
         * @param status the HTTP status
         * @return this
         */
        public Details status(int status) {
            this.status = status;
            return this;
        }

        /**
         * @param type the backend's error type
         * @return this
         */
        public Details errorType(String type) {
            this.errorType = type;
            return this;
        }

        /**
         * @param code the backend's error code
         * @return this
         */
        public Details errorCode(String code) {
            this.errorCode = code;
            return this;
        }

        /**
         * @param param the parameter the backend blamed
         * @return this
         */
        public Details errorParam(String param) {
            this.errorParam = param;
            return this;
        }

        /**
         * @param message the backend's own words
         * @return this
         */
        public Details backendMessage(String message) {
            this.backendMessage = message;
            return this;
        }

        /**
         * @param ids backend request ids, in attempt order (nulls skipped)
         * @return this
         */
        public Details requestIds(List<String> ids) {
            ids.stream().filter(Objects::nonNull).forEach(requestIds::add);
            return this;
        }

        /**
         * @param ids client request ids sent, in attempt order
         * @return this
         */
        public Details clientRequestIds(List<String> ids) {
            ids.stream().filter(Objects::nonNull).forEach(clientRequestIds::add);
            return this;
        }

        /**
         * @param attempts HTTP attempts made
         * @return this
         */
        public Details attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /**
         * @param cause the underlying failure
         * @return this
         */
        public Details cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** @return the HTTP status set so far, or null */
        public Integer status() {
            return status;
        }

        /** @return the error code set so far, or null */
        public String errorCode() {
            return errorCode;
        }

        /** @return the backend's own words, set so far, or null */
        public String backendMessage() {
            return backendMessage;
        }

        /** @return the parameter the backend blamed, set so far, or null */
        public String errorParam() {
            return errorParam;
        }

        /** @return the hint set so far, or null */
        public String hint() {
            return hint;
        }
    }
}
