package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal report}: a self-contained page with the chart and the table. */
class JournalReportTest {

    @TempDir
    static Path dir;
    static Scenario run;

    @BeforeAll
    static void run() {
        run = Scenario.run(dir, Logs.shipped("logback-json.xml"), "app.jsonl");
    }

    static String report(String name, String... extra) throws Exception {
        return report(run.a.journal, name, extra);
    }

    static String report(Path journal, String name, String... extra) throws Exception {
        Path out = dir.resolve(name);
        String[] args = new String[4 + extra.length];
        args[0] = "journal";
        args[1] = "report";
        args[2] = journal.toString();
        args[3] = "-o" + out;
        System.arraycopy(extra, 0, args, 4, extra.length);
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.toString());
        return Files.readString(out);
    }

    @Test
    void withTheLogsTheChartFallsAtEachCompactionToItsLoggedSize() throws Exception {
        String html = report("with-logs.html", "--logs", run.log.toString());
        List<JournalEntry> entries = CompactionJournal.jsonLines(run.a.journal).entries();
        assertTrue(html.contains("Tokens in context over the conversation's appends"), html);
        assertEquals(entries.size(), count(html, "<g class=\"compaction\">"));
        for (JournalEntry e : entries) {
            assertTrue(html.contains(e.traceId()), e.traceId());
        }
        // every marker names its strategy and the saving from the log line
        java.util.Map<String, java.util.Map<String, String>> info = JournalShowTest.infoLines(run.log);
        JournalEntry first = entries.get(0);
        int saved = Integer.parseInt(info.get(first.traceId()).get("tokens_saved"));
        assertTrue(html.contains(String.format(Locale.ROOT, "#1 masking -%,d tokens", saved)), html);
        // the series drops to each compaction's tokens after: the points hold those values
        String points = between(html, "<polyline id=\"series\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2.5\" points=\"", "\"");
        assertTrue(points.split(" ").length > 2 * entries.size(), points);
        assertTrue(html.contains("<table id=\"compactions\">"));
        assertEquals(entries.size() + 1, count(html, "<tr>"));
        // the fact the first compaction masked is on the page, in the folded list of its items
        assertTrue(html.contains(AgentRun.FACT), "the journaled items are listed");
    }

    @Test
    void withoutLogsItPlotsTheAppendedTokensAndSaysWhy() throws Exception {
        String html = report(OlderJournals.withoutFigures(run.a.journal, dir), "no-logs.html");
        assertTrue(html.contains("as if never compacted"), html);
        assertTrue(html.contains("give --logs"), html);
        assertTrue(html.contains("saving not recorded"), html);
    }

    @Test
    void thePageLoadsNothing() throws Exception {
        String html = report("self-contained.html", "--logs", run.log.toString());
        String lower = html.toLowerCase(Locale.ROOT);
        for (String s : new String[] {"<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "http:", "https:"}) {
            assertFalse(lower.contains(s), "the page must not contain " + s);
        }
        assertTrue(lower.startsWith("<!doctype html>"));
        assertTrue(lower.contains("<svg id=\"chart\""));
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }

    static String between(String s, String start, String end) {
        Matcher m = Pattern.compile(Pattern.quote(start) + "(.*?)" + Pattern.quote(end)).matcher(s);
        assertTrue(m.find(), start);
        return m.group(1);
    }

}
