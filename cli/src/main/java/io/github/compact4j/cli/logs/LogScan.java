package io.github.compact4j.cli.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * Runs a {@link LogQuery} over log files and hands the events that match to a {@link Sink}.
 *
 * <p>Each line is looked at as bytes first: a JSON line ({@code {...}}) or a console-pattern line
 * (starting with a time) that cannot match is dropped after a byte search, without being decoded
 * or parsed; only the few that may match are parsed and tested exactly. Lines of other shapes
 * continue the console-pattern event above them (a stack trace), or, when there is none, are
 * reported as unrecognised.
 */
public final class LogScan {

    /** Receives the events that match. */
    public interface Sink {
        /**
         * A JSON event that matched; {@code raw} is its line, valid only during the call.
         *
         * @throws IOException when the output fails
         */
        void json(Path file, LogEvent event, byte[] raw, int start, int end) throws IOException;

        /**
         * A console-pattern event that matched, complete with the lines that followed it.
         *
         * @throws IOException when the output fails
         */
        void text(Path file, LogEvent event) throws IOException;

        /**
         * Called after each block of lines (and when the end of a followed file is reached).
         *
         * @throws IOException when the output fails
         */
        default void flush() throws IOException {}

        /**
         * @return whether {@link #json} needs the event's message, logger, key-values and stack
         *     trace; when not, a JSON line is only parsed as far as the filters need
         */
        default boolean needsDetails() {
            return true;
        }
    }

    /** Told about lines that cannot be read; the message names the file and line. */
    public interface Problems {
        /**
         * @param file the file
         * @param line its 1-based line number
         * @param problem what is wrong
         * @param lastLineCutShort whether it is an unfinished last line (a writer mid-line)
         */
        void malformed(Path file, long line, String problem, boolean lastLineCutShort);
    }

    private final LogQuery query;
    private final JsonLineParser json;
    private final TextLineParser text;
    private final Sink sink;
    private final boolean details;
    private final Problems problems;
    private final LineSource source;

    private long matched;
    private long textEvents;
    private Path file;
    /** The console-pattern event that matched, still collecting its stack trace lines. */
    private LogEvent pending;
    /** Whether the last event seen was a console-pattern one (matched or not). */
    private boolean inText;

    /**
     * @param query the filters
     * @param zone the time zone of times written without one
     * @param sink gets what matches
     * @param problems gets what cannot be read
     */
    public LogScan(LogQuery query, ZoneId zone, Sink sink, Problems problems) {
        this(query, zone, sink, problems, new LineSource());
    }

    LogScan(LogQuery query, ZoneId zone, Sink sink, Problems problems, LineSource source) {
        this.query = query;
        this.json = new JsonLineParser(query.mdcPrefix());
        this.text = new TextLineParser(query.mdcPrefix(), zone);
        this.sink = sink;
        this.details = sink.needsDetails();
        this.problems = problems;
        this.source = source;
    }

    /**
     * Scans one file to its end, or follows it until the thread is interrupted.
     *
     * @param path the file
     * @param follow whether to keep reading as it grows
     * @param onRestart told when a followed file shrinks and is read from its start again
     * @throws IOException when the file cannot be read or the sink fails
     */
    public void scan(Path path, boolean follow, Consumer<Path> onRestart) throws IOException {
        this.file = path;
        this.pending = null;
        this.inText = false;
        IOException[] failure = new IOException[1];
        source.read(path, this::line, follow, () -> {
            try {
                // a followed file waits here, so print the last text event now: its stack trace, if any, has been written
                closeText();
                sink.flush();
                return true;
            } catch (IOException e) {
                failure[0] = e;
                return false;
            }
        }, onRestart::accept);
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** @return how many events matched so far */
    public long matched() {
        return matched;
    }

    /** @return how many console-pattern events were read so far (matched or not) */
    public long textEvents() {
        return textEvents;
    }

    private void line(byte[] b, int s, int e, long lineNo, boolean terminated) throws IOException {
        int i = s;
        while (i < e && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i < e && b[i] == '{') {
            closeText();
            inText = false;
            if (!query.mayMatchJson(b, i, e)) {
                return;
            }
            LogEvent ev;
            try {
                // the filters need time, level and MDC only: read the rest once the line is kept
                ev = json.parse(b, i, e, false);
                if (!query.matches(ev)) {
                    return;
                }
                if (details) {
                    ev = json.parse(b, i, e, true);
                }
            } catch (MalformedLineException ex) {
                problems.malformed(file, lineNo, ex.getMessage(), !terminated);
                return;
            }
            matched++;
            sink.json(file, ev, b, s, e);
            return;
        }
        if (TextLineParser.isHeader(b, s, e)) {
            closeText();
            inText = true;
            textEvents++;
            if (!query.mayMatchText(b, s, e)) {
                return;
            }
            LogEvent ev;
            try {
                ev = text.parse(b, s, e);
            } catch (MalformedLineException | java.time.DateTimeException ex) {
                problems.malformed(file, lineNo, "starts with a time but is not in the console pattern: " + ex.getMessage(),
                        !terminated);
                return;
            }
            if (query.matches(ev)) {
                pending = ev;
            }
            return;
        }
        if (inText) {
            if (pending != null) {
                pending.text.append('\n').append(new String(b, s, e - s, StandardCharsets.UTF_8));
            }
            return;
        }
        if (e > s) {
            problems.malformed(file, lineNo, "not a log line: neither a JSON object nor a line of the console pattern",
                    !terminated);
        }
    }

    private void closeText() throws IOException {
        if (pending != null) {
            LogEvent ev = pending;
            pending = null;
            int nl = ev.text.indexOf("\n");
            if (nl >= 0) {
                ev.throwable = ev.text.substring(nl + 1);
            }
            matched++;
            sink.text(file, ev);
        }
    }
}
