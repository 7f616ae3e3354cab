package io.github.compact4j.logging;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * Runs any {@link ContextCompactor}, your own included, inside compact4j's trace scope with
 * options of its own: {@link CompactionListener}s, MDC key names ({@link MdcKeys}), the levels of
 * the start and end lines, and attributes put in the MDC of every call (the registry adds
 * {@code backend}).
 *
 * <pre>{@code
 * ContextCompactor traced = TracingCompactor.builder(myCompactor)
 *         .listener(metricsListener)
 *         .build();
 * CompactionResult r = traced.compact(CompactionRequest.builder()
 *         .model("gpt-5.1").items(history).attribute("agent_id", "agent_a").build());
 * // every line logged during the call carries compact4j.trace_id = r.traceId()
 * }</pre>
 *
 * <p>Every compactor the library builds already runs in the scope ({@link TracedCompactor}), so
 * wrapping one is only needed to add listeners or options; it never logs a call twice. Scopes
 * nest: when a call is already open on the thread, the inner call joins the outer one, which
 * alone resolves the trace id, logs and applies its options; the inner call only sets
 * {@code compact4j.strategy} for its duration and tells its own listeners about itself.
 * {@link #wrap(ContextCompactor)} never wraps a {@code TracingCompactor} twice, and the builder
 * unwraps one, so there is always a single layer.
 *
 * <p>Thread-safe and immutable.
 */
public final class TracingCompactor extends TracedCompactor {

    private final ContextCompactor delegate;
    private final Tracing.Options options;

    private TracingCompactor(ContextCompactor delegate, Tracing.Options options) {
        this.delegate = delegate;
        this.options = options;
    }

    /**
     * Wraps {@code compactor} with the default options.
     *
     * @param compactor any compactor
     * @return {@code compactor} itself if it already is a {@code TracingCompactor}, else a new one
     */
    public static TracingCompactor wrap(ContextCompactor compactor) {
        Objects.requireNonNull(compactor, "compactor");
        if (compactor instanceof TracingCompactor t) {
            return t;
        }
        return new TracingCompactor(compactor, Tracing.Options.DEFAULT);
    }

    /**
     * Starts a {@code TracingCompactor} with options. Given a {@code TracingCompactor}, the
     * builder starts from its delegate and options, so the result is still a single layer.
     *
     * @param compactor any compactor
     * @return the builder
     */
    public static Builder builder(ContextCompactor compactor) {
        return new Builder(Objects.requireNonNull(compactor, "compactor"));
    }

    /** @return the wrapped compactor's name: the decorator reports what it runs */
    @Override
    public String name() {
        return delegate.name();
    }

    /**
     * Runs the wrapped compactor; the scope completes its result with the trace id and the elapsed
     * time of the whole call.
     *
     * @param request what to compact
     * @return the wrapped compactor's result, as a builder
     */
    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        CompactionResult inner = delegate.compact(request);
        if (inner == null) {
            throw new io.github.compact4j.errors.CompactionException("Compactor '" + delegate.name()
                    + "' returned no result; this is a bug in that compactor");
        }
        return inner.toBuilder();
    }

    @Override
    Tracing.Options traceOptions() {
        return options;
    }

    /** @return the wrapped compactor */
    public ContextCompactor delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return "TracingCompactor{" + delegate + "}";
    }

    /** Builds a {@link TracingCompactor}. Not thread-safe. */
    public static final class Builder {
        private final ContextCompactor delegate;
        private final List<CompactionListener> listeners = new ArrayList<>();
        private MdcKeys keys;
        private Level successLevel = Level.INFO;
        private Level failureLevel = Level.WARN;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(ContextCompactor compactor) {
            if (compactor instanceof TracingCompactor t) {
                this.delegate = t.delegate;
                this.listeners.addAll(t.options.listeners());
                this.keys = t.options.keys();
                this.successLevel = t.options.successLevel();
                this.failureLevel = t.options.failureLevel();
                this.attributes.putAll(t.options.attributes());
            } else {
                this.delegate = compactor;
            }
        }

        /**
         * Adds a listener for this compactor's calls.
         *
         * @param listener the listener
         * @return this
         */
        public Builder listener(CompactionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Puts an attribute in the MDC of every call, as {@code compact4j.<name>}, unless the
         * request carries an attribute of the same name (the request's wins). The registry uses it
         * for {@code backend}.
         *
         * @param name letters, digits, {@code _ . -}, at most 64 characters
         * @param value the value
         * @return this
         * @throws IllegalArgumentException when the name is not of that form
         */
        public Builder attribute(String name, String value) {
            io.github.compact4j.CompactionRequest.Builder.checkAttributeName(name);
            attributes.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Names this compactor's MDC keys, instead of {@link MdcKeys#defaults()}, e.g. to map
         * request attributes onto keys the app's log index already has.
         *
         * @param keys the key names
         * @return this
         */
        public Builder mdcKeys(MdcKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * @param level the level of the line logged when a call succeeds; default INFO (DEBUG
         *     makes routine compactions quiet)
         * @return this
         */
        public Builder successLevel(Level level) {
            this.successLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * @param level the level of the line logged when a call fails; default WARN (the caller
         *     gets the exception and decides how bad it is)
         * @return this
         */
        public Builder failureLevel(Level level) {
            this.failureLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** @return the compactor */
        public TracingCompactor build() {
            return new TracingCompactor(delegate, new Tracing.Options(listeners, keys, successLevel, failureLevel, attributes));
        }
    }
}
