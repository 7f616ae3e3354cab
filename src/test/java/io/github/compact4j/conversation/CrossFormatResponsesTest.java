package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import io.github.compact4j.testing.SdkJudges;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Conversations read from Chat Completions or Anthropic Messages and written as Responses items:
 * the exact JSON, judged by openai-java, and the way back to the source format unchanged.
 */
class CrossFormatResponsesTest {

    static final String CHAT = "["
            + "{\"role\":\"system\",\"content\":\"rules\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"fix it\"}],\"name\":\"ann\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\"},"
            + "{\"type\":\"text\",\"text\":\"Running the tests.\"}],\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}],\"reasoning_content\":\"think\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"ok\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\",\"x_extra\":1}]},"
            + "{\"role\":\"user\",\"content\":\"thanks\"},"
            + "{\"role\":\"assistant\",\"content\":[]},"
            + "{\"role\":\"user\",\"content\":\"bye\"},"
            + "{\"role\":\"assistant\",\"content\":null}"
            + "]";

    static final String ANTHROPIC = "{\"system\":\"rules\",\"messages\":["
            + "{\"role\":\"user\",\"content\":\"fix it\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\",\"citations\":null},"
            + "{\"type\":\"text\",\"text\":\"Running the tests.\",\"cache_control\":{\"type\":\"ephemeral\"}},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"ls\"}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}]},"
            + "{\"role\":\"user\",\"content\":\"thanks\"},"
            + "{\"role\":\"assistant\",\"content\":[]}"
            + "]}";

    @Test
    void assistantTextReadFromChatIsAnInputMessageWithStringContent() {
        List<Item> items = ChatCompletionsMessages.fromJson(CHAT);
        String json = ResponsesItems.toJson(items);
        assertEquals("["
                + "{\"type\":\"message\",\"role\":\"system\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"fix it\"}]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Looking.\\nRunning the tests.\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"shell\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"bye\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"\"}"
                + "]", json);
        assertEquals(items.size(), SdkJudges.openAiInputItems(json).size());
        assertEquals("Looking.\nRunning the tests.", ((Message) items.get(2)).text());
        // and back, byte for byte: the parts, the extra field and the empty array are the source's
        assertEquals(CHAT, ChatCompletionsMessages.toJson(items));
    }

    @Test
    void assistantTextReadFromAnthropicIsAnInputMessageWithStringContent() {
        AnthropicConversation c = AnthropicConversation.fromJson(ANTHROPIC);
        List<Item> items = c.items();
        String json = ResponsesItems.toJson(items);
        assertEquals("["
                + "{\"type\":\"message\",\"role\":\"system\",\"content\":\"rules\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"fix it\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Looking.\\nRunning the tests.\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"toolu_1\",\"name\":\"bash\",\"arguments\":\"{\\\"cmd\\\":\\\"ls\\\"}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"toolu_1\",\"output\":\"ok\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"thanks\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"\"}"
                + "]", json);
        assertEquals(items.size(), SdkJudges.openAiInputItems(json).size());
        // and back, byte for byte: both text blocks with their citations and cache_control
        assertEquals(ANTHROPIC, c.withItems(items).toJson());
        assertEquals(ANTHROPIC, AnthropicMessages.toConversation(items).toJson());
    }

    @Test
    void aMessageWhoseTextIsUnchangedGoesBackWithItsOwnContent() {
        List<Item> chat = new ArrayList<>(ChatCompletionsMessages.fromJson(CHAT));
        chat.set(2, chat.get(2).with("phase", TextNode.valueOf("commentary")));
        assertEquals(CHAT, ChatCompletionsMessages.toJson(chat), "phase has no Chat Completions form");

        AnthropicConversation c = AnthropicConversation.fromJson(ANTHROPIC);
        List<Item> anthropic = new ArrayList<>(c.items());
        anthropic.set(2, anthropic.get(2).with("phase", TextNode.valueOf("commentary")));
        assertEquals(ANTHROPIC, c.withItems(anthropic).toJson(), "phase has no Messages form");
    }

    @Test
    void anEditedTextReplacesTheMessagesTextAndKeepsItsCalls() {
        List<Item> chat = new ArrayList<>(ChatCompletionsMessages.fromJson(CHAT));
        chat.set(2, ((Message) chat.get(2)).withText("Checking."));
        assertEquals("{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"shell\",\"arguments\":\"{}\"}}],\"reasoning_content\":\"think\"}",
                ChatCompletionsMessages.toJsonNode(chat).get(2).toString());

        AnthropicConversation c = AnthropicConversation.fromJson(ANTHROPIC);
        List<Item> anthropic = new ArrayList<>(c.items());
        anthropic.set(2, ((Message) anthropic.get(2)).withText("Checking."));
        assertEquals("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\",\"input\":{\"cmd\":\"ls\"}}]}",
                c.withItems(anthropic).messages().get(1).toString());
    }
}
