package io.github.compact4j.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private final RetryPolicy policy = new RetryPolicy(2, Duration.ofSeconds(60), CLOCK, () -> 0.0);

    private static Headers headers(String... namesAndValues) {
        return Headers.of(namesAndValues);
    }

    @Test
    void retriesExactlyTheStatusesTheSdksRetry() {
        for (int status : new int[] {408, 409, 429, 500, 502, 503, 504, 529}) {
            assertTrue(policy.afterStatus(1, status, headers(), null).retry(), "retries " + status);
        }
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 422, 451}) {
            RetryPolicy.Decision d = policy.afterStatus(1, status, headers(), null);
            assertFalse(d.retry(), "does not retry " + status);
            assertEquals(RetryPolicy.Stop.NOT_RETRYABLE, d.stop());
        }
    }

    @Test
    void stopsWhenTheAttemptsAreUsedUp() {
        assertTrue(policy.afterStatus(2, 500, headers(), null).retry());
        assertEquals(RetryPolicy.Stop.EXHAUSTED, policy.afterStatus(3, 500, headers(), null).stop());
        assertTrue(policy.afterIoFailure(2).retry());
        assertEquals(RetryPolicy.Stop.EXHAUSTED, policy.afterIoFailure(3).stop());
    }

    @Test
    void backoffIsHalfASecondDoublingUpToEightWithUpToAQuarterOffAtRandom() {
        assertEquals(Duration.ofMillis(500), policy.backoff(1));
        assertEquals(Duration.ofSeconds(1), policy.backoff(2));
        assertEquals(Duration.ofSeconds(4), policy.backoff(4));
        assertEquals(Duration.ofSeconds(8), policy.backoff(5));
        assertEquals(Duration.ofSeconds(8), policy.backoff(30));
        RetryPolicy jittered = new RetryPolicy(2, Duration.ofSeconds(60), CLOCK, () -> 0.999_999);
        Duration shortest = jittered.backoff(5);
        assertTrue(shortest.compareTo(Duration.ofSeconds(6)) >= 0 && shortest.compareTo(Duration.ofMillis(6001)) < 0,
                shortest.toString());
    }

    @Test
    void readsTheServersWaitInEveryForm() {
        assertEquals(Duration.ofMillis(1500), policy.requestedWait(headers("retry-after-ms", "1500")));
        assertEquals(Duration.ofNanos(12_500_000), policy.requestedWait(headers("retry-after-ms", "12.5")));
        assertEquals(Duration.ofSeconds(3), policy.requestedWait(headers("retry-after", "3")));
        assertEquals(Duration.ofMillis(2500), policy.requestedWait(headers("retry-after", "2.5")));
        assertEquals(Duration.ofSeconds(90), policy.requestedWait(headers("retry-after", "Sun, 01 Mar 2026 12:01:30 GMT")));
        assertEquals(Duration.ofMillis(10), policy.requestedWait(headers("retry-after-ms", "10", "retry-after", "9")));
        assertEquals(Duration.ofSeconds(9), policy.requestedWait(headers("retry-after-ms", "x", "retry-after", "9")));
        assertNull(policy.requestedWait(headers("retry-after", "Sun, 01 Mar 2026 11:59:00 GMT")), "a past date");
        assertNull(policy.requestedWait(headers("retry-after", "0")));
        assertNull(policy.requestedWait(headers("retry-after", "-5")));
        assertNull(policy.requestedWait(headers("retry-after", "tomorrow")));
        assertNull(policy.requestedWait(headers("retry-after", "NaN")));
        assertNull(policy.requestedWait(headers()));
    }

    @Test
    void theServersWaitIsUsedUpToTheCap() {
        RetryPolicy.Decision d = policy.afterStatus(1, 429, headers("retry-after", "60"), null);
        assertTrue(d.retry());
        assertEquals(Duration.ofSeconds(60), d.delay());
        RetryPolicy.Decision tooLong = policy.afterStatus(1, 429, headers("retry-after", "61"), null);
        assertFalse(tooLong.retry());
        assertEquals(RetryPolicy.Stop.WAIT_TOO_LONG, tooLong.stop());
        assertEquals(Duration.ofSeconds(61), tooLong.requestedWait());
    }

    @Test
    void xShouldRetryOverridesAndQuotaIsNeverRetried() {
        assertTrue(policy.afterStatus(1, 400, headers("x-should-retry", "true"), null).retry());
        assertEquals(RetryPolicy.Stop.SERVER_SAID_NO, policy.afterStatus(1, 500, headers("x-should-retry", "false"), null).stop());
        assertEquals(RetryPolicy.Stop.QUOTA, policy.afterStatus(1, 429, headers(), "insufficient_quota").stop());
        assertTrue(policy.afterStatus(1, 429, headers("x-should-retry", "true"), "insufficient_quota").retry(),
                "the server's word wins");
        assertTrue(policy.afterStatus(1, 500, headers("x-should-retry", "maybe"), null).retry(), "unknown values are ignored");
    }
}
