package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import java.util.List;
import java.util.Random;

/**
 * The three conversation formats the library reads, for properties that must hold in each: how
 * to generate a conversation in the format (see {@link MultiFormatConversations}), read it into
 * items, write items back, and find its messages array.
 */
public enum ConversationFormat {
    /** Responses API items. */
    RESPONSES {
        @Override
        public String generate(Random r, int maxTurns, boolean openCallsAtEnd) {
            return ResponsesItems.toJson(Conversations.generate(r, MultiFormatConversations.options(maxTurns,
                    openCallsAtEnd)));
        }

        @Override
        public List<Item> read(String json) {
            return ResponsesItems.fromJson(json);
        }

        @Override
        public String write(List<Item> items) {
            return ResponsesItems.toJson(items);
        }

        @Override
        public ArrayNode messages(String json) {
            return (ArrayNode) parse(json);
        }

        @Override
        public void judge(String json) {
            SdkJudges.openAiInputItems(json);
        }
    },
    /** Chat Completions messages, decorated with what only that format has. */
    CHAT {
        @Override
        public String generate(Random r, int maxTurns, boolean openCallsAtEnd) {
            return MultiFormatConversations.chatJson(r, maxTurns, openCallsAtEnd).toString();
        }

        @Override
        public List<Item> read(String json) {
            return ChatCompletionsMessages.fromJson(json);
        }

        @Override
        public String write(List<Item> items) {
            return ChatCompletionsMessages.toJson(items);
        }

        @Override
        public ArrayNode messages(String json) {
            return (ArrayNode) parse(json);
        }

        @Override
        public void judge(String json) {
            SdkJudges.chatMessages(json);
        }
    },
    /** An Anthropic Messages request body, decorated with what only that format has. */
    ANTHROPIC {
        @Override
        public String generate(Random r, int maxTurns, boolean openCallsAtEnd) {
            return MultiFormatConversations.anthropicJson(r, maxTurns, openCallsAtEnd).toString();
        }

        @Override
        public List<Item> read(String json) {
            return AnthropicConversation.fromJson(json).items();
        }

        @Override
        public String write(List<Item> items) {
            return AnthropicMessages.toConversation(items).toJson();
        }

        @Override
        public ArrayNode messages(String json) {
            return (ArrayNode) parse(json).get("messages");
        }

        @Override
        public void judge(String json) {
            SdkJudges.anthropicConversation(json);
        }
    };

    /**
     * @param r randomness
     * @param maxTurns the most model steps
     * @param openCallsAtEnd whether the last step's calls stay unanswered
     * @return a generated conversation in this format, as JSON text
     */
    public abstract String generate(Random r, int maxTurns, boolean openCallsAtEnd);

    /**
     * @param json a conversation in this format
     * @return its items
     */
    public abstract List<Item> read(String json);

    /**
     * @param items items
     * @return them in this format, as JSON text
     */
    public abstract String write(List<Item> items);

    /**
     * @param json a conversation in this format
     * @return its messages (or items) array
     */
    public abstract ArrayNode messages(String json);

    /**
     * Reads a conversation in this format with the official SDK's model classes and validates it
     * ({@link SdkJudges}): openai-java's {@code ResponseInputItem}s or
     * {@code ChatCompletionMessageParam}s, anthropic-java's {@code MessageCreateParams.Body}.
     *
     * @param json a conversation in this format, as {@link #write(List)} gives it
     * @throws AssertionError or the SDK's exception when the SDK refuses it
     */
    public abstract void judge(String json);

    /**
     * @param json JSON text
     * @return the tree
     */
    public static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
