package io.github.compact4j.cli.logs;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One log event, read from a JSON line (logback's {@code JsonEncoder} or
 * logstash-logback-encoder) or from a line in the shipped console pattern. Only what the filters
 * and the printer need is kept.
 */
public final class LogEvent {

    /** Where the event came from. */
    public enum Format {
        /** A JSON line; its raw bytes are printed as they are with {@code --json}. */
        JSON,
        /** A line in the console or per-agent pattern, with the lines of its stack trace. */
        TEXT
    }

    final Format format;
    /** The full time, when the line has a date. */
    Instant instant;
    /** The time of day, when the line has no date (the console pattern's {@code HH:mm:ss.SSS}). */
    LocalTime timeOfDay;
    String level;
    String thread;
    String logger;
    String message;
    final Map<String, String> mdc = new LinkedHashMap<>();
    final List<String[]> keyValues = new ArrayList<>();
    String throwable;
    /** For text events: the header line and the lines that follow it (its stack trace). */
    final StringBuilder text = new StringBuilder();

    LogEvent(Format format) {
        this.format = format;
    }

    /** @return the format it was read from */
    public Format format() {
        return format;
    }

    /** @return the level, upper case, or null when the line has none */
    public String level() {
        return level;
    }

    /** @return the logger name */
    public String logger() {
        return logger;
    }

    /** @return the formatted message */
    public String message() {
        return message;
    }

    /** @return the MDC entries, keys as written (with their prefix) */
    public Map<String, String> mdc() {
        return mdc;
    }

    /**
     * @param key a key-value's key, e.g. {@code tokens_after}
     * @return its value as text, or null
     */
    public String keyValue(String key) {
        for (String[] kv : keyValues) {
            if (kv[0].equals(key)) {
                return kv[1];
            }
        }
        return null;
    }

    /** @return the time, when the line has a date */
    public Instant instant() {
        return instant;
    }
}
