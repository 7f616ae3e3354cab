package io.github.compact4j.logging;

import io.github.compact4j.Attempt;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import java.util.function.Function;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Small compactors for testing the tracing layer. They do no real compaction (that is each
 * strategy's own tests' business); they log a line of their own, record the MDC they ran with,
 * and return a fixed shape of result or throw, exactly as a strategy would.
 */
final class TestCompactors {

    private static final Logger APP = LoggerFactory.getLogger(LogCapture.APP);

    private TestCompactors() {}

    static List<Item> conversation(int n) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(i % 2 == 0 ? Message.user("question " + i) : Message.assistant("answer " + i));
        }
        return items;
    }

    static CompactionRequest.Builder request(int items) {
        return CompactionRequest.builder().model("gpt-5.1").items(conversation(items));
    }

    /** Records the MDC and thread each call ran with. */
    abstract static class Recording implements ContextCompactor {
        final List<Map<String, String>> mdcSeen = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        void record() {
            Map<String, String> m = MDC.getCopyOfContextMap();
            mdcSeen.add(m == null ? Map.of() : m);
            threads.add(Thread.currentThread());
        }
    }

    /** A compactor whose work is the given function, run in the trace scope like a library strategy's. */
    static TracedCompactor traced(String name, Function<CompactionRequest, CompactionResult.Builder> work) {
        return new TracedCompactor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected CompactionResult.Builder doCompact(CompactionRequest request) {
                return work.apply(request);
            }
        };
    }

    /** Records the MDC and thread each call ran with, inside the trace scope. */
    abstract static class RecordingTraced extends TracedCompactor {
        final List<Map<String, String>> mdcSeen = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        void record() {
            Map<String, String> m = MDC.getCopyOfContextMap();
            mdcSeen.add(m == null ? Map.of() : m);
            threads.add(Thread.currentThread());
        }
    }

    /** Like a library strategy: runs in the scope as a TracedCompactor; keeps the last item. */
    static final class KeepLast extends RecordingTraced {
        private final String name;

        KeepLast(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected CompactionResult.Builder doCompact(CompactionRequest request) {
            record();
            APP.info("{} working on {} items", name, request.items().size());
            List<Item> items = request.items();
            return CompactionResult.builder()
                    .items(items.subList(items.size() - 1, items.size()))
                    .itemsBefore(items.size())
                    .tokensBefore(items.size() * 10)
                    .tokensAfter(10)
                    .requestIds(List.of("req_" + name));
        }
    }

    /** Like a library strategy whose backend fails: a CompactionException with an I/O cause. */
    static final class Failing extends RecordingTraced {
        private final String name;

        Failing(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        protected CompactionResult.Builder doCompact(CompactionRequest request) {
            record();
            APP.info("{} about to fail", name);
            throw new CompactionException(name + " compaction failed",
                    new IOException("connection reset by sk-proj-abcdefghijklmnopqrstuvwx"));
        }
    }

    /** A user's compactor that knows nothing of tracing. */
    static class Plain extends Recording {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public CompactionResult compact(CompactionRequest request) {
            record();
            APP.info("plain working");
            // a compactor that knows nothing of tracing still has to name its trace and time
            return CompactionResult.builder().strategy("plain").items(request.items())
                    .itemsBefore(request.items().size()).tokensBefore(5).tokensAfter(5)
                    .traceId(TraceContext.current().map(TraceContext::traceId).orElse(TraceContext.newTraceId()))
                    .elapsed(Duration.ZERO).attempts(List.of(Attempt.succeeded("plain", Duration.ZERO, List.of())))
                    .build();
        }
    }

    /**
     * A fallback chain as the library's is: tries each strategy in turn inside its own scope and
     * reports each failure through reportAttemptFailed.
     */
    static final class Chain extends TracedCompactor {
        private final List<ContextCompactor> strategies;

        Chain(ContextCompactor... strategies) {
            this.strategies = List.of(strategies);
        }

        @Override
        public String name() {
            return "chain";
        }

        @Override
        protected CompactionResult.Builder doCompact(CompactionRequest r) {
            List<Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < strategies.size(); i++) {
                ContextCompactor s = strategies.get(i);
                long t0 = System.nanoTime();
                try {
                    CompactionResult result = s.compact(r);
                    attempts.addAll(result.attempts());
                    return result.toBuilder().fellBack(i > 0).attempts(attempts);
                } catch (CompactionException e) {
                    Duration d = Duration.ofNanos(System.nanoTime() - t0);
                    attempts.add(Attempt.failed(s.name(), d, e));
                    String next = i + 1 < strategies.size() ? strategies.get(i + 1).name() : null;
                    reportAttemptFailed(s.name(), e, d, next);
                    if (next == null) {
                        throw e;
                    }
                }
            }
            throw new IllegalStateException("empty chain");
        }
    }
}
