package io.github.compact4j.cli.logs;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the {@code logs} command keeps: MDC values (any of the values given for a key, every key
 * given), a lowest level, a time range. Built once; asked once per line.
 *
 * <p>Besides the exact test on a parsed event ({@link #matches}), it offers a cheap test on the
 * raw bytes of a line ({@link #mayMatchJson}, {@link #mayMatchText}): an event can only match if
 * each filtered value appears somewhere in its line, so most lines are rejected by a byte search
 * without being parsed. Values JSON might write escaped are left out of that test.
 */
public final class LogQuery {

    private final String mdcPrefix;
    /** Full MDC key to the values any of which it must have. */
    private final Map<String, Set<String>> mdc;
    private final int minLevel;
    private final Instant since;
    private final Instant until;
    private final LocalTime sinceTimeOfDay;
    private final LocalTime untilTimeOfDay;
    /** Every group must have one of its needles in the line. */
    private final Needle[][] groups;
    private final Needle[] jsonLevelNeedles;

    private LogQuery(Builder b) {
        this.mdcPrefix = b.mdcPrefix;
        this.mdc = new LinkedHashMap<>(b.mdc);
        this.minLevel = b.minLevel;
        this.since = b.since;
        this.until = b.until;
        this.sinceTimeOfDay = b.sinceTimeOfDay;
        this.untilTimeOfDay = b.untilTimeOfDay;
        List<Needle[]> gs = new ArrayList<>();
        for (Set<String> values : mdc.values()) {
            if (values.stream().allMatch(LogQuery::writtenVerbatim)) {
                gs.add(values.stream().map(Needle::new).toArray(Needle[]::new));
            }
        }
        this.groups = gs.toArray(new Needle[0][]);
        if (minLevel > 0) {
            this.jsonLevelNeedles = Levels.ORDER.subList(minLevel, Levels.ORDER.size()).stream()
                    .map(l -> new Needle("\"" + l + "\"")).toArray(Needle[]::new);
        } else {
            this.jsonLevelNeedles = null;
        }
    }

    /** @return a builder; MDC keys are named without the prefix, e.g. {@code trace_id} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the MDC keys' prefix */
    public String mdcPrefix() {
        return mdcPrefix;
    }

    /**
     * @param field an MDC field without the prefix, e.g. {@code backend} (which plain-text lines do not carry)
     * @return whether it filters on that field
     */
    public boolean filtersOn(String field) {
        return mdc.containsKey(mdcPrefix + field);
    }

    /** ASCII that no JSON encoder escapes: such a value appears in the line byte for byte. */
    private static boolean writtenVerbatim(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/' || c == '<' || c == '>' || c == '&'
                    || c == '\'' || c == '=') {
                return false;
            }
        }
        return true;
    }

    /** @return false when the JSON line cannot match; true when it has to be parsed to know */
    boolean mayMatchJson(byte[] b, int s, int e) {
        if (jsonLevelNeedles != null && !containsAny(b, s, e, jsonLevelNeedles)) {
            return false;
        }
        return groupsFound(b, s, e);
    }

    /** @return false when the console-pattern line cannot match; true when it has to be parsed */
    boolean mayMatchText(byte[] b, int s, int e) {
        if (minLevel > 0) {
            int rank = TextLevel.rank(b, s, e);
            if (rank >= 0 && rank < minLevel) {
                return false;
            }
        }
        return groupsFound(b, s, e);
    }

    private boolean groupsFound(byte[] b, int s, int e) {
        for (Needle[] g : groups) {
            if (!containsAny(b, s, e, g)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAny(byte[] b, int s, int e, Needle[] needles) {
        for (Needle n : needles) {
            if (n.indexIn(b, s, e) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the parsed event passes every filter */
    boolean matches(LogEvent e) {
        for (Map.Entry<String, Set<String>> f : mdc.entrySet()) {
            String v = e.mdc.get(f.getKey());
            if (v == null || !f.getValue().contains(v)) {
                return false;
            }
        }
        if (minLevel > 0 && Levels.rank(e.level) < minLevel) {
            return false;
        }
        if (since != null || until != null) {
            if (e.instant != null) {
                if ((since != null && e.instant.isBefore(since)) || (until != null && !e.instant.isBefore(until))) {
                    return false;
                }
            } else if (e.timeOfDay != null) {
                if ((sinceTimeOfDay != null && e.timeOfDay.isBefore(sinceTimeOfDay))
                        || (untilTimeOfDay != null && !e.timeOfDay.isBefore(untilTimeOfDay))) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** Builds a {@link LogQuery}. */
    public static final class Builder {
        private String mdcPrefix = "compact4j.";
        private final Map<String, Set<String>> mdc = new LinkedHashMap<>();
        private int minLevel = -1;
        private Instant since;
        private Instant until;
        private LocalTime sinceTimeOfDay;
        private LocalTime untilTimeOfDay;

        private Builder() {}

        /** @param prefix the MDC keys' prefix, {@code compact4j.} by default @return this */
        public Builder mdcPrefix(String prefix) {
            // the keys already given were named without the prefix: move them
            Map<String, Set<String>> renamed = new LinkedHashMap<>();
            mdc.forEach((k, v) -> renamed.put(prefix + k.substring(mdcPrefix.length()), v));
            mdc.clear();
            mdc.putAll(renamed);
            this.mdcPrefix = prefix;
            return this;
        }

        /**
         * @param field an MDC field without the prefix, e.g. {@code trace_id}
         * @param values the values any of which it must have; none adds no filter
         * @return this
         */
        public Builder mdc(String field, List<String> values) {
            if (values != null && !values.isEmpty()) {
                mdc.computeIfAbsent(mdcPrefix + field, k -> new LinkedHashSet<>()).addAll(values);
            }
            return this;
        }

        /** @param level the lowest level kept, e.g. {@code WARN} (which keeps ERROR too) @return this */
        public Builder minLevel(String level) {
            int r = Levels.rank(level);
            if (r < 0) {
                throw new IllegalArgumentException("unknown level '" + level + "': use one of " + Levels.ORDER);
            }
            this.minLevel = r;
            return this;
        }

        /**
         * @param since the earliest time kept, inclusive
         * @param timeOfDay the same time as a time of day, for lines that carry no date
         * @return this
         */
        public Builder since(Instant since, LocalTime timeOfDay) {
            this.since = since;
            this.sinceTimeOfDay = timeOfDay;
            return this;
        }

        /**
         * @param until the first time no longer kept
         * @param timeOfDay the same time as a time of day, for lines that carry no date
         * @return this
         */
        public Builder until(Instant until, LocalTime timeOfDay) {
            this.until = until;
            this.untilTimeOfDay = timeOfDay;
            return this;
        }

        /** @return the query */
        public LogQuery build() {
            return new LogQuery(this);
        }
    }
}
