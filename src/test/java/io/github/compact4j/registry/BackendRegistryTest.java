package io.github.compact4j.registry;

import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.registry.FallbackChain;
import io.github.compact4j.registry.TestCompactorProvider;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.testing.Conversations;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

    private static final String KEY = "sk-test-registry-0123456789abcdef";
    private static final List<Item> HISTORY =
            Conversations.generate(new Random(7), Conversations.options().turns(30, 30));

    private MockWebServer server;
    private final AtomicInteger summaries = new AtomicInteger();
    private final Summarizer fakeSummarizer = request -> {
        summaries.incrementAndGet();
        return Summary.of("The agent listed the files, fixed the bug and ran the tests.");
    };

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Backend openai() {
        return Backend.builder().provider("openai").model("gpt-5.1-codex-max").apiKey(KEY)
                .baseUrl(server.url("/v1").toString()).build();
    }

    private BackendRegistry.Builder registry() {
        return BackendRegistry.builder().summarizers(b -> fakeSummarizer).keepRecentTokens(2_000).loadServices(false);
    }

    private CompactionRequest request() {
        return CompactionRequest.builder().model("gpt-5.1-codex-max").items(HISTORY).attribute("agent_id", "agent_a").build();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_" + status).setBody(body);
    }

    private static final String COMPACTED = "{\"id\":\"resp_1\",\"object\":\"response.compaction\",\"created_at\":1731459200,"
            + "\"output\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"task\"}]},"
            + "{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"gAAAAABo\"}],"
            + "\"usage\":{\"input_tokens\":900,\"output_tokens\":100,\"total_tokens\":1000}}";

    @Test
    void openAiGetsNativeCompactionFirstAndTheMdcNamesTheBackend() throws Exception {
        server.enqueue(json(200, COMPACTED));
        ContextCompactor c = registry().build().compactorFor(openai());
        assertInstanceOf(TracingCompactor.class, c);
        assertEquals("chain[openai-compact>summarizing>masking]", c.name());
        try (LogCapture logs = LogCapture.all()) {
            CompactionResult r = c.compact(request());
            assertEquals("openai-compact", r.strategy());
            assertFalse(r.fellBack());
            assertFalse(r.portable());
            assertEquals(List.of("req_200"), r.requestIds());
            assertEquals(java.util.Set.of("openai"), logs.mdcValues("compact4j.backend"));
            assertEquals(java.util.Set.of("agent_a"), logs.mdcValues("compact4j.agent_id"));
        }
        assertEquals("/v1/responses/compact", server.takeRequest().getPath());
        assertEquals(0, summaries.get());
    }

    @Test
    void a404FromNativeCompactionFallsBackToSummarizingAndIsRemembered() throws Exception {
        server.enqueue(json(404, "{\"error\":{\"message\":\"Unknown request URL: POST /v1/responses/compact\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}"));
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        BackendRegistry reg = registry().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        ContextCompactor c = reg.compactorFor(openai());

        CompactionResult first = c.compact(request());
        assertEquals("summarizing", first.strategy());
        assertTrue(first.fellBack());
        assertEquals(Attempt.Outcome.FAILED, first.attempts().get(0).outcome());
        assertTrue(first.requestIds().contains("req_404"));
        assertTrue(reg.rememberedUnsupported(openai()));

        CompactionResult second = c.compact(request());
        assertEquals("summarizing", second.strategy());
        assertEquals(Attempt.Outcome.SKIPPED, second.attempts().get(0).outcome());
        assertEquals(1, server.getRequestCount(), "the second call does not ask the native endpoint again");
        assertEquals(2, summaries.get());
    }

    @Test
    void theMemoryExpires() {
        server.enqueue(json(404, "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}"));
        server.enqueue(json(200, COMPACTED));
        Instant[] now = {Instant.parse("2026-11-23T12:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        BackendRegistry reg = registry().clock(clock).notSupportedTtl(Duration.ofMinutes(10)).build();
        reg.compactorFor(openai()).compact(request());
        now[0] = now[0].plus(Duration.ofMinutes(11));
        assertFalse(reg.rememberedUnsupported(openai()));
        assertEquals("openai-compact", reg.compactorFor(openai()).compact(request()).strategy());
    }

    @Test
    void a401DoesNotFallBack() {
        server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        ContextCompactor c = registry().build().compactorFor(openai());
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> c.compact(request()));
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertEquals(0, summaries.get(), "a configuration error is not hidden by the fallback");
    }

    @Test
    void aSummarizerFailureFallsBackToMasking() {
        Summarizer down = request -> {
            throw new CompactionException("summarizer down");
        };
        Backend deepseek = Backend.builder().provider("deepseek").model("deepseek-chat").apiKey("sk-test-0123456789")
                .environment(Map.of()).build();
        ContextCompactor c = registry().summarizers(b -> down).build().compactorFor(deepseek);
        assertEquals("chain[summarizing>masking]", c.name());
        CompactionResult r = c.compact(request());
        assertEquals("masking", r.strategy());
        assertTrue(r.fellBack());
        assertTrue(r.tokensAfter() < r.tokensBefore());
        assertEquals(List.of("summarizing", "masking"), r.attempts().stream().map(Attempt::strategy).toList());
    }

    @Test
    void withTheHybridOnTheSummaryWaitsUntilMaskingIsNotEnough() {
        Backend claude = Backend.builder().provider("anthropic").model("claude-sonnet-4-5").apiKey("sk-ant-test-0123456789")
                .environment(Map.of()).build();
        BackendRegistry reg = registry().hybrid(true).build();
        assertEquals("chain[anthropic-compact>hybrid>masking]", reg.compactorFor(claude).name());
        assertEquals("chain[openai-compact>hybrid>masking]", reg.compactorFor(openai()).name());
        // a provider with no compaction of its own: the hybrid is the chain's first step
        Backend deepseek = Backend.builder().provider("deepseek").model("deepseek-chat").apiKey("sk-test-0123456789")
                .environment(Map.of()).build();
        ContextCompactor c = reg.compactorFor(deepseek);
        assertEquals("chain[hybrid>masking]", c.name());
        int before = io.github.compact4j.tokens.TokenCounter.forModel("deepseek-chat").count(HISTORY);

        CompactionResult masked = c.compact(request().toBuilder().targetTokens(before * 9 / 10).build());
        assertEquals("hybrid", masked.strategy());
        assertEquals(List.of("masking"), masked.steps());
        assertEquals(0, summaries.get(), "masking reached the target: no model call");

        CompactionResult summarized = c.compact(request().toBuilder().targetTokens(before / 20).build());
        assertEquals(List.of("masking", "summarizing"), summarized.steps());
        assertEquals(1, summaries.get());
        assertFalse(summarized.fellBack());
    }

    @Test
    void anOpenAiCompactionItemIsNotHandedToAnotherProvider() {
        List<Item> compacted = new ArrayList<>(ResponsesItems.fromJson("[{\"type\":\"message\",\"role\":\"user\",\"content\":\"task\"},"
                + "{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"gAAAA\"}]"));
        compacted.addAll(HISTORY.subList(2, 12));
        Backend ollama = Backend.builder().provider("ollama").model("qwen2.5-coder").environment(Map.of()).build();
        ContextCompactor c = registry().build().compactorFor(ollama);
        NotPortableException e = assertThrows(NotPortableException.class,
                () -> c.compact(CompactionRequest.builder().model("qwen2.5-coder").items(compacted).build()));
        assertEquals(1, e.itemIndex().getAsInt());
        assertTrue(e.getMessage().contains("ollama/qwen2.5-coder cannot read"), e.getMessage());
        assertEquals(0, summaries.get());
    }

    @Test
    void registeredRulesComeFirstThenServiceLoadedProvidersThenDefaults() {
        ContextCompactor mine = FallbackChain.builder().then(io.github.compact4j.mask.ToolOutputMaskingCompactor.builder()
                .keepRecentTurns(1).build()).build();
        BackendRegistry reg = BackendRegistry.builder().summarizers(b -> fakeSummarizer)
                .register("groq", b -> mine).build();
        Backend groq = Backend.builder().provider("groq").model("llama-3.3-70b").apiKey("gsk_test_0123456789abcdef").build();
        assertSame(mine, ((TracingCompactor) reg.compactorFor(groq)).delegate());

        Backend viaService = Backend.builder().provider("openai-compatible").model(TestCompactorProvider.MODEL)
                .baseUrl("http://127.0.0.1:9/v1").environment(Map.of()).build();
        assertEquals("from-service-loader", reg.compactorFor(viaService).name());

        Backend plain = Backend.builder().provider("vllm").model("m").environment(Map.of()).build();
        assertEquals("chain[summarizing>masking]", reg.compactorFor(plain).name());
        assertSame(reg.compactorFor(plain), reg.compactorFor(plain), "cached per backend");
    }

    @Test
    void aBackendThatNeedsAKeyAndHasNoneFailsClearly() {
        Backend noKey = Backend.builder().provider("openai").model("gpt-5.1").environment(Map.of()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry().build().compactorFor(noKey));
        assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
    }

    private static final String CHAT_SUMMARY = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":0,"
            + "\"model\":\"gpt-5.1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"The agent fixed the bug in Turns.java and the tests pass.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":5000,\"completion_tokens\":20,\"total_tokens\":5020}}";

    @Test
    void theDefaultSummarizerOfOpenAiIsChatCompletionsOnTheSameAccount() throws Exception {
        server.enqueue(json(404, "{\"error\":{\"message\":\"Unknown request URL\",\"type\":\"invalid_request_error\"}}"));
        server.enqueue(json(200, CHAT_SUMMARY));
        Backend b = openai().toBuilder().summaryModel("gpt-5.1").build();
        CompactionResult r = BackendRegistry.builder().loadServices(false).keepRecentTokens(2_000).build()
                .compactorFor(b).compact(request());
        assertEquals("summarizing", r.strategy());
        assertTrue(r.fellBack());
        assertEquals("/v1/responses/compact", server.takeRequest().getPath());
        okhttp3.mockwebserver.RecordedRequest chat = server.takeRequest();
        assertEquals("/v1/chat/completions", chat.getPath());
        assertEquals("Bearer " + KEY, chat.getHeader("Authorization"));
        assertTrue(chat.getBody().readUtf8().contains("\"model\":\"gpt-5.1\""), "the summary model is used");
        assertEquals(1, r.usage().modelCalls());
    }

    @Test
    void theDefaultSummarizerOfAnthropicIsTheMessagesApi() throws Exception {
        // Anthropic's own compaction comes first; it cannot take this history's hosted tool items
        // (they have no Messages form), so the summary takes over
        server.enqueue(json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"The agent fixed the bug and the tests pass.\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5000,\"output_tokens\":20}}"));
        Backend claude = Backend.builder().provider("anthropic").model("claude-sonnet-4-5").apiKey("sk-ant-test-0123456789abcdef")
                .baseUrl(server.url("/").toString()).build();
        CompactionResult r = BackendRegistry.builder().loadServices(false).keepRecentTokens(2_000).build()
                .compactorFor(claude).compact(request());
        assertEquals("summarizing", r.strategy());
        assertTrue(r.fellBack());
        assertEquals("anthropic-compact", r.attempts().get(0).strategy());
        assertEquals(Attempt.Outcome.FAILED, r.attempts().get(0).outcome());
        okhttp3.mockwebserver.RecordedRequest call = server.takeRequest();
        assertEquals("/v1/messages", call.getPath());
        assertFalse(call.getBody().readUtf8().contains("\"compaction\""), "the summary is an ordinary request");
        assertEquals("sk-ant-test-0123456789abcdef", call.getHeader("x-api-key"));
        assertTrue(call.getHeader("anthropic-version") != null);
    }

    @Test
    void aFailedAuthenticationHintNamesTheProvidersVariable() {
        server.enqueue(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}"));
        Backend groq = Backend.builder().provider("groq").model("llama-3.3-70b-versatile").apiKey("gsk_test_0123456789abcdef")
                .baseUrl(server.url("/openai/v1").toString()).build();
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> BackendRegistry.builder().loadServices(false).keepRecentTokens(2_000).build()
                        .compactorFor(groq).compact(request()));
        assertTrue(e.getMessage().contains("GROQ_API_KEY"), e.getMessage());
    }
}
