package io.github.compact4j.errors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The backend answered with an HTTP error status. The subclasses name the cases a caller can act
 * on differently; {@link #statusCode()}, {@link #errorType()}, {@link #errorCode()},
 * {@link #errorParam()} and {@link #requestIds()} carry what the backend said.
 *
 * <pre>{@code
 * try {
 *     result = compactor.compact(request);
 * } catch (RateLimitException e) {
 *     e.retryAfter().ifPresent(wait -> scheduleRetry(wait));
 * } catch (ApiException e) {
 *     log.warn("backend said {} ({})", e.statusCode(), e.errorCode().orElse("-"));
 * }
 * }</pre>
 */
public class ApiException extends CompactionException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final Duration retryAfter;

    /**
     * For backend clients: describes the failure with {@link CompactionException#details(String)},
     * which must include the status.
     *
     * @param details what is known about the failure, with its HTTP status
     * @throws IllegalArgumentException when the details carry no status
     */
    public ApiException(Details details) {
        this(details, null);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     * @throws IllegalArgumentException when the details carry no status
     */
    public ApiException(Details details, Duration retryAfter) {
        super(requireStatus(details));
        this.statusCode = details.status();
        this.retryAfter = retryAfter;
    }

    private static Details requireStatus(Details details) {
        Objects.requireNonNull(details, "details");
        if (details.status() == null) {
            throw new IllegalArgumentException("an ApiException needs the HTTP status the backend answered with");
        }
        return details;
    }

    /** @return the HTTP status the backend answered with on the last attempt */
    public int statusCode() {
        return statusCode;
    }

    /**
     * @return how long the backend asked to wait before trying again ({@code retry-after-ms} or
     *     {@code retry-after} of the last answer), when it said
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
