package io.github.compact4j.anthropicjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.beta.messages.BetaContentBlock;
import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.beta.messages.BetaToolResultBlockParam;
import com.anthropic.models.beta.messages.BetaToolUseBlock;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An anthropic-java agent loop, end to end: the real SDK client calls {@code messages().create}
 * (and the beta one) against a scripted model on MockWebServer, the app keeps its history in a
 * managed conversation through the one-liners, and the history is masked whenever it crosses the
 * budget. Every request the SDK sent is read back with the SDK's own classes and checked.
 */
class AnthropicJavaAgentLoopTest {

    private static final int TOOL_TURNS = 20;
    private static final int WINDOW = 30_000;
    private static final String LOG_LINE = "[INFO] Tests run: 42, Failures: 0, Errors: 0, Skipped: 0 -- in com.acme.InvoiceTest\n";
    private static final String SYSTEM = "You are a careful coding agent.";
    /** What the scripted model answers with, at turn 3 of the beta loop: a server-side compaction. */
    private static final String COMPACTION = "{\"type\":\"compaction\",\"content\":\"The agent ran the tests twice; all"
            + " passed except InvoiceTest.\",\"signature\":\"c2lnbmVkIGJ5IHRoZSBzZXJ2ZXI=\"}";

    private MockWebServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private AnthropicClient client;
    private final ScriptedModel model = new ScriptedModel(TOOL_TURNS, requests);

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(model);
        server.start();
        client = AnthropicOkHttpClient.builder().apiKey("sk-ant-test-0000").baseUrl(server.url("/").toString())
                .maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void aManagedConversationStaysUnderItsBudgetAndEveryRequestStaysWhole() {
        ManagedConversation convo = conversation(masking(), CompactionJournal.inMemory());
        List<Item> everything = agentLoop(convo);

        assertEquals(TOOL_TURNS + 1, requests.size());
        TokenCounter counter = TokenCounter.forModel("claude-sonnet-4-5");
        assertTrue(counter.count(everything) > WINDOW, "unmasked, the history would not fit the window");
        for (int i = 0; i < requests.size(); i++) {
            JsonNode body = requests.get(i);
            MessageCreateParams.Body parsed = SdkMessages.MAPPER.convertValue(body, MessageCreateParams.Body.class);
            parsed.validate();
            assertEquals(SYSTEM, parsed.system().orElseThrow().asString(), "request " + i + " keeps its system prompt");
            assertEquals(1, parsed.tools().orElseThrow().size());
            assertWhole(body, i);
            int tokens = counter.count(AnthropicMessages.fromJsonNode(body.get("messages")));
            assertTrue(tokens < WINDOW * 0.6, "request " + i + " fits the budget: " + tokens);
        }
        assertTrue(requests.get(requests.size() - 1).toString().contains("removed"), "old results are placeholders");
        assertEquals(json(everything), json(convo.originalItems()),
                "originalItems() gives back every item, in order, as it was");
        assertTrue(convo.calibration() != 1.0, "the usage the answers reported calibrated the estimate");
    }

    @Test
    void aBetaLoopCarriesTheServersCompactionBlockByteForByteThroughMasking() throws Exception {
        model.compactAtTurn(3, COMPACTION);
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation convo = conversation(masking(), journal);
        com.anthropic.models.beta.messages.MessageCreateParams params = com.anthropic.models.beta.messages.MessageCreateParams
                .builder().model("claude-sonnet-4-5").maxTokens(4096).system(SYSTEM)
                .addTool(com.anthropic.models.beta.messages.BetaTool.builder().name("run_tests")
                        .inputSchema(com.anthropic.models.beta.messages.BetaTool.InputSchema.builder().build()).build())
                .addUserMessage("The invoice totals are off by a cent. Find out why and fix it.").build();
        convo.appendAll(AnthropicJavaItems.fromBetaParams(params));

        BetaMessage answer;
        do {
            ManagedConversation.Snapshot sent = convo.snapshot();
            answer = client.beta().messages().create(AnthropicJavaCompaction.withMessages(params, sent));
            AnthropicJavaCompaction.append(convo, sent, answer);
            List<BetaContentBlockParam> results = new ArrayList<>();
            for (BetaContentBlock block : answer.content()) {
                block.toolUse().ifPresent(use -> results.add(BetaContentBlockParam.ofToolResult(runTool(use))));
            }
            if (!results.isEmpty()) {
                AnthropicJavaCompaction.append(convo, BetaMessageParam.ofUserOfContentBlockParams(results));
            }
        } while (answer.content().stream().anyMatch(BetaContentBlock::isToolUse));

        assertFalse(journal.entries().isEmpty(), "the history was masked");
        assertTrue(model.paths().stream().allMatch(p -> p.startsWith("/v1/messages")), String.valueOf(model.paths()));
        JsonNode block = SdkMessages.MAPPER.readTree(COMPACTION);
        int carried = 0;
        for (int i = 0; i < requests.size(); i++) {
            JsonNode body = requests.get(i);
            SdkMessages.MAPPER.convertValue(body, com.anthropic.models.beta.messages.MessageCreateParams.Body.class).validate();
            assertWhole(body, i);
            if (i >= 3) {
                // the block the server made, as the answer carried it, in every later request
                assertTrue(body.get("messages").findParents("signature").stream()
                        .anyMatch(b -> b.equals(block)), "request " + i + " carries the compaction block unchanged");
                carried++;
            }
        }
        assertEquals(requests.size() - 3, carried);
    }

    @Test
    void aSummarizedHistoryIsSentWholeAndTheSystemPromptStays() {
        ContextCompactor summarizing = SummarizingFallbackCompactor.builder().keepRecentTokens(6_000)
                .summarizer(AnthropicSummarizer.builder().apiKey("sk-ant-test-0000").baseUrl(server.url("/").toString())
                        .model("claude-haiku-4-5").build())
                .build();
        ManagedConversation convo = conversation(summarizing, CompactionJournal.inMemory());
        List<Item> everything = agentLoop(convo);

        assertFalse(model.summaries().isEmpty(), "the history crossed its budget and was summarized");
        for (int i = 0; i < requests.size(); i++) {
            JsonNode body = requests.get(i);
            MessageCreateParams.Body parsed = SdkMessages.MAPPER.convertValue(body, MessageCreateParams.Body.class);
            parsed.validate();
            parsed.messages().forEach(MessageParam::validate);
            assertEquals(SYSTEM, parsed.system().orElseThrow().asString(), "request " + i + " keeps its system prompt");
            assertWhole(body, i);
        }
        assertTrue(requests.get(requests.size() - 1).toString().contains("InvoiceTest fails by a cent"),
                "the summary is in the requests after it");
        assertEquals(json(everything), json(convo.originalItems()));
    }

    private static ContextCompactor masking() {
        return ToolOutputMaskingCompactor.builder().keepRecentTurns(2).build();
    }

    /** The app's loop on the plain types; returns every item it appended, in order. */
    private List<Item> agentLoop(ManagedConversation convo) {
        MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4096).system(SYSTEM)
                .addTool(Tool.builder().name("run_tests").inputSchema(Tool.InputSchema.builder().build()).build())
                .addUserMessage("The invoice totals are off by a cent. Find out why and fix it.").build();
        convo.appendAll(AnthropicJavaItems.fromParams(params));
        List<Item> everything = new ArrayList<>(convo.items());
        Message answer;
        do {
            ManagedConversation.Snapshot sent = convo.snapshot();
            answer = client.messages().create(AnthropicJavaCompaction.withMessages(params, sent));
            AnthropicJavaCompaction.append(convo, sent, answer);
            everything.addAll(AnthropicJavaItems.fromMessage(answer));
            List<ContentBlockParam> results = new ArrayList<>();
            for (ContentBlock block : answer.content()) {
                block.toolUse().ifPresent(use -> results.add(ContentBlockParam.ofToolResult(runTool(use))));
            }
            if (!results.isEmpty()) {
                MessageParam user = MessageParam.ofUserOfContentBlockParams(results);
                AnthropicJavaCompaction.append(convo, user);
                everything.addAll(AnthropicJavaItems.fromMessageParam(user));
            }
        } while (answer.content().stream().anyMatch(ContentBlock::isToolUse));
        return everything;
    }

    private static ManagedConversation conversation(ContextCompactor compactor, CompactionJournal journal) {
        return ManagedConversation.builder().compactor(compactor).model("claude-sonnet-4-5").contextWindow(WINDOW)
                .policy(CompactionPolicy.builder().triggerRatio(0.5).targetRatio(0.25).build()).journal(journal)
                .autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
    }

    /** The app's tool: a long test log. */
    private static ToolResultBlockParam runTool(ToolUseBlock use) {
        return ToolResultBlockParam.builder().toolUseId(use.id()).content(LOG_LINE.repeat(80)).build();
    }

    private static BetaToolResultBlockParam runTool(BetaToolUseBlock use) {
        return BetaToolResultBlockParam.builder().toolUseId(use.id()).content(LOG_LINE.repeat(80)).build();
    }

    /**
     * Anthropic's rule: the tool_use blocks of an assistant message are answered by tool_result
     * blocks of the user message right after it, and a tool_result answers the message right before.
     */
    static void assertWhole(JsonNode body, int index) {
        ArrayNode messages = (ArrayNode) body.get("messages");
        Set<String> open = new HashSet<>();
        for (int k = 0; k < messages.size(); k++) {
            JsonNode m = messages.get(k);
            Set<String> uses = new HashSet<>();
            Set<String> results = new HashSet<>();
            for (JsonNode b : m.path("content")) {
                if ("tool_use".equals(b.path("type").asText())) {
                    uses.add(b.get("id").asText());
                } else if ("tool_result".equals(b.path("type").asText())) {
                    results.add(b.get("tool_use_id").asText());
                }
            }
            assertEquals(open, results, "request " + index + ", message " + k + ": results answer the calls before");
            open = uses;
        }
        assertTrue(open.isEmpty(), "request " + index + ": the last message leaves no call unanswered");
    }

    /**
     * Each item's own JSON: the thinking blocks' items have no Responses form, so
     * {@code ResponsesItems.toJson} refuses them.
     */
    private static List<String> json(List<Item> items) {
        return items.stream().map(Item::toJson).toList();
    }
}
