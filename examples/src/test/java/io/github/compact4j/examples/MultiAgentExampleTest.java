package io.github.compact4j.examples;

import static io.github.compact4j.examples.Printed.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.logging.MdcKeys;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs MultiAgentExample with an empty environment, so all three agents talk to the stand-in
 * server, and checks each agent's row against the registry's chain for its backend, its journal
 * file and the log lines its compactions wrote.
 */
class MultiAgentExampleTest {

    /** The agents the example runs: id, provider, model. */
    private static final List<List<String>> AGENTS = List.of(
            List.of("planner", "openai", "gpt-5.1"),
            List.of("reviewer", "anthropic", "claude-sonnet-4-5"),
            List.of("coder", "ollama", "qwen2.5-coder:14b"));
    private static final String AGENT_ID = MdcKeys.defaults().key("agent_id");
    private static final String TRACE_ID = MdcKeys.defaults().key("trace_id");

    @TempDir
    static Path journals;

    private static Printed printed;
    private static List<ILoggingEvent> logged;
    private static List<Item> transcript;

    @BeforeAll
    static void runTheExample() throws Exception {
        printed = new Printed();
        try (LogCapture capture = new LogCapture()) {
            MultiAgentExample.run(Map.of(), printed.out, journals);
            logged = capture.events();
        }
        transcript = MaskingExample.load(MaskingExample.CONVERSATION);
    }

    private static Matcher row(String agent) {
        return printed.line("  " + agent + "\\s+(\\S+)( \\*)?\\s+(chain\\[\\S+\\])\\s+(\\d+) (\\S+)\\s+(\\d+)\\s+([\\d,]+)\\s+(\\S+)");
    }

    /** The chain the registry builds for the agent's backend, by name, e.g. chain[openai-compact>summarizing>masking]. */
    private static String chainFor(String provider, String model) {
        return BackendRegistry.withDefaults().compactorFor(Backend.builder().provider(provider).model(model)
                .baseUrl("http://localhost:9/v1").apiKey("sk-unused").environment(Map.of()).build()).name();
    }

    @Test
    void theHeaderNamesTheAgentsTheTranscriptAndTheWindow() {
        Matcher m = printed.line("compact4j multi-agent: (\\d+) agents, each replaying (\\d+) items, context window ([\\d,]+) tokens");
        assertEquals(AGENTS.size(), Integer.parseInt(m.group(1)));
        assertEquals(transcript.size(), Integer.parseInt(m.group(2)));
    }

    @Test
    void eachAgentRanItsBackendsChainAndTheFirstStepAnsweredEveryCompaction() {
        for (List<String> a : AGENTS) {
            Matcher r = row(a.get(0));
            assertEquals(a.get(1) + "/" + a.get(2), r.group(1));
            assertNotNull(r.group(2), a.get(0) + " is marked as talking to the stand-in server");
            String chain = chainFor(a.get(1), a.get(2));
            assertEquals(chain, r.group(3));
            assertTrue(Integer.parseInt(r.group(4)) > 0, a.get(0) + " compacted the 143k-token transcript: " + r.group());
            String first = chain.substring("chain[".length(), chain.indexOf('>'));
            assertEquals(first, r.group(5), "the stand-in answers the chain's first step, so no compaction falls back");
        }
        // the three kinds the example is about: OpenAI's and Anthropic's own compaction, a summary elsewhere
        assertEquals(List.of("openai-compact", "anthropic-compact", "summarizing"),
                AGENTS.stream().map(a -> row(a.get(0)).group(5)).toList());
    }

    @Test
    void eachHistoryEndsInsideTheWindowAndShorterThanTheTranscript() {
        long window = number(printed.line("compact4j multi-agent: .*, context window ([\\d,]+) tokens").group(1));
        for (List<String> a : AGENTS) {
            Matcher r = row(a.get(0));
            assertTrue(Integer.parseInt(r.group(6)) < transcript.size(), r.group());
            assertTrue(number(r.group(7)) < window, r.group());
        }
    }

    @Test
    void eachJournalHoldsTheCompactedOriginalsInOrder() {
        for (List<String> a : AGENTS) {
            Matcher r = row(a.get(0));
            assertEquals("yes", r.group(8), a.get(0) + ": journal + history give back every item");
            Path file = journals.resolve(a.get(0) + ".jsonl");
            assertTrue(Files.isRegularFile(file), file + " was written");
            List<JournalEntry> entries = CompactionJournal.jsonLines(file).entries();
            assertEquals(Integer.parseInt(r.group(4)), entries.size(), a.get(0) + ": one entry per compaction");
            List<Item> journaled = new ArrayList<>();
            for (JournalEntry e : entries) {
                assertEquals(r.group(5), e.strategy());
                journaled.addAll(e.items());
            }
            assertTrue(!journaled.isEmpty() && journaled.size() < transcript.size(), a.get(0) + ": " + journaled.size());
            assertEquals(ResponsesItems.toJson(transcript.subList(0, journaled.size())), ResponsesItems.toJson(journaled),
                    a.get(0) + "'s journal holds the transcript's first items, as they were appended");
        }
        assertTrue(printed.out().contains("journals: " + journals + " "), printed.out());
    }

    @Test
    void eachAgentClosedItsJournal() throws Exception {
        for (List<String> a : AGENTS) {
            JournalFiles.assertReleased(journals.resolve(a.get(0) + ".jsonl"));
        }
    }

    @Test
    void everyCompactionLogLineNamesItsAgentAndEveryJournalledCompactionWasLogged() {
        Set<String> ids = AGENTS.stream().map(a -> a.get(0)).collect(Collectors.toSet());
        List<ILoggingEvent> traced = logged.stream().filter(e -> e.getMDCPropertyMap().containsKey(TRACE_ID)).toList();
        assertTrue(!traced.isEmpty(), "the compactions logged with their trace id");
        for (ILoggingEvent e : traced) {
            assertTrue(ids.contains(e.getMDCPropertyMap().get(AGENT_ID)), "no agent on: " + e.getFormattedMessage());
        }
        for (String id : ids) {
            Set<String> traces = traced.stream().filter(e -> id.equals(e.getMDCPropertyMap().get(AGENT_ID)))
                    .map(e -> e.getMDCPropertyMap().get(TRACE_ID)).collect(Collectors.toSet());
            for (JournalEntry entry : CompactionJournal.jsonLines(journals.resolve(id + ".jsonl")).entries()) {
                assertTrue(traces.contains(entry.traceId()), id + "'s compaction " + entry.traceId() + " is in its logs");
            }
        }
    }

    @Test
    void theStandInCallsAreTheHttpAttemptsTheLibraryLogged() {
        long attempts = logged.stream().filter(e -> e.getLoggerName().equals("io.github.compact4j.http")).count();
        int compactions = AGENTS.stream().mapToInt(a -> Integer.parseInt(row(a.get(0)).group(4))).sum();
        Matcher m = printed.line("  \\* talked to the local stand-in server \\((\\d+) calls\\), not a model: .*");
        assertEquals(attempts, Long.parseLong(m.group(1)));
        assertTrue(attempts >= compactions, "every compaction called the stand-in: " + attempts + " < " + compactions);
    }
}
