package io.github.compact4j.logging;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The MDC key each field of a compaction call is logged under. Immutable.
 *
 * <p>A field is one of {@code trace_id}, {@code span_id}, {@code model}, {@code strategy}, or the
 * name of a request attribute ({@code agent_id}, {@code run_id}, {@code backend}, or any other).
 * By default its key is the field prefixed with {@code compact4j.}, e.g. {@code compact4j.trace_id}:
 * the prefix keeps the library's keys apart from OpenTelemetry's {@code trace_id} and from the
 * app's own. Change the prefix, rename single fields, or leave fields out of the MDC:
 *
 * <pre>{@code
 * TracingCompactor.builder(compactor).mdcKeys(MdcKeys.builder()
 *         .prefix("llm.")                  // llm.trace_id, llm.agent_id, ...
 *         .rename("trace_id", "traceId")   // this one exactly "traceId"
 *         .omit("span_id")                 // not in the MDC at all
 *         .build())
 *         .build();
 * }</pre>
 *
 * <p>Keys belong to a configuration, not to the JVM: give them to a
 * {@link TracingCompactor} (or to the registry that builds one per backend), and every call that
 * compactor opens, down to each HTTP attempt, uses them. Everything else uses
 * {@link #defaults()}. Two compactors of one process may name their keys differently, say for two
 * log indexes.
 */
public final class MdcKeys {

    /** The default prefix, {@value}. */
    public static final String DEFAULT_PREFIX = "compact4j.";

    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:@/-]{1,128}");
    private static final int MAX_CACHED = 256;
    private static final MdcKeys DEFAULTS = builder().build();

    private final String prefix;
    private final Map<String, String> renamed;
    /** Memoised field → key, so a call does not concatenate strings for its attributes. */
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private MdcKeys(Builder b) {
        this.prefix = b.prefix;
        this.renamed = Collections.unmodifiableMap(new HashMap<>(b.renamed));
    }

    /** @return the default keys: every field prefixed with {@value #DEFAULT_PREFIX} */
    public static MdcKeys defaults() {
        return DEFAULTS;
    }

    /** @return a new builder, starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The MDC key of a field.
     *
     * @param field {@code trace_id}, {@code span_id}, {@code model}, {@code strategy} or an
     *     attribute name
     * @return the MDC key, or null when the field is left out of the MDC
     */
    public String key(String field) {
        String k = cache.get(field);
        if (k != null) {
            return k.isEmpty() ? null : k;
        }
        String computed = renamed.containsKey(field) ? renamed.get(field) : prefix + field;
        // attribute names are the app's own few; the bound only guards against an app that
        // makes them up per call
        if (cache.size() < MAX_CACHED) {
            cache.put(field, computed == null ? "" : computed);
        }
        return computed;
    }

    /** @return the prefix put before every field not renamed */
    public String prefix() {
        return prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MdcKeys other && prefix.equals(other.prefix) && renamed.equals(other.renamed);
    }

    @Override
    public int hashCode() {
        return prefix.hashCode() * 31 + renamed.hashCode();
    }

    @Override
    public String toString() {
        return "MdcKeys{prefix=" + prefix + (renamed.isEmpty() ? "" : ", renamed=" + renamed) + "}";
    }

    /** Builds {@link MdcKeys}. Not thread-safe. */
    public static final class Builder {
        private String prefix = DEFAULT_PREFIX;
        private final Map<String, String> renamed = new HashMap<>();

        private Builder() {}

        /**
         * @param prefix put before every field that is not renamed, e.g. {@code "llm."}; may be
         *     empty, though a prefix keeps the library's keys apart from other libraries' keys
         * @return this
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.isEmpty() && !KEY.matcher(prefix).matches()) {
                throw new IllegalArgumentException("prefix must be letters, digits or _ . : @ / -, got '" + prefix + "'");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * Logs {@code field} under exactly {@code key}, without the prefix.
         *
         * @param field a field or attribute name, e.g. {@code trace_id} or {@code agent_id}
         * @param key the MDC key, e.g. {@code traceId}
         * @return this
         */
        public Builder rename(String field, String key) {
            checkField(field);
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("MDC key for '" + field
                        + "' must be 1-128 letters, digits or _ . : @ / -, got '" + key + "'");
            }
            renamed.put(field, key);
            return this;
        }

        /**
         * Leaves {@code field} out of the MDC, e.g. an attribute that is too fine-grained for a
         * log index. The trace id cannot be left out: it is what ties a call's lines together.
         *
         * @param field a field or attribute name
         * @return this
         */
        public Builder omit(String field) {
            checkField(field);
            if (field.equals("trace_id")) {
                throw new IllegalArgumentException("trace_id cannot be omitted: every log line of a call is found by it");
            }
            renamed.put(field, null);
            return this;
        }

        private static void checkField(String field) {
            if (field == null || !FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("field must be 1-64 letters, digits, '_', '.' or '-', got '" + field + "'");
            }
        }

        /** @return the keys */
        public MdcKeys build() {
            return new MdcKeys(this);
        }
    }
}
