package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An openai-java agent loop, end to end: the real SDK client calls {@code responses().create}
 * against a scripted model on MockWebServer, the app keeps its history in a managed conversation
 * through the one-liners, and the history is masked whenever it crosses the budget. Every request
 * the SDK sent is read back with the SDK's own classes and checked.
 */
class OpenAiJavaAgentLoopTest {

    private static final int TOOL_TURNS = 20;
    private static final int WINDOW = 30_000;
    private static final String LOG_LINE = "[INFO] Tests run: 42, Failures: 0, Errors: 0, Skipped: 0 -- in com.acme.InvoiceTest\n";

    private MockWebServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private OpenAIClient client;
    private final ScriptedModel model = new ScriptedModel(TOOL_TURNS, requests);

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(model);
        server.start();
        client = OpenAIOkHttpClient.builder().apiKey("sk-test-0000").baseUrl(server.url("/v1").toString()).maxRetries(0)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdown();
    }

    @Test
    void aManagedConversationStaysUnderItsBudgetAndEveryRequestStaysWhole() throws Exception {
        ContextCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(2)
                .dropOldEncryptedReasoning(false).build(); // store=false: OpenAI reads reasoning from it
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation convo = conversation(masking, journal);
        List<Item> everything = agentLoop(convo);

        assertEquals(TOOL_TURNS + 1, requests.size());
        for (int i = 0; i < requests.size(); i++) {
            assertWhole(requests.get(i), i);
        }
        assertFalse(journal.entries().isEmpty(), "the history crossed its budget and was masked");
        TokenCounter counter = TokenCounter.forModel("gpt-5.1");
        assertTrue(counter.count(everything) > WINDOW, "unmasked, the history would not fit the window");
        for (JsonNode request : requests) {
            int tokens = counter.count(ResponsesItems.fromJsonNode(request.get("input")));
            assertTrue(tokens < WINDOW * 0.6, "every request fits the budget: " + tokens);
        }
        assertTrue(requests.get(requests.size() - 1).toString().contains("removed"), "old outputs are placeholders");
        assertEquals(ResponsesItems.toJson(everything), ResponsesItems.toJson(convo.originalItems()),
                "originalItems() gives back every item, in order, as it was");
        assertTrue(convo.calibration() != 1.0, "the usage the responses reported calibrated the estimate");
    }

    @Test
    void anAppThatHoldsItsOwnInputCompactsItInOneLine() throws Exception {
        ContextCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(2)
                .dropOldEncryptedReasoning(false).build(); // store=false: OpenAI reads reasoning from it
        List<ResponseInputItem> history = new ArrayList<>();
        history.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder().role(ResponseInputItem.Message.Role.USER)
                .addInputTextContent("The invoice totals are off by a cent. Find out why and fix it.").build()));
        Response response;
        int masked = 0;
        do {
            ResponseCreateParams params = params().toBuilder().inputOfResponse(history).build();
            ResponseCreateParams compacted = OpenAiJavaCompaction.compactInput(params, masking);
            if (compacted != params) {
                masked++;
                history.clear();
                history.addAll(compacted.input().orElseThrow().asResponse());
                // items the compactor kept are the app's own objects: the first message is still an ofMessage
                assertTrue(history.get(0).isMessage());
            }
            response = client.responses().create(compacted);
            // a response's output goes back as input
            history.addAll(OpenAiJavaItems.toInputItems(OpenAiJavaItems.fromResponse(response)));
            for (ResponseOutputItem out : response.output()) {
                out.functionCall().ifPresent(call -> history.add(runTool(call)));
            }
        } while (response.output().stream().anyMatch(ResponseOutputItem::isFunctionCall));

        assertTrue(masked > 0, "compactInput masked old outputs");
        for (int i = 0; i < requests.size(); i++) {
            assertWhole(requests.get(i), i);
        }
    }

    @Test
    void nativeCompactionItemsGoIntoTheNextRequestsAsTheSdksOwnCompactionItems() throws Exception {
        ContextCompactor nativeCompaction = OpenAiCompactClient.builder().apiKey("sk-test-0000")
                .baseUrl(server.url("/v1").toString()).build();
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation convo = conversation(nativeCompaction, journal);
        List<Item> everything = agentLoop(convo);

        assertFalse(model.compactions().isEmpty(), "the history crossed its budget and went to /responses/compact");
        int withCompaction = 0;
        for (int i = 0; i < requests.size(); i++) {
            assertWhole(requests.get(i), i);
            ResponseCreateParams.Body parsed = SdkItems.MAPPER.convertValue(requests.get(i), ResponseCreateParams.Body.class);
            if (parsed.input().orElseThrow().asResponse().stream().anyMatch(ResponseInputItem::isCompaction)) {
                withCompaction++;
            }
        }
        assertTrue(withCompaction > 0, "requests after a compaction carry its item");
        assertEquals(ResponsesItems.toJson(everything), ResponsesItems.toJson(convo.originalItems()));
    }

    private static ManagedConversation conversation(ContextCompactor compactor, CompactionJournal journal) {
        return ManagedConversation.builder().compactor(compactor).model("gpt-5.1")
                .contextWindow(WINDOW).policy(CompactionPolicy.builder().triggerRatio(0.5).targetRatio(0.25).build())
                .journal(journal).autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
    }

    /** The app's loop; returns every item it appended, in order. */
    private List<Item> agentLoop(ManagedConversation convo) {
        ResponseCreateParams base = params();
        List<Item> everything = new ArrayList<>();
        convo.append(Message.user("The invoice totals are off by a cent. Find out why and fix it."));
        everything.addAll(convo.items());
        Response response;
        do {
            ManagedConversation.Snapshot sent = convo.snapshot();
            response = client.responses().create(OpenAiJavaCompaction.withInput(base, sent));
            OpenAiJavaCompaction.append(convo, sent, response);
            everything.addAll(OpenAiJavaItems.fromResponse(response));
            List<ResponseInputItem> outputs = new ArrayList<>();
            for (ResponseOutputItem out : response.output()) {
                out.functionCall().ifPresent(call -> outputs.add(runTool(call)));
            }
            OpenAiJavaCompaction.appendAll(convo, outputs);
            everything.addAll(OpenAiJavaItems.fromInputItems(outputs));
        } while (response.output().stream().anyMatch(ResponseOutputItem::isFunctionCall));
        return everything;
    }

    private static ResponseCreateParams params() {
        return ResponseCreateParams.builder().model("gpt-5.1").instructions("You are a careful coding agent.")
                .store(false).addInclude(com.openai.models.responses.ResponseIncludable.REASONING_ENCRYPTED_CONTENT)
                .addTool(FunctionTool.builder().name("run_tests").strict(false)
                        .parameters(FunctionTool.Parameters.builder()
                                .putAdditionalProperty("type", com.openai.core.JsonValue.from("object")).build())
                        .build())
                .build();
    }

    /** The app's tool: a long test log. */
    private static ResponseInputItem runTool(ResponseFunctionToolCall call) {
        return ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output(LOG_LINE.repeat(80)).build());
    }

    /** Valid for the SDK, and no call without its output, no output without its call, no reasoning left last. */
    static void assertWhole(JsonNode body, int index) {
        ResponseCreateParams.Body parsed = SdkItems.MAPPER.convertValue(body, ResponseCreateParams.Body.class);
        parsed.validate();
        parsed.input().orElseThrow().asResponse().forEach(ResponseInputItem::validate);
        Map<String, Integer> calls = new HashMap<>();
        Set<String> answered = new HashSet<>();
        ArrayNode input = (ArrayNode) body.get("input");
        for (int k = 0; k < input.size(); k++) {
            JsonNode item = input.get(k);
            String type = item.path("type").asText();
            if ("function_call".equals(type)) {
                calls.put(item.get("call_id").asText(), k);
            } else if ("function_call_output".equals(type)) {
                String id = item.get("call_id").asText();
                assertTrue(calls.containsKey(id), "request " + index + ": output " + id + " without its call");
                answered.add(id);
            } else if ("reasoning".equals(type)) {
                assertTrue(k + 1 < input.size(), "request " + index + ": a reasoning item without the item it precedes");
            }
        }
        assertEquals(calls.keySet(), answered, "request " + index + ": calls without outputs");
    }
}
