package io.github.compact4j.registry;

import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.logging.TracedCompactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Tries strategies in order until one succeeds: typically native compaction, then summarizing,
 * then masking, which cannot fail. The result names the strategy that produced it, says whether
 * the chain fell back, and lists every attempt with its outcome, duration and request ids.
 *
 * <pre>{@code
 * ContextCompactor chain = FallbackChain.builder()
 *         .then(OpenAiCompactClient.fromEnv())
 *         .then(summarizing)
 *         .then(ToolOutputMaskingCompactor.builder().build())
 *         .build();
 * CompactionResult r = chain.compact(request);
 * if (r.fellBack()) { ... r.attempts() ... }
 * }</pre>
 *
 * <p>Which failures move on is the {@link FallbackPolicy}'s call. A link may carry a
 * {@link Guard} that skips it (for example, a native endpoint remembered not to support
 * compaction) and learns from its failures.
 */
public final class FallbackChain extends TracedCompactor {

    private final List<Link> links;
    private final FallbackPolicy policy;
    private final String name;

    private FallbackChain(Builder b) {
        if (b.links.isEmpty()) {
            throw new IllegalStateException("a fallback chain needs at least one strategy: then(compactor)");
        }
        this.links = List.copyOf(b.links);
        this.policy = b.policy;
        StringJoiner j = new StringJoiner(">", "chain[", "]");
        links.forEach(l -> j.add(l.compactor.name()));
        this.name = j.toString();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the chain's name, e.g. {@code chain[openai-compact>summarizing>masking]} */
    @Override
    public String name() {
        return name;
    }

    /** @return the strategies in the order they are tried */
    public List<ContextCompactor> strategies() {
        return links.stream().map(l -> l.compactor).toList();
    }

    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Attempt> attempts = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        RuntimeException last = null;
        List<RuntimeException> failures = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            String strategy = link.compactor.name();
            Optional<String> skip = link.guard.skipReason(request);
            if (skip.isPresent()) {
                attempts.add(Attempt.skipped(strategy, skip.get()));
                reportSkipped(strategy, skip.get(), nextName(i));
                continue;
            }
            long start = System.nanoTime();
            try {
                CompactionResult r = link.compactor.compact(request);
                if (r == null) {
                    throw new CompactionException("Compactor '" + strategy + "' returned no result; this is a bug in"
                            + " that compactor");
                }
                link.guard.succeeded(request);
                attempts.addAll(r.attempts());
                requestIds.addAll(r.requestIds());
                // the scope puts its own trace id and the whole chain's elapsed time on it
                return r.toBuilder()
                        .attempts(attempts)
                        .requestIds(requestIds)
                        .fellBack(r.fellBack() || i > 0);
            } catch (RuntimeException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                link.guard.failed(request, e);
                Attempt failed = Attempt.failed(strategy, took, e);
                attempts.add(failed);
                requestIds.addAll(failed.requestIds());
                failures.add(e);
                last = e;
                boolean moveOn = i + 1 < links.size()
                        && policy.shouldFallBack(e, link.compactor, links.get(i + 1).compactor);
                reportAttemptFailed(strategy, e, took, moveOn ? nextName(i) : null);
                if (!moveOn) {
                    break;
                }
            }
        }
        if (last == null) {
            throw new CompactionException("Every strategy of " + name
                    + " was skipped, so nothing was compacted: " + attempts);
        }
        for (RuntimeException f : failures) {
            if (f != last) {
                last.addSuppressed(f);
            }
        }
        throw last;
    }

    private String nextName(int i) {
        return i + 1 < links.size() ? links.get(i + 1).compactor.name() : null;
    }

    /**
     * Skips a link when it is known not to work and learns from its outcomes. Implementations
     * must be thread-safe.
     */
    public interface Guard {
        /** A guard that never skips. */
        Guard NONE = request -> Optional.empty();

        /**
         * @param request the request about to be compacted
         * @return why the link should be skipped, or empty to try it
         */
        Optional<String> skipReason(CompactionRequest request);

        /**
         * Called after the link failed.
         *
         * @param request the request
         * @param failure what it threw
         */
        default void failed(CompactionRequest request, RuntimeException failure) {}

        /**
         * Called after the link succeeded.
         *
         * @param request the request
         */
        default void succeeded(CompactionRequest request) {}
    }

    private record Link(ContextCompactor compactor, Guard guard) {}

    /** Builds a {@link FallbackChain}. */
    public static final class Builder {
        private final List<Link> links = new ArrayList<>();
        private FallbackPolicy policy = FallbackPolicy.defaults();

        private Builder() {}

        /**
         * @param compactor the next strategy to try
         * @return this
         */
        public Builder then(ContextCompactor compactor) {
            return then(compactor, Guard.NONE);
        }

        /**
         * @param compactor the next strategy to try
         * @param guard decides when to skip it
         * @return this
         */
        public Builder then(ContextCompactor compactor, Guard guard) {
            links.add(new Link(Objects.requireNonNull(compactor, "compactor"), Objects.requireNonNull(guard, "guard")));
            return this;
        }

        /**
         * @param policy which failures move on to the next strategy; {@link FallbackPolicy#defaults()} by default
         * @return this
         */
        public Builder policy(FallbackPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @return the chain
         * @throws IllegalStateException when no strategy was added
         */
        public FallbackChain build() {
            return new FallbackChain(this);
        }
    }
}
