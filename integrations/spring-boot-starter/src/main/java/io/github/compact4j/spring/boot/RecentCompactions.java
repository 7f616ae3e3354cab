package io.github.compact4j.spring.boot;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.logging.CompactionListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last compactions of each backend, for the {@code compact4j} endpoint: figures, ids and
 * outcomes only, never a key or any conversation content. Bounded per backend; thread-safe.
 */
public final class RecentCompactions {

    /**
     * One compaction, as the endpoint shows it.
     *
     * @param time when it ended
     * @param traceId the trace id its log lines carried
     * @param compactor the compactor called (the chain)
     * @param strategy the strategy that produced the result, or null when it failed
     * @param outcome {@code success}, {@code fallback} or {@code failure}
     * @param tokensBefore local token count before, 0 when it failed
     * @param tokensAfter local token count after, 0 when it failed
     * @param elapsedMs how long it took
     * @param requestIds the backend's request ids, in attempt order
     * @param error the failure's class name, or null
     */
    public record Entry(Instant time, String traceId, String compactor, String strategy, String outcome,
            int tokensBefore, int tokensAfter, long elapsedMs, List<String> requestIds, String error) {
        /** Copies the request ids. */
        public Entry {
            requestIds = List.copyOf(requestIds);
        }
    }

    private final int keep;
    private final Clock clock;
    private final Map<String, Deque<Entry>> byBackend = new ConcurrentHashMap<>();

    /**
     * @param keep how many to keep per backend, at least 0
     * @param clock the clock entries are stamped with
     */
    public RecentCompactions(int keep, Clock clock) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, got " + keep);
        }
        this.keep = keep;
        this.clock = clock;
    }

    /**
     * @param backend a backend's name
     * @return its recent compactions, newest first
     */
    public List<Entry> of(String backend) {
        Deque<Entry> d = byBackend.get(backend);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return List.copyOf(new ArrayList<>(d));
        }
    }

    /**
     * @param backend a backend's name
     * @return a listener that records that backend's compactions here
     */
    public CompactionListener listenerFor(String backend) {
        Deque<Entry> d = byBackend.computeIfAbsent(backend, k -> new ArrayDeque<>());
        return new CompactionListener() {
            @Override
            public void onSuccess(SuccessEvent e) {
                CompactionResult r = e.result();
                add(d, new Entry(clock.instant(), e.traceId(), e.strategy(), r.strategy(),
                        r.fellBack() ? "fallback" : "success", r.tokensBefore(), r.tokensAfter(),
                        r.elapsed().toMillis(), r.requestIds(), null));
            }

            @Override
            public void onFailure(FailureEvent e) {
                List<String> ids = e.failure() instanceof CompactionException ce ? ce.requestIds() : List.of();
                add(d, new Entry(clock.instant(), e.traceId(), e.strategy(), null, "failure", 0, 0,
                        e.elapsed().toMillis(), ids, e.failure().getClass().getName()));
            }
        };
    }

    private void add(Deque<Entry> d, Entry e) {
        if (keep == 0) {
            return;
        }
        synchronized (d) {
            d.addFirst(e);
            while (d.size() > keep) {
                d.removeLast();
            }
        }
    }
}
