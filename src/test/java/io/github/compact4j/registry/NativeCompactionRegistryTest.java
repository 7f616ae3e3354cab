package io.github.compact4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.Attempt;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.errors.BadRequestException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.NotPortableException;
import io.github.compact4j.internal.Json;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryMessage;
import io.github.compact4j.testing.MultiFormatConversations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which native compaction each provider's default chain tries first, and what the registry remembers. */
class NativeCompactionRegistryTest {

    private static final String ANTHROPIC_KEY = "sk-ant-api03-registry0123456789abcdef";
    private static final String XAI_KEY = "xai-registry0123456789abcdefghijklmnop";
    private static final String SIGNED = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-6\",\"content\":[{\"type\":\"compaction\",\"content\":\"<summary>The agent"
            + " fixed the build.</summary>\",\"signature\":\"EvQBsig==\"}],\"stop_reason\":\"compaction\","
            + "\"usage\":{\"input_tokens\":0,\"output_tokens\":0,\"iterations\":[{\"type\":\"compaction\","
            + "\"input_tokens\":9000,\"output_tokens\":300}]}}";

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

    private BackendRegistry registry() {
        return BackendRegistry.builder().summarizers(b -> fakeSummarizer).keepRecentTokens(500).loadServices(false)
                .build();
    }

    private Backend anthropic() {
        return Backend.builder().provider("anthropic").model("claude-sonnet-4-6").apiKey(ANTHROPIC_KEY)
                .baseUrl(server.url("/").toString()).build();
    }

    private Backend xai() {
        return Backend.builder().provider("xai").model("grok-4.6").apiKey(XAI_KEY).baseUrl(server.url("/v1").toString())
                .build();
    }

    private static List<Item> anthropicHistory() {
        return AnthropicConversation.fromJsonNode(MultiFormatConversations.anthropicJson(new Random(11), 14, false)).items();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_" + status).setBody(body);
    }

    private static MockResponse anthropicError(String message) {
        return json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                + Json.NODES.textNode(message) + "}}");
    }

    @Test
    void anAnthropicBackendsFirstCompactionIsAnthropicsOwnOnTheMessagesApi() throws Exception {
        server.enqueue(json(200, SIGNED));
        ContextCompactor c = registry().compactorFor(anthropic());
        assertEquals("chain[anthropic-compact>summarizing>masking]", c.name());
        CompactionResult r = c.compact(CompactionRequest.builder().model("claude-sonnet-4-6").items(anthropicHistory())
                .build());
        assertEquals("anthropic-compact", r.strategy());
        assertFalse(r.fellBack());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/v1/messages", sent.getPath());
        assertEquals(ANTHROPIC_KEY, sent.getHeader("x-api-key"));
        assertEquals("compact-2026-09-04", sent.getHeader("anthropic-beta"));
        JsonNode body = Json.MAPPER.readTree(sent.getBody().readUtf8());
        assertEquals(Json.MAPPER.readTree("{\"type\":\"summarize\"}"), body.get("compaction"));
        assertEquals(1, r.items().stream().filter(CompactionBlock::isBlock).count());
        assertEquals(9300, r.usage().totalTokens());
        assertEquals(0, summaries.get());
    }

    @Test
    void anXaiBackendsFirstCompactionIsXaisOwnResponsesCompact() throws Exception {
        server.enqueue(json(200, "{\"id\":\"cmp_8f1e2d3c\",\"object\":\"response.compaction\",\"created_at\":1780000000,"
                + "\"model\":\"grok-4.6\",\"output\":[{\"type\":\"compaction\",\"id\":\"cmp_8f1e2d3c\","
                + "\"encrypted_content\":\"xai-opaque-blob==\"}],\"usage\":{\"input_tokens\":12000,"
                + "\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":900,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":12900,\"dropped_message_count\":31}}"));
        ContextCompactor c = registry().compactorFor(xai());
        assertEquals("chain[openai-compact>summarizing>masking]", c.name());
        List<Item> history = ResponsesItems.fromJson("[{\"role\":\"user\",\"content\":\"Write the report.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Here is the report: " + "lorem ipsum ".repeat(400) + "\"},"
                + "{\"role\":\"user\",\"content\":\"Shorter, please.\"}]");
        CompactionResult r = c.compact(CompactionRequest.builder().model("grok-4.6").items(history).build());
        assertEquals("openai-compact", r.strategy());
        assertEquals(1, r.items().size(), "one compaction item and no kept messages is a valid answer");
        Compaction item = assertInstanceOf(Compaction.class, r.items().get(0));
        assertEquals("xai-opaque-blob==", item.encryptedContent());
        assertEquals(12900, r.usage().totalTokens());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/v1/responses/compact", sent.getPath());
        assertEquals("Bearer " + XAI_KEY, sent.getHeader("Authorization"));
        JsonNode body = Json.MAPPER.readTree(sent.getBody().readUtf8());
        assertEquals("grok-4.6", body.get("model").textValue());
        assertEquals(3, body.get("input").size());

        // the item heads the next input, and the next compaction for xAI takes it
        List<Item> next = new ArrayList<>(r.items());
        next.add(Message.user("Now the summary table."));
        server.enqueue(json(200, "{\"id\":\"cmp_2\",\"object\":\"response.compaction\",\"created_at\":1780000001,"
                + "\"output\":[{\"type\":\"compaction\",\"id\":\"cmp_2\",\"encrypted_content\":\"xai-2==\"}],"
                + "\"usage\":{\"input_tokens\":500,\"output_tokens\":80,\"total_tokens\":580}}"));
        CompactionResult again = c.compact(CompactionRequest.builder().model("grok-4.6").items(next).minSavingRatio(0).build());
        assertEquals("openai-compact", again.strategy());
        JsonNode input = Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8()).get("input");
        assertEquals("compaction", input.get(0).get("type").textValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Unexpected value(s) `compact-2026-09-04` for the `anthropic-beta` header. Please consult our documentation.",
            "compaction: Extra inputs are not permitted",
            "compaction is not supported for model claude-3-5-haiku-20241022",
            "compaction.instructions is not available on this platform"})
    void anAnthropic400SayingTheBetaParameterOrModelIsNotSupportedIsRemembered(String message) {
        server.enqueue(anthropicError(message));
        BackendRegistry reg = registry();
        ContextCompactor c = reg.compactorFor(anthropic());
        CompactionRequest request = CompactionRequest.builder().model("claude-sonnet-4-6").items(anthropicHistory()).build();
        CompactionResult first = c.compact(request);
        assertEquals("summarizing", first.strategy());
        assertTrue(first.fellBack());
        assertTrue(reg.rememberedUnsupported(anthropic()));
        CompactionResult second = c.compact(request);
        assertEquals(Attempt.Outcome.SKIPPED, second.attempts().get(0).outcome());
        assertEquals(1, server.getRequestCount(), "the second call does not ask for Anthropic's compaction again");
    }

    @Test
    void otherAnthropic400sFallBackWithoutBeingRemembered() {
        server.enqueue(json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                + "\"nothing to summarize\",\"details\":{\"error_code\":\"compaction_nothing_to_summarize\"}}}"));
        server.enqueue(anthropicError("messages.3.content.0.citations: Extra inputs are not permitted"));
        BackendRegistry reg = registry();
        ContextCompactor c = reg.compactorFor(anthropic());
        CompactionRequest request = CompactionRequest.builder().model("claude-sonnet-4-6").items(anthropicHistory()).build();
        CompactionResult first = c.compact(request);
        assertEquals("summarizing", first.strategy());
        assertEquals(BadRequestException.class.getName(), first.attempts().get(0).errorType().orElseThrow());
        assertFalse(reg.rememberedUnsupported(anthropic()));
        assertEquals("summarizing", c.compact(request).strategy());
        assertFalse(reg.rememberedUnsupported(anthropic()));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anAnthropicBlockGoesToAnotherProviderAsAMarkedSummaryInsteadOfBeingRefused() throws Exception {
        List<Item> history = new ArrayList<>();
        history.add(CompactionBlock.item(Json.MAPPER.readTree("{\"type\":\"compaction\",\"content\":\"<summary>Fixed"
                + " the build.</summary>\",\"signature\":\"EvQBsig==\"}")));
        // without the thinking and server-tool blocks, which have no Responses form (see the next test)
        anthropicHistory().subList(1, 9).stream().filter(it -> !(it instanceof Reasoning || it instanceof OpaqueItem))
                .forEach(history::add);
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"id\":\"resp_1\",\"object\":\"response.compaction\",\"created_at\":1,\"output\":["
                        + "{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"gAAAA\"}],"
                        + "\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}"));
        Backend openai = Backend.builder().provider("openai").model("gpt-5.1").apiKey("sk-test-registry-0123456789")
                .baseUrl(server.url("/v1").toString()).build();
        CompactionResult r = registry().compactorFor(openai)
                .compact(CompactionRequest.builder().model("gpt-5.1").items(history).minSavingRatio(0).build());
        assertEquals("openai-compact", r.strategy());
        assertTrue(r.note().orElseThrow().contains("1 Anthropic compaction block(s) went to openai/gpt-5.1"),
                r.note().orElseThrow());
        JsonNode input = Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8()).get("input");
        assertEquals("user", input.get(0).get("role").textValue());
        assertEquals("<summary>Fixed the build.</summary>",
                SummaryMessage.summaryOf(ResponsesItems.fromJsonNode(input).get(0)).orElseThrow());
        assertFalse(input.toString().contains("anthropic_block"));
    }

    @Test
    void anAnthropicHistoryWithThinkingFallsBackFromOpenAiCompactionBeforeAnyCall() {
        List<Item> history = anthropicHistory();
        int thinking = -1;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof Reasoning) {
                thinking = i;
            }
        }
        assertTrue(thinking > 0, "the generated history holds a thinking block");
        Backend openai = Backend.builder().provider("openai").model("gpt-5.1").apiKey("sk-test-registry-0123456789")
                .baseUrl(server.url("/v1").toString()).build();
        CompactionResult r = registry().compactorFor(openai)
                .compact(CompactionRequest.builder().model("gpt-5.1").items(history).minSavingRatio(0).build());
        assertEquals("summarizing", r.strategy());
        assertEquals(0, server.getRequestCount(), "nothing went to /responses/compact");
        assertEquals(1, summaries.get());
        Attempt native_ = r.attempts().get(0);
        assertEquals("openai-compact", native_.strategy());
        assertEquals(Attempt.Outcome.FAILED, native_.outcome());
        assertEquals(CompactionException.class.getName(), native_.errorType().orElseThrow());
        assertTrue(native_.reason().orElseThrow().contains("item " + thinking + ", field 'type': a reasoning item"
                + " made from an Anthropic 'thinking' block has no Responses form"), native_.reason().orElseThrow());
    }

    @Test
    void anOpenAiCompactionItemIsStillRefusedForAnthropic() {
        List<Item> history = new ArrayList<>(ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_1\","
                + "\"encrypted_content\":\"gAAAA\"}]"));
        history.addAll(anthropicHistory());
        assertThrows(NotPortableException.class, () -> registry().compactorFor(anthropic())
                .compact(CompactionRequest.builder().model("claude-sonnet-4-6").items(history).build()));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void theCatalogueSaysWhoReadsWhat() {
        Provider xai = Provider.of("xai").orElseThrow();
        assertEquals(Provider.NativeCompaction.RESPONSES_COMPACT, xai.nativeCompaction());
        assertTrue(xai.readsCompactionItems());
        assertFalse(xai.readsOpenAiCompactionItems());
        Provider anthropic = Provider.of("anthropic").orElseThrow();
        assertEquals(Provider.NativeCompaction.ANTHROPIC_COMPACTION, anthropic.nativeCompaction());
        assertTrue(anthropic.readsAnthropicCompactionBlocks());
        assertFalse(anthropic.readsCompactionItems());
        assertTrue(Provider.of("openai").orElseThrow().readsCompactionItems());
        assertFalse(Provider.of("groq").orElseThrow().hasNativeCompaction());
    }
}
