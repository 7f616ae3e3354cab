package io.github.compact4j.cli;

import io.github.compact4j.cli.logs.LogEvent;
import io.github.compact4j.cli.logs.LogQuery;
import io.github.compact4j.cli.logs.LogScan;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a compaction's own log lines say about it, found by its trace id: the figures of the
 * {@code compaction succeeded} INFO line (items and tokens before and after), masking's and
 * summarizing's DEBUG lines (outputs masked, items summarized), and its WARN lines (fallbacks).
 * The journal does not hold these figures, so {@code journal show --logs} takes them from here.
 */
final class LogFacts {

    /** The facts about one trace; null fields were not logged. */
    static final class Facts {
        Integer itemsBefore;
        Integer itemsAfter;
        Integer tokensBefore;
        Integer tokensAfter;
        Long elapsedMs;
        Boolean fellBack;
        Integer outputsMasked;
        Integer outputsTruncated;
        Integer reasoningStripped;
        Integer summarizedItems;
        Integer summaryTokens;
        String agent;
        String backend;
        String model;
        final List<String> warnings = new ArrayList<>();
    }

    private final Map<String, Facts> byTrace = new HashMap<>();

    /** @return the facts logged under a trace id, or null */
    Facts get(String traceId) {
        return traceId == null ? null : byTrace.get(traceId);
    }

    boolean isEmpty() {
        return byTrace.isEmpty();
    }

    /**
     * Scans log files for the lines of the given traces.
     *
     * @param files JSON-lines or console-pattern logs
     * @param traces the trace ids wanted (the journal's)
     * @param warn told about unreadable lines
     * @return what was found
     */
    static LogFacts scan(List<Path> files, Collection<String> traces, String mdcPrefix, Consumer<String> warn) {
        LogFacts facts = new LogFacts();
        if (files.isEmpty() || traces.isEmpty()) {
            return facts;
        }
        LogQuery query = LogQuery.builder().mdcPrefix(mdcPrefix).mdc("trace_id", List.copyOf(traces)).build();
        LogScan.Sink sink = new LogScan.Sink() {
            @Override
            public void json(Path file, LogEvent e, byte[] raw, int start, int end) {
                facts.add(e, mdcPrefix);
            }

            @Override
            public void text(Path file, LogEvent e) {
                facts.add(e, mdcPrefix);
            }
        };
        int[] warned = {0};
        LogScan scan = new LogScan(query, ZoneId.of("UTC"), sink, (file, line, problem, cutShort) -> {
            if (warned[0]++ < 3) {
                warn.accept(file + ":" + line + ": skipped: " + problem);
            }
        });
        for (Path f : files) {
            try {
                scan.scan(f, false, p -> {});
            } catch (NoSuchFileException e) {
                throw CliException.badInput(f + ": no such file");
            } catch (IOException e) {
                throw CliException.badInput(f + ": cannot be read: " + e.getMessage());
            }
        }
        return facts;
    }

    private void add(LogEvent e, String prefix) {
        String trace = e.mdc().get(prefix + "trace_id");
        Facts f = byTrace.computeIfAbsent(trace, t -> new Facts());
        String logger = e.logger() == null ? "" : e.logger();
        String msg = e.message() == null ? "" : e.message();
        if (f.agent == null) {
            f.agent = e.mdc().get(prefix + "agent_id");
        }
        if (f.backend == null) {
            f.backend = e.mdc().get(prefix + "backend");
        }
        if (f.model == null) {
            f.model = e.mdc().get(prefix + "model");
        }
        if ("WARN".equals(e.level()) || "ERROR".equals(e.level())) {
            f.warnings.add(msg);
        }
        if (logger.endsWith("compact4j.compaction") && msg.startsWith("compaction succeeded")) {
            f.itemsBefore = integer(e, "items_before");
            f.itemsAfter = integer(e, "items_after");
            f.tokensBefore = integer(e, "tokens_before");
            f.tokensAfter = integer(e, "tokens_after");
            Integer ms = integer(e, "elapsed_ms");
            f.elapsedMs = ms == null ? null : ms.longValue();
            String fb = e.keyValue("fell_back");
            f.fellBack = fb == null ? null : Boolean.valueOf(fb);
        } else if (logger.endsWith("ToolOutputMaskingCompactor") && msg.startsWith("masking:")) {
            f.outputsMasked = integer(e, "outputs_masked");
            f.outputsTruncated = integer(e, "outputs_truncated");
            f.reasoningStripped = integer(e, "reasoning_stripped");
        } else if (logger.endsWith("SummarizingFallbackCompactor")) {
            if (msg.startsWith("summarizing: split")) {
                f.summarizedItems = integer(e, "middle");
            } else if (msg.startsWith("summarizing: done")) {
                f.summaryTokens = integer(e, "summary_tokens");
            }
        }
    }

    private static Integer integer(LogEvent e, String key) {
        String v = e.keyValue(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
