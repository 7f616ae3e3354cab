package io.github.compact4j.cli.logs;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Reads lines in the patterns the shipped configurations print:
 * <pre>
 * logback-console.xml:   %d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} trace=%X{..} agent=%X{..} - %msg %kvp
 * logback-per-agent.xml: %d{ISO8601} %-5level [%thread] %logger{30} trace=%X{..} - %msg %kvp
 * </pre>
 * The {@code name=value} words between the logger and {@code " - "} are MDC values ({@code trace}
 * and {@code agent} stand for {@code compact4j.trace_id} and {@code compact4j.agent_id}; {@code -}
 * means unset); the {@code key="value"} words that end the line are the key-values. A line that
 * does not start with a time belongs to the event above it (a stack trace).
 */
final class TextLineParser {

    private final String mdcPrefix;
    private final ZoneId zone;

    TextLineParser(String mdcPrefix, ZoneId zone) {
        this.mdcPrefix = mdcPrefix;
        this.zone = zone;
    }

    /** @return whether the line starts an event: a time in one of the two patterns, then a space */
    static boolean isHeader(byte[] b, int s, int e) {
        int n = e - s;
        if (n >= 13 && d(b[s]) && d(b[s + 1]) && b[s + 2] == ':' && d(b[s + 3]) && d(b[s + 4]) && b[s + 5] == ':'
                && d(b[s + 6]) && d(b[s + 7]) && b[s + 8] == '.' && d(b[s + 9]) && d(b[s + 10]) && d(b[s + 11])
                && b[s + 12] == ' ') {
            return true;
        }
        return n >= 24 && d(b[s]) && d(b[s + 1]) && d(b[s + 2]) && d(b[s + 3]) && b[s + 4] == '-' && d(b[s + 5])
                && d(b[s + 6]) && b[s + 7] == '-' && d(b[s + 8]) && d(b[s + 9]) && b[s + 10] == ' ' && d(b[s + 11])
                && d(b[s + 12]) && b[s + 13] == ':' && d(b[s + 14]) && d(b[s + 15]) && b[s + 16] == ':'
                && d(b[s + 17]) && d(b[s + 18]) && (b[s + 19] == ',' || b[s + 19] == '.') && d(b[s + 20])
                && d(b[s + 21]) && d(b[s + 22]) && b[s + 23] == ' ';
    }

    private static boolean d(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * @param b a header line ({@link #isHeader} is true)
     * @return the event
     * @throws MalformedLineException when the line starts with a time but not the rest of the pattern
     */
    LogEvent parse(byte[] b, int s, int e) {
        String line = new String(b, s, e - s, StandardCharsets.UTF_8);
        LogEvent ev = new LogEvent(LogEvent.Format.TEXT);
        ev.text.append(line);
        int pos;
        if (line.charAt(2) == ':') {
            ev.timeOfDay = LocalTime.of(num(line, 0, 2), num(line, 3, 5), num(line, 6, 8), num(line, 9, 12) * 1_000_000);
            pos = 13;
        } else {
            LocalDateTime t = LocalDateTime.of(LocalDate.of(num(line, 0, 4), num(line, 5, 7), num(line, 8, 10)),
                    LocalTime.of(num(line, 11, 13), num(line, 14, 16), num(line, 17, 19), num(line, 20, 23) * 1_000_000));
            ev.instant = t.atZone(zone).toInstant();
            pos = 24;
        }
        pos = skipSpaces(line, pos);
        int levelEnd = line.indexOf(' ', pos);
        if (levelEnd < 0) {
            throw new MalformedLineException("no level after the time");
        }
        ev.level = line.substring(pos, levelEnd);
        pos = skipSpaces(line, levelEnd);
        if (pos < line.length() && line.charAt(pos) == '[') {
            int close = line.indexOf("] ", pos);
            if (close < 0) {
                throw new MalformedLineException("the thread name in [...] is not closed");
            }
            ev.thread = line.substring(pos + 1, close);
            pos = skipSpaces(line, close + 1);
        }
        int dash = line.indexOf(" - ", pos);
        String head = dash < 0 ? line.substring(pos) : line.substring(pos, dash);
        String[] words = head.trim().split(" +");
        ev.logger = words.length > 0 ? words[0] : null;
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                String name = words[i].substring(0, eq);
                String value = words[i].substring(eq + 1);
                if (!value.equals("-") && !value.isEmpty()) {
                    ev.mdc.put(mdcKey(name), value);
                }
            }
        }
        String rest = dash < 0 ? "" : line.substring(dash + 3);
        ev.message = splitKeyValues(rest, ev);
        return ev;
    }

    private String mdcKey(String word) {
        switch (word) {
            case "trace": return mdcPrefix + "trace_id";
            case "agent": return mdcPrefix + "agent_id";
            case "span": return mdcPrefix + "span_id";
            case "run": return mdcPrefix + "run_id";
            default: return word.startsWith(mdcPrefix) ? word : mdcPrefix + word;
        }
    }

    /**
     * Takes the trailing {@code key="value"} words off the message, from the end, and returns
     * what is left: logback's {@code %kvp} writes them after the message, separated by spaces.
     */
    static String splitKeyValues(String rest, LogEvent ev) {
        int end = rest.length();
        while (end > 0 && rest.charAt(end - 1) == ' ') {
            end--;
        }
        java.util.ArrayDeque<String[]> found = new java.util.ArrayDeque<>();
        while (end > 0 && rest.charAt(end - 1) == '"') {
            int q = rest.lastIndexOf("=\"", end - 2);
            if (q <= 0) {
                break;
            }
            int ks = q;
            while (ks > 0 && isKeyChar(rest.charAt(ks - 1))) {
                ks--;
            }
            if (ks == q || (ks > 0 && rest.charAt(ks - 1) != ' ')) {
                break;
            }
            found.addFirst(new String[] {rest.substring(ks, q), rest.substring(q + 2, end - 1)});
            end = ks;
            while (end > 0 && rest.charAt(end - 1) == ' ') {
                end--;
            }
        }
        ev.keyValues.addAll(found);
        return rest.substring(0, end);
    }

    private static boolean isKeyChar(char c) {
        return c == '_' || c == '.' || c == '-' || Character.isLetterOrDigit(c);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
