package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.errors.ApiErrors;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.ContextOverflow;
import io.github.compact4j.hybrid.HybridCompactor;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A call that overflowed the window anyway: the conversation learns from the error and compacts once. */
class ManagedConversationOverflowTest {

    private static final TokenCounter COUNTER = TokenCounter.forModel("gpt-5.1");

    private final AtomicInteger summaries = new AtomicInteger();

    private ContextCompactor hybrid() {
        return HybridCompactor.builder()
                .masking(ToolOutputMaskingCompactor.builder().tokenCounter(COUNTER).build())
                .summarizing(SummarizingFallbackCompactor.builder().tokenCounter(COUNTER).maxSummaryTokens(256)
                        .summarizer(r -> {
                            summaries.incrementAndGet();
                            return Summary.of("The agent tested modules 0 to " + r.items().size() + "; module 7 fails.");
                        }).build())
                .tokenCounter(COUNTER).build();
    }

    /** About 30k tokens of tool steps, in a conversation whose configured window is far larger. */
    private ManagedConversation conversation(ContextCompactor compactor) {
        ManagedConversation convo = ManagedConversation.builder().compactor(compactor).model("gpt-5.1")
                .contextWindow(200_000).tokenCounter(COUNTER).attribute("agent_id", "agent_a")
                .journal(CompactionJournal.inMemory()).build();
        convo.append(Message.system("You are a coding agent."));
        convo.append(Message.user("Find why the build fails on the staging branch."));
        for (int i = 0; i < 24; i++) {
            convo.append(ToolCall.function("call_" + i, "shell", "{\"cmd\":\"mvn test -pl module-" + i + "\"}"));
            convo.append(ToolResult.functionOutput("call_" + i, ("[INFO] module " + i + " test output line, all green\n")
                    .repeat(110)));
            convo.append(Message.user("Go on with the next module."));
        }
        return convo;
    }

    private static CompactionException overflow(String provider, int status, String body) {
        return ApiErrors.forStatus(ApiErrors.fromResponse(provider + " call failed", status, body));
    }

    @Test
    void anOverflowRevealsTheWindowRecalibratesAndCompactsUnderIt() {
        ManagedConversation convo = conversation(hybrid());
        long raw = convo.rawTokens();
        int reported = (int) (raw * 1.3);
        CompactionException failure = overflow("OpenAI", 400, "{\"error\":{\"message\":\"This model's maximum context"
                + " length is 32000 tokens. However, your messages resulted in " + reported + " tokens. Please reduce"
                + " the length of the messages.\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
                + "\"code\":\"context_length_exceeded\"}}");
        List<Item> before = convo.items();

        CompactionResult r;
        try (LogCapture logs = new LogCapture(Level.DEBUG, "io.github.compact4j")) {
            r = convo.recoverFromOverflow(new RuntimeException("agent step failed", failure)).orElseThrow();

            ILoggingEvent warn = logs.from("io.github.compact4j.context").stream()
                    .filter(e -> e.getLevel() == Level.WARN).findFirst().orElseThrow();
            assertTrue(warn.getFormattedMessage().startsWith("context overflow (status 400): the backend counted "
                    + reported + " input tokens against a window of 32000; the estimate was " + raw
                    + "; calibration 1.00 -> 1.30"), warn.getFormattedMessage());
            assertEquals(r.traceId(), warn.getMDCPropertyMap().get("compact4j.trace_id"),
                    "the WARN line and the compaction share a trace id");
            assertEquals("agent_a", warn.getMDCPropertyMap().get("compact4j.agent_id"));
            Map<String, Object> kv = new HashMap<>();
            warn.getKeyValuePairs().forEach(p -> kv.put(p.key, p.value));
            assertEquals(reported, kv.get("prompt_tokens"));
            assertEquals(32_000, kv.get("window_tokens"));
            assertTrue(logs.from("io.github.compact4j.compaction").stream().anyMatch(e -> e.getFormattedMessage()
                    .startsWith("compaction succeeded: hybrid") && r.traceId().equals(e.getMDCPropertyMap()
                            .get("compact4j.trace_id"))));
            assertTrue(logs.from("io.github.compact4j.context").stream().anyMatch(e -> e.getLevel() == Level.INFO
                    && e.getFormattedMessage().startsWith("recovered from the context overflow")));
        }
        assertEquals(32_000, convo.contextWindow(), "the window the error revealed is the window from now on");
        assertEquals(1.3, convo.calibration(), 0.01);
        assertTrue(convo.tokens() < 32_000, "the next call fits: " + convo.tokens());
        assertTrue(convo.tokens() <= CompactionPolicy.defaults().targetAt(32_000), "at the policy's target");
        assertEquals(before, convo.originalItems(), "the journal keeps what the recovery compacted away");
        assertFalse(convo.needsCompaction());
        assertTrue(r.tokensAfter() < r.tokensBefore());
    }

    @Test
    void theOutputTheRequestReservedIsLeftFree() {
        ManagedConversation convo = conversation(hybrid());
        long raw = convo.rawTokens();
        ContextOverflow o = ContextOverflow.detect(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"input length and `max_tokens` exceed context limit: " + raw + " + 20000 > 40000,"
                + " decrease input length or `max_tokens` and try again\"}}").orElseThrow();

        convo.recoverFromOverflow(o);

        assertEquals(40_000, convo.contextWindow());
        assertTrue(convo.tokens() <= (40_000 - 20_000) * 9 / 10, "room for the 20,000 output tokens: " + convo.tokens());
    }

    @Test
    void aFailureThatIsNotAnOverflowChangesNothing() {
        AtomicInteger calls = new AtomicInteger();
        ManagedConversation convo = conversation(hybridCounting(calls));
        List<Item> before = convo.items();
        CompactionException rateLimited = overflow("OpenAI", 429, "{\"error\":{\"message\":\"Rate limit reached for"
                + " gpt-5.1 on tokens per min (TPM): Limit 30000, Requested 50000.\",\"code\":\"rate_limit_exceeded\"}}");

        assertTrue(convo.recoverFromOverflow(rateLimited).isEmpty());
        assertTrue(convo.recoverFromOverflow(new IllegalStateException("connection reset")).isEmpty());

        assertEquals(before, convo.items());
        assertEquals(200_000, convo.contextWindow());
        assertEquals(1.0, convo.calibration());
        assertEquals(0, calls.get(), "no compaction ran");
        assertThrows(NullPointerException.class, () -> convo.recoverFromOverflow((Throwable) null));
    }

    private ContextCompactor hybridCounting(AtomicInteger calls) {
        ContextCompactor h = hybrid();
        return new io.github.compact4j.logging.TracedCompactor() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            protected CompactionResult.Builder doCompact(io.github.compact4j.CompactionRequest request) {
                calls.incrementAndGet();
                return h.compact(request).toBuilder();
            }
        };
    }

    @Test
    void whenNothingCanBeCompactedTheResultAndAWarnSaySoAndNothingIsLost() {
        ManagedConversation convo = ManagedConversation.builder().compactor(ToolOutputMaskingCompactor.builder().build())
                .model("gpt-5.1").contextWindow(200_000).build();
        convo.append(Message.user("Plan the conference with me. " + "We need rooms for ninety people. ".repeat(600)));
        List<Item> before = convo.items();
        ContextOverflow o = ContextOverflow.detect(400, "{\"error\":{\"message\":\"The input token count (9000) exceeds"
                + " the maximum number of tokens allowed (4096).\",\"status\":\"INVALID_ARGUMENT\",\"code\":400}}")
                .orElseThrow();

        CompactionResult r;
        try (LogCapture logs = new LogCapture(Level.INFO, "io.github.compact4j.context")) {
            r = convo.recoverFromOverflow(o);
            assertTrue(logs.events().stream().anyMatch(e -> e.getLevel() == Level.WARN && e.getFormattedMessage()
                    .contains("sending it again will fail the same way")), logs.events().toString());
        }
        assertTrue(r.note().orElseThrow().contains("resending will overflow again"), r.note().get());
        assertEquals(before, convo.items());
        assertEquals(4_096, convo.contextWindow());
    }

    @Test
    void aFailedCompactionLeavesTheHistoryAsItWas() {
        ContextCompactor broken = HybridCompactor.builder()
                .masking(ToolOutputMaskingCompactor.builder().build())
                .summarizing(SummarizingFallbackCompactor.builder().summarizer(r -> {
                    throw new CompactionException("summarizer down");
                }).build()).build();
        ManagedConversation convo = conversation(broken);
        convo.append(Message.assistant("Module 7 fails because port 8123 is taken. ".repeat(2_000)));
        List<Item> before = convo.items();
        ContextOverflow o = ContextOverflow.detect(400, "{\"error\":{\"message\":\"This model's maximum context length is"
                + " 16000 tokens. However, your messages resulted in 60000 tokens.\",\"code\":\"context_length_exceeded\"}}")
                .orElseThrow();
        assertThrows(CompactionException.class, () -> convo.recoverFromOverflow(o));
        assertEquals(before, convo.items());
    }
}
