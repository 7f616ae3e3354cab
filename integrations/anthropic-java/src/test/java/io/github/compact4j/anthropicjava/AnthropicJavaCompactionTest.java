package io.github.compact4j.anthropicjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.beta.messages.BetaCompactionBlockParam;
import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.SystemMessageParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicJavaCompactionTest {

    private static final String BIG = "12,000 lines of build log\n".repeat(400);

    private final ToolOutputMaskingCompactor masking = ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build();

    @Test
    void compactMessagesMasksOldResultsAndKeepsTheRestOfTheRequestAndTheAppsOwnObjects() {
        MessageCreateParams params = params(history(4));
        String before = SdkMessages.MAPPER.valueToTree(params._body()).toString();

        MessageCreateParams compacted = AnthropicJavaCompaction.compactMessages(params, masking);

        assertEquals(before, SdkMessages.MAPPER.valueToTree(params._body()).toString(), "the caller's request is unchanged");
        List<MessageParam> in = params.messages();
        List<MessageParam> out = compacted.messages();
        assertEquals(in.size(), out.size());
        assertSame(in.get(0), out.get(0), "a message the compactor left whole is the app's own object");
        String firstResult = out.get(2).asUser().content().asContentBlockParams().get(0).asToolResult().content()
                .orElseThrow().asString();
        assertTrue(firstResult.length() < 300 && firstResult.contains("toolu_0"), firstResult);
        assertSame(in.get(in.size() - 1), out.get(out.size() - 1), "the last turn stays whole");
        assertEquals(params.system(), compacted.system());
        assertEquals(params.tools(), compacted.tools());
        assertEquals(params.maxTokens(), compacted.maxTokens());
        MessageCreateParams small = params(history(1));
        assertSame(small, AnthropicJavaCompaction.compactMessages(small, masking), "nothing worth masking");
    }

    @Test
    void theCompactionRequestCarriesTheSystemPromptAsTheFirstItemAndTheToolsAsJson() {
        MessageCreateParams params = params(history(2));
        CompactionRequest r = AnthropicJavaCompaction.compactionRequest(params).build();
        assertEquals("claude-sonnet-4-5", r.model());
        assertEquals("system", ((io.github.compact4j.conversation.Message) r.items().get(0)).role());
        assertEquals("You are a coding agent.", ((io.github.compact4j.conversation.Message) r.items().get(0)).text());
        assertEquals(SdkMessages.MAPPER.valueToTree(params.tools().orElseThrow()).toString(), r.tools().orElseThrow());
    }

    @Test
    void withMessagesKeepsTheRequestsSystemPromptWhenTheItemsHaveNone() {
        MessageCreateParams params = params(history(1));
        List<Item> messagesOnly = AnthropicJavaItems.fromMessageParams(params.messages());
        MessageCreateParams same = AnthropicJavaCompaction.withMessages(params, messagesOnly);
        assertEquals(params, same);
        List<Item> withOtherSystem = new ArrayList<>(messagesOnly);
        withOtherSystem.add(0, io.github.compact4j.conversation.Message.system("Answer in French."));
        assertEquals("Answer in French.", AnthropicJavaCompaction.withMessages(params, withOtherSystem).system()
                .orElseThrow().asString());
    }

    @Test
    void aSystemMessageInsideTheMessagesStaysThereAndIsASystemItem() {
        List<MessageParam> messages = new ArrayList<>(history(1));
        messages.add(MessageParam.ofSystem(SystemMessageParam.of(SystemMessageParam.Content.ofString("Stop after this."))));
        messages.add(0, MessageParam.ofSystem("Use British spelling."));
        List<Item> items = AnthropicJavaItems.fromMessageParams(messages);
        io.github.compact4j.conversation.Message first = (io.github.compact4j.conversation.Message) items.get(0);
        assertTrue(first.isInstruction() && first.text().equals("Use British spelling."));
        assertEquals(messages, AnthropicJavaItems.toMessageParams(items));
        // in a request with a system prompt, it stays a message and the prompt stays the prompt
        MessageCreateParams params = params(messages);
        assertEquals(params, AnthropicJavaCompaction.withMessages(params, AnthropicJavaItems.fromParams(params)));
    }

    @Test
    void appendTakesTheAnswerAndItsUsageCacheIncluded() {
        ManagedConversation convo = ManagedConversation.builder().compactor(masking).model("claude-sonnet-4-5").build();
        AnthropicJavaCompaction.append(convo, MessageParam.ofUser("list the files"));
        ManagedConversation.Snapshot sent = convo.snapshot();
        long reported = sent.rawTokens() * 3;
        Message answer = SdkMessages.read(SdkMessages.MAPPER.createObjectNode().put("id", "msg_1").put("type", "message")
                .put("role", "assistant").put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("content", SdkMessages.MAPPER.createArrayNode()
                        .add(SdkMessages.MAPPER.createObjectNode().put("type", "tool_use").put("id", "toolu_1").put("name", "ls")
                                .<com.fasterxml.jackson.databind.node.ObjectNode>set("input", SdkMessages.MAPPER.createObjectNode())))
                .set("usage", SdkMessages.MAPPER.createObjectNode().put("input_tokens", reported - 10)
                        .put("cache_read_input_tokens", 6).put("cache_creation_input_tokens", 4).put("output_tokens", 5)),
                Message.class);

        AnthropicJavaCompaction.append(convo, sent, answer);

        assertEquals(2, convo.size());
        assertEquals(3.0, convo.calibration(), 1e-9, "input, cache read and cache creation tokens together");
        List<MessageParam> next = AnthropicJavaCompaction.withMessages(params(List.of()), convo).messages();
        assertTrue(next.get(1).asAssistant().content().asContentBlockParams().get(0).isToolUse());
    }

    @Test
    void anAnswerWithoutContentIsAConversationErrorAndOneWithoutUsageStillAppends() {
        Message empty = SdkMessages.read(SdkMessages.MAPPER.createObjectNode().put("id", "msg_1").put("type", "message"),
                Message.class);
        assertEquals("content", assertThrows(InvalidConversationException.class,
                () -> AnthropicJavaItems.fromMessage(empty)).field().orElseThrow());

        ManagedConversation convo = ManagedConversation.builder().compactor(masking).model("claude-sonnet-4-5").build();
        Message noUsage = SdkMessages.read(SdkMessages.MAPPER.createObjectNode().put("id", "msg_2").put("type", "message")
                .put("role", "assistant").set("content", SdkMessages.MAPPER.createArrayNode().add(SdkMessages.MAPPER
                        .createObjectNode().put("type", "text").put("text", "done").putNull("citations"))), Message.class);
        AnthropicJavaCompaction.append(convo, convo.snapshot(), noUsage);
        assertEquals(1, convo.size());
        assertEquals(1.0, convo.calibration(), 0.0, "no usage, nothing learnt");
    }

    @Test
    void aBetaCompactionBlockIsAnOpaqueItemKeptByteForByte() throws Exception {
        BetaMessageParam withBlock = BetaMessageParam.ofAssistantOfContentBlockParams(List.of(
                BetaContentBlockParam.ofCompaction(BetaCompactionBlockParam.builder().content("Summary so far.")
                        .signature("c2lnbmF0dXJl").build())));
        List<Item> items = AnthropicJavaItems.fromBetaMessageParam(withBlock);
        assertEquals(1, items.size());
        assertTrue(items.get(0) instanceof OpaqueItem, "not an OpenAI compaction item: " + items.get(0));
        assertTrue(items.stream().noneMatch(Compaction.class::isInstance));
        assertEquals(SdkMessages.MAPPER.valueToTree(withBlock).get("content").get(0),
                SdkMessages.MAPPER.readTree(items.get(0).toJsonNode().get("block").toString()));
        assertEquals(List.of(withBlock), AnthropicJavaItems.toBetaMessageParams(items));
    }

    @Test
    void whatHasNoAnthropicFormIsRefusedWithItsIndex() {
        List<Item> items = new ArrayList<>(AnthropicJavaItems.fromMessageParams(history(1)));
        items.add(ResponsesItems.itemFromJson("{\"type\":\"compaction\",\"encrypted_content\":\"gAAAA\"}"));
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> AnthropicJavaItems.toMessageParams(items));
        assertEquals(items.size() - 1, e.itemIndex().orElseThrow());
        List<MessageParam> withNull = new ArrayList<>(history(1));
        withNull.add(null);
        assertTrue(assertThrows(NullPointerException.class, () -> AnthropicJavaItems.fromMessageParams(withNull))
                .getMessage().contains("message 3"));
        assertThrows(NullPointerException.class, () -> AnthropicJavaCompaction.compactMessages(params(history(1)), null));
    }

    // ---------------------------------------------------------------------------------------

    private static MessageCreateParams params(List<MessageParam> messages) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(2048).system("You are a coding agent.")
                .addTool(Tool.builder().name("read_file").inputSchema(Tool.InputSchema.builder().build()).build())
                .messages(messages).build();
    }

    /** A task, then {@code turns} tool calls, each answered by a big result. */
    private static List<MessageParam> history(int turns) {
        List<MessageParam> messages = new ArrayList<>();
        messages.add(MessageParam.ofUser("Fix the build."));
        for (int i = 0; i < turns; i++) {
            messages.add(MessageParam.ofAssistantOfContentBlockParams(List.of(ContentBlockParam.ofToolUse(
                    ToolUseBlockParam.builder().id("toolu_" + i).name("read_file")
                            .input(ToolUseBlockParam.Input.builder().build()).build()))));
            messages.add(MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                    ToolResultBlockParam.builder().toolUseId("toolu_" + i).content(BIG).build()))));
        }
        return messages;
    }
}
