package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.JsonValue;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiJavaCompactionTest {

    private static final String BIG = "12,000 lines of build log\n".repeat(400);

    private final ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build();

    @Test
    void compactInputMasksOldOutputsAndKeepsTheRestOfTheRequestAndTheAppsOwnObjects() {
        ResponseCreateParams params = params(history(4));
        String before = SdkItems.MAPPER.valueToTree(params._body()).toString();

        ResponseCreateParams compacted = OpenAiJavaCompaction.compactInput(params, masking);

        assertEquals(before, SdkItems.MAPPER.valueToTree(params._body()).toString(), "the caller's request is unchanged");
        List<ResponseInputItem> in = params.input().orElseThrow().asResponse();
        List<ResponseInputItem> out = compacted.input().orElseThrow().asResponse();
        assertEquals(in.size(), out.size(), "masking keeps every item");
        assertSame(in.get(0), out.get(0), "an item the compactor kept is the app's own object");
        assertTrue(out.get(0).isMessage(), "still the Message the app built, not an equal-JSON EasyInputMessage");
        String firstOutput = out.get(2).asFunctionCallOutput().output().asString();
        assertTrue(firstOutput.length() < 300 && firstOutput.contains("call_0"), firstOutput);
        assertSame(in.get(in.size() - 1), out.get(out.size() - 1), "the last turn stays whole");
        assertEquals(params.model(), compacted.model());
        assertEquals(params.instructions(), compacted.instructions());
        assertEquals(params.tools(), compacted.tools());
        assertEquals(params.store(), compacted.store());
    }

    @Test
    void compactInputReturnsTheRequestItselfWhenThereIsNothingToDo() {
        ResponseCreateParams text = ResponseCreateParams.builder().model("gpt-5.1").input("hello").build();
        assertSame(text, OpenAiJavaCompaction.compactInput(text, masking));
        ResponseCreateParams none = ResponseCreateParams.builder().model("gpt-5.1").build();
        assertSame(none, OpenAiJavaCompaction.compactInput(none, masking));
        ResponseCreateParams small = params(history(1));
        assertSame(small, OpenAiJavaCompaction.compactInput(small, masking), "nothing worth masking");
    }

    @Test
    void theCompactionRequestCarriesWhatTheParamsSay() {
        ResponseCreateParams params = params(history(2)).toBuilder().promptCacheKey("agent-a").build();
        CompactionRequest r = OpenAiJavaCompaction.compactionRequest(params).attribute("agent_id", "a").build();
        assertEquals("gpt-5.1", r.model());
        assertEquals("You are a coding agent.", r.instructions().orElseThrow());
        assertEquals("agent-a", r.promptCacheKey().orElseThrow());
        assertEquals(SdkItems.MAPPER.valueToTree(params.tools().orElseThrow()).toString(), r.tools().orElseThrow());
        assertEquals(OpenAiJavaItems.fromParams(params), r.items());
        assertEquals("a", r.attributes().get("agent_id"));
    }

    @Test
    void aRequestThatContinuesAStoredConversationIsRefusedWithAReason() {
        ResponseCreateParams chained = params(history(2)).toBuilder().previousResponseId("resp_1").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenAiJavaCompaction.compactInput(chained, masking));
        assertTrue(e.getMessage().contains("previous_response_id"), e.getMessage());
        ResponseCreateParams noModel = ResponseCreateParams.builder().inputOfResponse(history(1)).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenAiJavaCompaction.compactionRequest(noModel))
                .getMessage().contains("no model"));
        assertThrows(NullPointerException.class, () -> OpenAiJavaCompaction.compactInput(null, masking));
        assertThrows(NullPointerException.class, () -> OpenAiJavaCompaction.compactInput(params(history(1)), null));
    }

    @Test
    void aTextInputIsOneUserMessage() {
        ResponseCreateParams text = ResponseCreateParams.builder().model("gpt-5.1").input("fix it").build();
        assertEquals(List.of(Message.user("fix it").without("type")), OpenAiJavaItems.fromParams(text));
        assertEquals(List.of(), OpenAiJavaItems.fromParams(ResponseCreateParams.builder().model("gpt-5.1").build()));
    }

    @Test
    void appendTakesAResponsesOutputAndItsUsage() {
        ManagedConversation convo = ManagedConversation.builder().compactor(masking).model("gpt-5.1").build();
        OpenAiJavaCompaction.append(convo, ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage
                .builder().role(com.openai.models.responses.EasyInputMessage.Role.USER).content("list the files").build()));
        ManagedConversation.Snapshot sent = convo.snapshot();
        Response response = SdkItems.MAPPER.convertValue(SdkItems.MAPPER.createObjectNode().put("id", "resp_1")
                .put("object", "response").put("created_at", 0).put("model", "gpt-5.1").put("parallel_tool_calls", true)
                .put("tool_choice", "auto").<com.fasterxml.jackson.databind.node.ObjectNode>set("tools",
                        SdkItems.MAPPER.createArrayNode())
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("output", SdkItems.MAPPER.createArrayNode()
                        .add(SdkItems.MAPPER.createObjectNode().put("type", "function_call").put("id", "fc_1")
                                .put("call_id", "call_1").put("name", "ls").put("arguments", "{}")))
                .set("usage", SdkItems.MAPPER.createObjectNode().put("input_tokens", sent.rawTokens() * 2)
                        .put("output_tokens", 5).put("total_tokens", sent.rawTokens() * 2 + 5)
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("input_tokens_details",
                                SdkItems.MAPPER.createObjectNode().put("cached_tokens", 0))
                        .set("output_tokens_details", SdkItems.MAPPER.createObjectNode().put("reasoning_tokens", 0))),
                Response.class);

        OpenAiJavaCompaction.append(convo, sent, response);
        OpenAiJavaCompaction.appendAll(convo, List.of(ResponseInputItem.ofFunctionCallOutput(
                ResponseInputItem.FunctionCallOutput.builder().callId("call_1").output("a b c").build())));

        assertEquals(3, convo.size());
        assertEquals(2.0, convo.calibration(), 1e-9, "the reported input tokens calibrate the estimate");
        assertTrue(convo.items().get(2) instanceof ToolResult r && r.callId().equals("call_1"));
        List<ResponseInputItem> next = OpenAiJavaCompaction.withInput(params(List.of()), convo).input().orElseThrow().asResponse();
        assertTrue(next.get(1).isFunctionCall() && next.get(2).isFunctionCallOutput());
    }

    @Test
    void anInvalidItemIsReportedWithItsIndexAndNothingIsAppended() {
        ResponseInputItem bad = SdkItems.MAPPER.convertValue(SdkItems.MAPPER.createObjectNode()
                .put("type", "function_call_output").put("output", "no call id"), ResponseInputItem.class);
        List<ResponseInputItem> items = new ArrayList<>(history(1));
        items.add(bad);
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> OpenAiJavaItems.fromInputItems(items));
        assertEquals(items.size() - 1, e.itemIndex().orElseThrow());
        assertEquals("call_id", e.field().orElseThrow());

        ManagedConversation convo = ManagedConversation.builder().compactor(masking).model("gpt-5.1").build();
        assertThrows(InvalidConversationException.class, () -> OpenAiJavaCompaction.appendAll(convo, items));
        assertEquals(0, convo.size());
        List<ResponseInputItem> withNull = new ArrayList<>(history(1));
        withNull.add(null);
        assertTrue(assertThrows(NullPointerException.class, () -> OpenAiJavaItems.fromInputItems(withNull)).getMessage()
                .contains("item 3"));
    }

    @Test
    void aResponseWithoutOutputIsAConversationErrorNotAnSdkException() {
        Response empty = SdkItems.MAPPER.convertValue(SdkItems.MAPPER.createObjectNode().put("id", "resp_1")
                .put("object", "response"), Response.class);
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> OpenAiJavaItems.fromResponse(empty));
        assertEquals("output", e.field().orElseThrow());
    }

    @Test
    void anItemTheCompactorChangedIsReadFromItsNewJson() {
        List<Item> items = OpenAiJavaItems.fromInputItems(history(2));
        ToolResult masked = ((ToolResult) items.get(2)).withOutputText("[removed]");
        ResponseInputItem back = OpenAiJavaItems.toInputItem(masked);
        assertTrue(back.isFunctionCallOutput());
        assertEquals("[removed]", back.asFunctionCallOutput().output().asString());
        assertEquals(history(2).get(2).asFunctionCallOutput().callId(), back.asFunctionCallOutput().callId());
    }

    // ---------------------------------------------------------------------------------------

    private static ResponseCreateParams params(List<ResponseInputItem> input) {
        return ResponseCreateParams.builder().model("gpt-5.1").instructions("You are a coding agent.").store(false)
                .addTool(FunctionTool.builder().name("read_file").strict(true).parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object")).build()).build())
                .inputOfResponse(input).build();
    }

    /** A task, then {@code turns} function calls, each answered by a big output. */
    private static List<ResponseInputItem> history(int turns) {
        List<ResponseInputItem> items = new ArrayList<>();
        items.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder().role(ResponseInputItem.Message.Role.USER)
                .addInputTextContent("Fix the build.").build()));
        for (int i = 0; i < turns; i++) {
            items.add(ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder().callId("call_" + i)
                    .name("read_file").arguments("{\"path\":\"build.log\"}").build()));
            items.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                    .callId("call_" + i).output(BIG).build()));
        }
        return items;
    }
}
