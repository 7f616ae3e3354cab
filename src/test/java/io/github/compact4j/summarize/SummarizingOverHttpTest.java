package io.github.compact4j.summarize;

import static io.github.compact4j.summarize.SummarizerFixtures.SUMMARY;
import static io.github.compact4j.summarize.SummarizerFixtures.anthropicMessage;
import static io.github.compact4j.summarize.SummarizerFixtures.anthropicOk;
import static io.github.compact4j.summarize.SummarizerFixtures.chatCompletion;
import static io.github.compact4j.summarize.SummarizerFixtures.chatOk;
import static io.github.compact4j.summarize.SummarizerFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.internal.Json;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.registry.FallbackChain;
import io.github.compact4j.summarize.SummarizerFixtures.RecordingSleeper;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.testing.OpenApiSpec;
import io.github.compact4j.testing.SchemaValidator;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SummarizingFallbackCompactor with the real summarizers, against a server speaking their wire formats. */
class SummarizingOverHttpTest {

    private static final String HTTP = "io.github.compact4j.http";

    private MockWebServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "compaction-worker");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdownNow();
        server.shutdown();
    }

    private ChatCompletionsSummarizer chat() {
        return SummarizerFixtures.chat(server, sleeper).build();
    }

    private static SummarizingFallbackCompactor.Builder compactor(Summarizer s) {
        return SummarizingFallbackCompactor.builder().summarizer(s).keepRecentTokens(3_000);
    }

    private static CompactionRequest request(List<Item> items) {
        return CompactionRequest.builder().model("gpt-4o").items(items).minSavingRatio(0).build();
    }

    @Test
    void aGeneratedConversationGetsTheSummaryInTheMiddlesPlaceWithHeadAndTailByteIdentical() throws Exception {
        SchemaValidator spec = new SchemaValidator(OpenApiSpec.load());
        for (long seed = 1; seed <= 4; seed++) {
            List<Item> items = Conversations.generate(new Random(seed),
                    Conversations.options().turns(25, 25).maxOutputChars(6_000));
            String before = ResponsesItems.toJson(items);
            server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));

            CompactionResult r = compactor(chat()).build().compact(request(items));

            List<Item> out = r.items();
            int at = indexOfSummary(out);
            int tail = out.size() - at - 1;
            int middleEnd = items.size() - tail;
            // the head ends at Turns.headEnd, one earlier when an old summary stands there and is rolled forward
            assertTrue(at >= Turns.headEnd(items) - 1, "seed " + seed + ": head " + at);
            assertTrue(middleEnd > at, "seed " + seed + ": something was summarized");
            for (int i = 0; i < at; i++) {
                assertSame(items.get(i), out.get(i), "seed " + seed + ": head item " + i);
            }
            assertEquals(ResponsesItems.toJson(items.subList(0, at)), ResponsesItems.toJson(out.subList(0, at)));
            assertEquals(ResponsesItems.toJson(items.subList(middleEnd, items.size())),
                    ResponsesItems.toJson(out.subList(at + 1, out.size())), "seed " + seed + ": tail byte-identical");
            assertEquals(SUMMARY, SummaryMessage.summaryOf(out.get(at)).orElseThrow());
            assertTrue(Turns.unpaired(out).isEmpty(), "seed " + seed + ": no orphaned call or result");
            assertEquals(before, ResponsesItems.toJson(items), "the request's items are untouched");

            assertEquals(List.of("req_chat_ok"), r.requestIds());
            assertEquals(1, r.usage().modelCalls());
            assertEquals(1893, r.usage().inputTokens());
            assertTrue(r.tokensAfter() < r.tokensBefore());

            // what went over the wire: exactly the middle, and a body the spec accepts
            JsonNode body = json(server.takeRequest());
            assertEquals(List.of(), spec.validate("CreateChatCompletionRequest", body));
            String user = body.get("messages").get(1).get("content").textValue();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof ToolCall c) {
                    boolean sent = Pattern.compile("id " + Pattern.quote(c.callId()) + "[],]").matcher(user).find();
                    assertEquals(i >= at && i < middleEnd, sent, "seed " + seed + ": call " + c.callId() + " at " + i);
                }
            }
        }
    }

    @Test
    void aChatCompletionsHistoryComesBackInItsFormatWithHeadAndTailMessagesUnchanged() throws Exception {
        int compacted = 0;
        for (long seed = 1; compacted < 3; seed++) {
            ArrayNode in = MultiFormatConversations.chatJson(new Random(seed), 30, false);
            if (in.size() < 30) {
                continue;   // too short to compact: not what this test is about
            }
            compacted++;
            server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
            List<Item> items = ChatCompletionsMessages.fromJson(in.toString());

            CompactionResult r = compactor(chat()).keepRecentTokens(1_500).build()
                    .compact(CompactionRequest.builder().model("llama3.1").items(items).build());

            JsonNode out = Json.MAPPER.readTree(ChatCompletionsMessages.toJson(r.items()));
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).path("content").asText("").startsWith("<conversation_summary")) {
                    at = i;
                }
            }
            assertTrue(at >= 1, "seed " + seed + ": one summary message after the head");
            assertEquals("user", out.get(at).get("role").textValue());
            int tail = out.size() - at - 1;
            assertTrue(out.size() < in.size());
            for (int i = 0; i < at; i++) {
                assertEquals(in.get(i).toString(), out.get(i).toString(), "seed " + seed + ": head message " + i);
            }
            for (int k = 1; k <= tail; k++) {
                assertEquals(in.get(in.size() - k).toString(), out.get(out.size() - k).toString(),
                        "seed " + seed + ": tail message -" + k);
            }
            server.takeRequest();
        }
    }

    @Test
    void anAnthropicRequestBodyIsCompactedThroughAnthropic() throws Exception {
        JsonNode in = null;
        for (long seed = 1; in == null || in.get("messages").size() < 30; seed++) {
            in = MultiFormatConversations.anthropicJson(new Random(seed), 30, false);   // a long enough one
        }
        AnthropicConversation conversation = AnthropicConversation.fromJson(in.toString());
        server.enqueue(anthropicOk(anthropicMessage(SUMMARY, "end_turn")));
        AnthropicSummarizer claude = SummarizerFixtures.anthropic(server, sleeper).build();

        CompactionResult r = compactor(claude).keepRecentTokens(1_500).build()
                .compact(CompactionRequest.builder().model("claude-sonnet-4-5").items(conversation.items()).build());
        JsonNode out = Json.MAPPER.readTree(conversation.withItems(r.items()).toJson());

        assertEquals(in.get("model"), out.get("model"));
        assertEquals(in.get("system"), out.get("system"));
        JsonNode inMessages = in.get("messages");
        JsonNode outMessages = out.get("messages");
        assertTrue(outMessages.size() < inMessages.size());
        assertEquals(inMessages.get(0), outMessages.get(0), "the task");
        assertEquals(inMessages.get(inMessages.size() - 1), outMessages.get(outMessages.size() - 1));
        assertEquals(List.of("req_011CAnthropicOk"), r.requestIds());
        assertEquals(1, r.usage().modelCalls());
        JsonNode sent = json(server.takeRequest());
        assertEquals(SummarizingFallbackCompactor.DEFAULT_PROMPT, sent.get("system").textValue());
        assertTrue(sent.get("messages").get(0).get("content").textValue().contains("<conversation>"));
    }

    @Test
    void aSummaryCutOffByChatCompletionsIsAskedForAgainWithTwiceTheBudget() throws Exception {
        server.enqueue(chatOk(chatCompletion("Task: make the build pass. Done: modules", "length")));
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")).setHeader("x-request-id", "req_second"));
        List<Item> items = SummarizingFallbackCompactorTest.agentRun(40);

        CompactionResult r = compactor(chat()).keepRecentTokens(500).maxSummaryTokens(1_000).build().compact(request(items));

        assertEquals(SUMMARY, SummaryMessage.summaryOf(r.items().get(2)).orElseThrow());
        assertEquals(1_000, json(server.takeRequest()).get("max_tokens").intValue());
        assertEquals(2_000, json(server.takeRequest()).get("max_tokens").intValue());
        assertEquals(List.of("req_chat_ok", "req_second"), r.requestIds());
        assertEquals(2, r.usage().modelCalls());
    }

    @Test
    void listenersHearEachSummarizerCallWithItsModelAfterItsHttpAttempts() throws Exception {
        server.enqueue(chatOk(chatCompletion("Task: make the build pass. Done: modules", "length")));
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")).setHeader("x-request-id", "req_second"));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<io.github.compact4j.logging.CompactionListener.SummarizerCallEvent> calls =
                new java.util.concurrent.CopyOnWriteArrayList<>();
        io.github.compact4j.logging.CompactionListener l = new io.github.compact4j.logging.CompactionListener() {
            @Override public void onHttpAttempt(HttpAttemptEvent e) { heard.add("http " + e.status() + " " + e.requestId()); }
            @Override public void onSummarizerCall(SummarizerCallEvent e) { heard.add("call " + e.model()); calls.add(e); }
        };
        CompactionResult r = io.github.compact4j.logging.TracingCompactor.builder(
                compactor(chat()).keepRecentTokens(500).maxSummaryTokens(1_000).build()).listener(l).build()
                .compact(request(SummarizingFallbackCompactorTest.agentRun(40)));

        String model = chat().model;
        assertEquals(List.of("http 200 req_chat_ok", "call " + model, "http 200 req_second", "call " + model), heard);
        assertEquals(List.of("req_second"), calls.get(1).requestIds());
        assertEquals(r.usage(), calls.get(0).usage().plus(calls.get(1).usage()));
        assertEquals(1, calls.get(0).usage().modelCalls());
    }

    @Test
    void aSummaryCutOffByAnthropicIsAskedForAgainWithTwiceTheBudget() throws Exception {
        server.enqueue(anthropicOk(anthropicMessage("Task: make the build pass. Done: modules", "max_tokens")));
        server.enqueue(anthropicOk(anthropicMessage(SUMMARY, "end_turn")));
        List<Item> items = SummarizingFallbackCompactorTest.agentRun(40);

        CompactionResult r = compactor(SummarizerFixtures.anthropic(server, sleeper).build())
                .keepRecentTokens(500).build().compact(request(items));

        assertEquals(SUMMARY, SummaryMessage.summaryOf(r.items().get(2)).orElseThrow());
        assertEquals(4_096, json(server.takeRequest()).get("max_tokens").intValue());
        assertEquals(8_192, json(server.takeRequest()).get("max_tokens").intValue());
        assertEquals(2, r.usage().modelCalls());
    }

    @Test
    void cutOffTwiceIsRefusedAndTheConversationStaysAsItWas() {
        server.enqueue(chatOk(chatCompletion("Task: make the", "length")));
        server.enqueue(chatOk(chatCompletion("Task: make the build", "length")));
        List<Item> items = SummarizingFallbackCompactorTest.agentRun(40);
        String before = ResponsesItems.toJson(items);

        SummaryRejectedException e = assertThrows(SummaryRejectedException.class,
                () -> compactor(chat()).keepRecentTokens(500).build().compact(request(items)));
        assertEquals(SummaryRejectedException.Reason.TRUNCATED, e.reason());
        assertEquals(List.of("req_chat_ok", "req_chat_ok"), e.requestIds());
        assertEquals(before, ResponsesItems.toJson(items));
    }

    @Test
    void aRefusalFallsBackToMaskingInAChain() {
        server.enqueue(chatOk("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":\"I can't help with that.\"}}]}"));
        List<Item> items = SummarizingFallbackCompactorTest.agentRun(40);
        FallbackChain chain = FallbackChain.builder()
                .then(compactor(chat()).keepRecentTokens(500).build())
                .then(ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build())
                .build();

        CompactionResult r = chain.compact(request(items));

        assertEquals("masking", r.strategy());
        assertTrue(r.fellBack());
        Attempt first = r.attempts().get(0);
        assertEquals("summarizing", first.strategy());
        assertEquals(Attempt.Outcome.FAILED, first.outcome());
        assertTrue(first.reason().orElseThrow().contains("declined"), first.reason().orElseThrow());
        assertEquals(items.size(), r.items().size());
    }

    @Test
    void everyHttpLineCarriesTheCompactionsTraceIdAlsoOnTheAsyncPath() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        server.enqueue(SummarizerFixtures.openAiError(503, "server_error", null, "busy"));
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
        SummarizingFallbackCompactor compactor = compactor(chat()).keepRecentTokens(500).build();
        CompactionRequest request = request(SummarizingFallbackCompactorTest.agentRun(40)).toBuilder()
                .traceId(traceId).attribute("agent_id", "agent_b").build();
        try (LogCapture logs = new LogCapture(Level.DEBUG, HTTP)) {
            assertEquals(traceId, compactor.compact(request).traceId());
            List<ILoggingEvent> lines = logs.from(HTTP);
            assertEquals(2, lines.size());
            for (ILoggingEvent e : lines) {
                assertEquals(traceId, e.getMDCPropertyMap().get("compact4j.trace_id"));
                assertEquals("agent_b", e.getMDCPropertyMap().get("compact4j.agent_id"));
            }
            assertTrue(lines.get(0).getFormattedMessage().contains(" -> 503 "), lines.get(0).getFormattedMessage());
            logs.clear();

            compactor.compactAsync(request, worker).get(10, TimeUnit.SECONDS);
            List<ILoggingEvent> async = logs.from(HTTP);
            assertEquals(1, async.size());
            assertEquals(traceId, async.get(0).getMDCPropertyMap().get("compact4j.trace_id"));
            assertEquals("compaction-worker", async.get(0).getThreadName());
        }
    }

    /** Counts the OkHttp calls that were cancelled, as OkHttp reports them. */
    static final class CallEvents extends EventListener {
        final AtomicInteger cancelled = new AtomicInteger();
        final CountDownLatch failed = new CountDownLatch(1);

        @Override
        public void canceled(Call call) {
            cancelled.incrementAndGet();
        }

        @Override
        public void callFailed(Call call, IOException ioe) {
            failed.countDown();
        }
    }

    @Test
    void cancellingCompactAsyncCancelsTheSummarizersCallInFlight() throws Exception {
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")).setSocketPolicy(SocketPolicy.NO_RESPONSE));
        CallEvents events = new CallEvents();
        OkHttpClient app = new OkHttpClient.Builder().eventListener(events).build();
        Summarizer s = SummarizerFixtures.chat(server, sleeper).okHttpClient(app).build();

        CompletableFuture<CompactionResult> future = compactor(s).keepRecentTokens(500).build()
                .compactAsync(request(SummarizingFallbackCompactorTest.agentRun(40)), worker);
        RecordedRequest sent = server.takeRequest(10, TimeUnit.SECONDS);
        assertNotNull(sent, "the request reached the server");
        future.cancel(true);

        // the server never answers and the timeout is 10 minutes: only the cancel can end the call
        assertTrue(events.failed.await(10, TimeUnit.SECONDS), "the OkHttp call ended");
        assertEquals(1, events.cancelled.get());
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::join);
        assertEquals(1, server.getRequestCount(), "a cancelled call is not retried");
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void theSummarizersRequestBodyIsStreamedNotBuffered() throws Exception {
        // a transcript of several megabytes goes out with chunked encoding: the JSON is written
        // into the socket as it is generated, with no second, encoded copy of the body in memory
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
        SummaryRequest big = SummaryRequest.builder().transcript("[tool result, id call_1]\n" + "x".repeat(3_000_000))
                .build();
        chat().summarize(big);
        RecordedRequest sent = server.takeRequest();
        assertEquals("chunked", sent.getHeader("Transfer-Encoding"));
        assertFalse(sent.getHeaders().names().contains("Content-Length"));
        assertTrue(sent.getBodySize() > 3_000_000);
    }

    private static int indexOfSummary(List<Item> items) {
        int found = -1;
        for (int i = 0; i < items.size(); i++) {
            if (SummaryMessage.isSummary(items.get(i))) {
                assertEquals(-1, found, "one summary message only");
                found = i;
            }
        }
        assertTrue(found >= 0, "a summary message");
        return found;
    }
}
