package io.github.compact4j.http;

import io.github.compact4j.internal.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. {@link #REAL} sleeps; a test (the library's, or an app's own) passes one
 * that records the waits instead, through {@link ClientOptions.Builder#sleeper(Sleeper)}, so
 * retry behaviour is checked exactly and without real sleeps.
 *
 * <pre>{@code
 * List<Duration> waits = new ArrayList<>();
 * ClientOptions options = ClientOptions.builder().sleeper(waits::add).build();
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration}, or less if the current call is cancelled.
     *
     * @param duration how long to wait, not negative
     * @throws InterruptedException when the thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Really waits, and wakes up early when the {@link Cancellation} of the current async call is
     * cancelled, so cancelling {@code compactAsync} during a back-off returns at once.
     */
    Sleeper REAL = duration -> {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        Cancellation token = Cancellation.current();
        if (token == null) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            return;
        }
        CountDownLatch cancelled = new CountDownLatch(1);
        Cancellation.AutoCloseableNoThrow hook = token.onCancel(cancelled::countDown);
        try {
            cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            hook.close();
        }
    };
}
