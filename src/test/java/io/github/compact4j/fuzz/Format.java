package io.github.compact4j.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.testing.MultiFormatConversations;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.List;
import java.util.Random;

/** A conversation format the library reads: how to make a valid one, parse it every way, and write items back. */
enum Format {

    /** A Responses item array: text, tree, byte stream and reader entry points. */
    RESPONSES {
        @Override
        JsonNode generate(Random r) {
            return ResponsesItems.toJsonNode(Conversations.generate(r, SMALL.openCallsAtEnd(r.nextBoolean())));
        }

        @Override
        Parsed text(String json) {
            return new Parsed(ResponsesItems.fromJson(json), null);
        }

        @Override
        Parsed bytes(byte[] bytes) {
            return new Parsed(ResponsesItems.fromJson(new ByteArrayInputStream(bytes)), null);
        }

        @Override
        Parsed reader(String json) {
            return new Parsed(ResponsesItems.fromJson(new StringReader(json)), null);
        }

        @Override
        Parsed tree(JsonNode tree) {
            return new Parsed(ResponsesItems.fromJsonNode(tree), null);
        }

        @Override
        String write(Parsed source, List<Item> items) {
            return ResponsesItems.toJson(items);
        }
    },

    /** One Responses item: itemFromJson and fromJsonNode(ObjectNode). */
    RESPONSES_ITEM {
        @Override
        JsonNode generate(Random r) {
            List<Item> items = Conversations.generate(r, SMALL);
            return items.get(r.nextInt(items.size())).toJsonNode();
        }

        @Override
        Parsed text(String json) {
            return new Parsed(List.of(ResponsesItems.itemFromJson(json)), null);
        }

        @Override
        Parsed tree(JsonNode tree) {
            // only an object can go through the one-item overload; anything else is not comparable
            return tree instanceof ObjectNode o ? new Parsed(List.of(ResponsesItems.fromJsonNode(o)), null) : null;
        }

        @Override
        String write(Parsed source, List<Item> items) {
            return ResponsesItems.toJson(items);
        }
    },

    /** A Chat Completions messages array. */
    CHAT {
        @Override
        JsonNode generate(Random r) {
            ArrayNode messages = ChatCompletionsMessages.toJsonNode(portable(r));
            MultiFormatConversations.decorateChat(messages, r);
            return messages;
        }

        @Override
        Parsed text(String json) {
            return new Parsed(ChatCompletionsMessages.fromJson(json), null);
        }

        @Override
        Parsed tree(JsonNode tree) {
            return new Parsed(ChatCompletionsMessages.fromJsonNode(tree), null);
        }

        @Override
        String write(Parsed source, List<Item> items) {
            return ChatCompletionsMessages.toJson(items);
        }
    },

    /** An Anthropic messages array, no system prompt. */
    ANTHROPIC_MESSAGES {
        @Override
        JsonNode generate(Random r) {
            return anthropicBody(r).get("messages");
        }

        @Override
        Parsed text(String json) {
            return new Parsed(AnthropicMessages.fromJson(json), null);
        }

        @Override
        Parsed tree(JsonNode tree) {
            return new Parsed(AnthropicMessages.fromJsonNode(tree), null);
        }

        @Override
        String write(Parsed source, List<Item> items) {
            return AnthropicMessages.toJson(items);
        }
    },

    /** A whole Anthropic request body: system prompt, messages and other fields. */
    ANTHROPIC_BODY {
        @Override
        JsonNode generate(Random r) {
            return anthropicBody(r);
        }

        @Override
        Parsed text(String json) {
            AnthropicConversation c = AnthropicConversation.fromJson(json);
            return new Parsed(c.items(), c);
        }

        @Override
        Parsed tree(JsonNode tree) {
            AnthropicConversation c = AnthropicConversation.fromJsonNode(tree);
            return new Parsed(c.items(), c);
        }

        @Override
        Parsed parts(JsonNode system, JsonNode messages) {
            AnthropicConversation c = AnthropicConversation.of(system, messages);
            return new Parsed(c.items(), c);
        }

        @Override
        String write(Parsed source, List<Item> items) {
            return source.conversation().withItems(items).toJson();
        }
    };

    /** Short conversations: the fuzz's time goes into many cases, not into long ones. */
    static final int MAX_TURNS = 3;

    static final Conversations.Options SMALL = Conversations.options().turns(1, MAX_TURNS).maxOutputChars(600);

    /**
     * What a parser gave.
     *
     * @param items the items
     * @param conversation the Anthropic conversation they came from, for the body format
     */
    record Parsed(List<Item> items, AnthropicConversation conversation) {}

    /** A conversation Chat Completions and Anthropic can hold, with the small outputs of {@link #SMALL}. */
    private static List<Item> portable(Random r) {
        return MultiFormatConversations.portable(Conversations.generate(r, SMALL.openCallsAtEnd(r.nextBoolean())));
    }

    /**
     * An Anthropic request body as {@link MultiFormatConversations#anthropicJson} makes one, from a
     * smaller conversation: the fuzz spends its time on many cases, not on long tool outputs.
     */
    private static ObjectNode anthropicBody(Random r) {
        ObjectNode conv = AnthropicMessages.toConversation(portable(r)).toJsonNode();
        ObjectNode body = Json.NODES.objectNode();
        body.put("model", "claude-sonnet-4-5");
        body.put("max_tokens", 4096);
        if (conv.has("system")) {
            body.set("system", conv.get("system"));
        }
        ArrayNode messages = (ArrayNode) conv.get("messages");
        MultiFormatConversations.decorateAnthropic(messages, r);
        body.set("messages", messages);
        body.putArray("tools").addObject().put("name", "read_file").putObject("input_schema").put("type", "object");
        return body;
    }

    /** @return a valid conversation in this format, as a tree */
    abstract JsonNode generate(Random r);

    abstract Parsed text(String json);

    abstract Parsed tree(JsonNode tree);

    /** @return the items written back in this format */
    abstract String write(Parsed source, List<Item> items);

    /** @return whether the format has a byte-stream entry point */
    boolean hasBytes() {
        return this == RESPONSES;
    }

    Parsed bytes(byte[] bytes) {
        throw new UnsupportedOperationException();
    }

    Parsed reader(String json) {
        throw new UnsupportedOperationException();
    }

    /** @return whether the format has an entry point taking its parts separately */
    boolean hasParts() {
        return this == ANTHROPIC_BODY;
    }

    Parsed parts(JsonNode system, JsonNode messages) {
        throw new UnsupportedOperationException();
    }
}
