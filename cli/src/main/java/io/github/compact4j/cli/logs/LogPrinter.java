package io.github.compact4j.cli.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Prints matching events: readably, one line each (and the stack trace under it), or as JSON
 * lines. A JSON event is printed with {@code --json} exactly as it was read; a console-pattern
 * event is turned into a JSON object with logback {@code JsonEncoder}'s field names, so the
 * {@code jq} recipes of {@code docs/logging.md} work on either.
 */
public final class LogPrinter implements LogScan.Sink {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final OutputStream out;
    private final boolean asJson;
    private final boolean withFileName;
    private final String prefix;
    private final DateTimeFormatter time;
    private final StringBuilder sb = new StringBuilder(512);

    /**
     * @param out where to print; buffered by the caller
     * @param asJson JSON lines instead of readable lines
     * @param withFileName whether to start each readable line with its file's name, as grep does for several files
     * @param mdcPrefix the MDC keys' prefix, left out of the readable lines
     * @param zone the zone readable times are shown in
     */
    public LogPrinter(OutputStream out, boolean asJson, boolean withFileName, String mdcPrefix, ZoneId zone) {
        this.out = out;
        this.asJson = asJson;
        this.withFileName = withFileName;
        this.prefix = mdcPrefix;
        this.time = TIME.withZone(zone);
    }

    @Override
    public void json(Path file, LogEvent e, byte[] raw, int start, int end) throws IOException {
        if (asJson) {
            out.write(raw, start, end - start);
            out.write('\n');
            return;
        }
        sb.setLength(0);
        if (withFileName) {
            sb.append(file).append(':');
        }
        sb.append(e.instant != null ? time.format(e.instant) : "-").append(' ');
        appendPadded(e.level == null ? "-" : e.level, 5);
        sb.append(" [").append(e.thread == null ? "-" : e.thread).append("] ");
        sb.append(e.logger == null ? "-" : e.logger);
        appendMdc(e.mdc);
        sb.append(" - ").append(e.message == null ? "" : e.message);
        for (String[] kv : e.keyValues) {
            sb.append(' ').append(kv[0]).append('=').append(quoteIfNeeded(kv[1]));
        }
        if (e.throwable != null && !e.throwable.isEmpty()) {
            sb.append('\n').append(e.throwable);
        }
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void text(Path file, LogEvent e) throws IOException {
        if (!asJson) {
            String s = withFileName ? file + ":" + e.text : e.text.toString();
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(buf)) {
            g.writeStartObject();
            if (e.instant != null) {
                g.writeNumberField("timestamp", e.instant.toEpochMilli());
            } else if (e.timeOfDay != null) {
                // the line has no date, so there is no instant to give: keep the time as written
                g.writeStringField("time", TIME_OF_DAY.format(e.timeOfDay));
            }
            g.writeStringField("level", e.level);
            g.writeStringField("threadName", e.thread);
            g.writeStringField("loggerName", e.logger);
            g.writeObjectFieldStart("mdc");
            for (Map.Entry<String, String> m : e.mdc.entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("kvpList");
            for (String[] kv : e.keyValues) {
                g.writeStartObject();
                g.writeStringField(kv[0], kv[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("formattedMessage", e.message);
            if (e.throwable != null) {
                g.writeStringField("throwable", e.throwable);
            }
            g.writeEndObject();
        }
        buf.write('\n');
        buf.writeTo(out);
    }

    /** JSON lines are printed as read: only readable output needs the parsed details. */
    @Override
    public boolean needsDetails() {
        return !asJson;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * trace, agent and backend first, by their short names; then the rest. Never the span id, nor
     * the MDC's strategy, which names the outer chain and would read as a second, different
     * {@code strategy=} beside the line's own key-value.
     */
    private void appendMdc(Map<String, String> mdc) {
        appendKey(mdc, "trace_id", "trace");
        appendKey(mdc, "agent_id", "agent");
        appendKey(mdc, "backend", "backend");
        for (Map.Entry<String, String> m : mdc.entrySet()) {
            String k = m.getKey().startsWith(prefix) ? m.getKey().substring(prefix.length()) : m.getKey();
            if (k.equals("trace_id") || k.equals("agent_id") || k.equals("backend") || k.equals("span_id")
                    || k.equals("strategy")) {
                continue;
            }
            sb.append(' ').append(k).append('=').append(quoteIfNeeded(m.getValue()));
        }
    }

    private void appendKey(Map<String, String> mdc, String field, String shown) {
        String v = mdc.get(prefix + field);
        if (v != null) {
            sb.append(' ').append(shown).append('=').append(quoteIfNeeded(v));
        }
    }

    private void appendPadded(String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
    }

    private static String quoteIfNeeded(String v) {
        if (v == null) {
            return "null";
        }
        if (v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('"') >= 0) {
            return '"' + v.replace("\"", "\\\"") + '"';
        }
        return v;
    }
}
