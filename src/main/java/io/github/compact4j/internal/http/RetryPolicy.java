package io.github.compact4j.internal.http;

import io.github.compact4j.errors.ApiErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import okhttp3.Headers;

/**
 * When to retry and how long to wait, following what OpenAI's own SDKs do: connection failures,
 * timeouts, 408, 409, 429 and 5xx are retried; the wait is the server's {@code retry-after-ms} or
 * {@code retry-after} when it gives one (up to a cap), else exponential back-off
 * {@code min(0.5 s · 2^n, 8 s)} shortened by up to a quarter at random, so clients that failed
 * together do not retry together. {@code x-should-retry} overrides the status rule either way.
 */
final class RetryPolicy {

    static final Duration INITIAL_DELAY = Duration.ofMillis(500);
    static final Duration MAX_DELAY = Duration.ofSeconds(8);

    private final int maxRetries;
    private final Duration maxRetryAfter;
    private final Clock clock;
    private final DoubleSupplier jitter;

    /**
     * @param maxRetries retries after the first attempt
     * @param maxRetryAfter the longest server-requested wait that is honoured
     * @param clock wall time, for {@code retry-after} given as an HTTP date
     * @param jitter a source of numbers in [0, 1)
     */
    RetryPolicy(int maxRetries, Duration maxRetryAfter, Clock clock, DoubleSupplier jitter) {
        this.maxRetries = maxRetries;
        this.maxRetryAfter = maxRetryAfter;
        this.clock = clock;
        this.jitter = jitter;
    }

    int maxAttempts() {
        return maxRetries + 1;
    }

    Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** What to do after an attempt that failed. */
    record Decision(boolean retry, Duration delay, Duration requestedWait, Stop stop) {
        static Decision retryAfter(Duration delay, Duration requested) {
            return new Decision(true, delay, requested, null);
        }

        static Decision stop(Stop why, Duration requested) {
            return new Decision(false, null, requested, why);
        }
    }

    /** Why an attempt was not retried. */
    enum Stop {
        /** The status is not worth retrying (a 400, say). */
        NOT_RETRYABLE,
        /** Every attempt is used up. */
        EXHAUSTED,
        /** The server sent {@code x-should-retry: false}. */
        SERVER_SAID_NO,
        /** A 429 saying the quota or spend limit is used up ({@code ApiErrors.isQuotaExhausted}): waiting does not help. */
        QUOTA,
        /** The server asked for a longer wait than the cap. */
        WAIT_TOO_LONG
    }

    /**
     * @param attempt the attempt that just failed, 1-based
     * @param status its HTTP status
     * @param headers its response headers
     * @param errorCode the backend's error code, or null
     * @return whether and when to retry
     */
    Decision afterStatus(int attempt, int status, Headers headers, String errorCode) {
        Duration requested = requestedWait(headers);
        String should = headers.get("x-should-retry");
        boolean retryable;
        if ("true".equalsIgnoreCase(should)) {
            retryable = true;
        } else if ("false".equalsIgnoreCase(should)) {
            return Decision.stop(Stop.SERVER_SAID_NO, requested);
        } else if (status == 429 && ApiErrors.isQuotaExhausted(errorCode)) {
            return Decision.stop(Stop.QUOTA, requested);
        } else {
            retryable = status == 408 || status == 409 || status == 429 || status >= 500;
        }
        if (!retryable) {
            return Decision.stop(Stop.NOT_RETRYABLE, requested);
        }
        if (attempt >= maxAttempts()) {
            return Decision.stop(Stop.EXHAUSTED, requested);
        }
        if (requested != null && requested.compareTo(maxRetryAfter) > 0) {
            return Decision.stop(Stop.WAIT_TOO_LONG, requested);
        }
        return Decision.retryAfter(requested != null ? requested : backoff(attempt), requested);
    }

    /**
     * @param attempt the attempt that just failed without an answer (connection failure, timeout)
     * @return whether and when to retry
     */
    Decision afterIoFailure(int attempt) {
        if (attempt >= maxAttempts()) {
            return Decision.stop(Stop.EXHAUSTED, null);
        }
        return Decision.retryAfter(backoff(attempt), null);
    }

    /**
     * @param attempt the attempt that just failed, 1-based
     * @return {@code min(0.5 s · 2^(attempt-1), 8 s)}, shortened by up to 25% at random
     */
    Duration backoff(int attempt) {
        double seconds = Math.min(INITIAL_DELAY.toMillis() / 1000.0 * Math.pow(2, attempt - 1),
                MAX_DELAY.toMillis() / 1000.0);
        double factor = 1 - 0.25 * jitter.getAsDouble();
        return Duration.ofNanos(Math.round(seconds * factor * 1e9));
    }

    /**
     * The wait the server asked for: {@code retry-after-ms} (milliseconds), else
     * {@code retry-after} as seconds or as an HTTP date.
     *
     * @param headers response headers
     * @return the wait, or null when none is given, it does not parse, or it is not positive
     */
    Duration requestedWait(Headers headers) {
        Duration d = parseMillis(headers.get("retry-after-ms"));
        if (d == null) {
            d = parseRetryAfter(headers.get("retry-after"));
        }
        return d == null || d.isNegative() || d.isZero() ? null : d;
    }

    private static Duration parseMillis(String v) {
        if (v == null) {
            return null;
        }
        try {
            double ms = Double.parseDouble(v.trim());
            return Double.isFinite(ms) ? Duration.ofNanos(Math.round(ms * 1e6)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Duration parseRetryAfter(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.trim();
        try {
            double seconds = Double.parseDouble(s);
            return Double.isFinite(seconds) && seconds < 1e9 ? Duration.ofNanos(Math.round(seconds * 1e9)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                        .toInstant();
                return Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
