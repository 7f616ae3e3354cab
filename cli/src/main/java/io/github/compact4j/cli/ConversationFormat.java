package io.github.compact4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The three conversation formats the library reads and writes losslessly, for conversation files:
 * a Responses {@code input} array, a Chat Completions {@code messages} array, an Anthropic
 * Messages conversation ({@code {"system":..,"messages":[..]}}).
 */
enum ConversationFormat {
    /** The Responses API's {@code input} items. */
    RESPONSES,
    /** Chat Completions {@code messages}. */
    CHAT,
    /** Anthropic Messages: {@code system} and {@code messages}. */
    ANTHROPIC;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** picocli's converter: the names users type. */
    static ConversationFormat parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "responses": return RESPONSES;
            case "chat": case "chat-completions": case "chat_completions": return CHAT;
            case "anthropic": case "messages": return ANTHROPIC;
            default:
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + s + "' is not a format: use responses, chat or anthropic");
        }
    }

    /** A conversation read from a file, with the format it was in. */
    record Read(List<Item> items, ConversationFormat format, AnthropicConversation anthropic) {}

    /**
     * Reads a conversation file; with {@code format} null, the format is told from the JSON: an
     * object with {@code messages} is Anthropic's; an array with a {@code tool} role or
     * {@code tool_calls} is Chat Completions'; one with Anthropic content blocks
     * ({@code tool_use}, {@code tool_result}) is Anthropic's; any other array is read as Responses
     * items, which also covers plain {@code {"role":..,"content":".."}} messages.
     */
    static Read read(Path file, ConversationFormat format) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw CliException.badInput(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliException.badInput(file + ": permission denied");
        } catch (JsonProcessingException e) {
            throw CliException.badInput(file + ":" + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw CliException.badInput(file + ": cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw CliException.badInput(file + ": empty; expected a conversation in JSON");
        }
        ConversationFormat f = format != null ? format : detect(root);
        return switch (f) {
            case RESPONSES -> new Read(Core.convert(() -> ResponsesItems.fromJsonNode(root),
                    p -> CliException.badInput(file + ": " + p)), f, null);
            case CHAT -> new Read(Core.convert(() -> ChatCompletionsMessages.fromJsonNode(root.isObject() ? root.path("messages") : root),
                    p -> CliException.badInput(file + ": " + p)), f, null);
            case ANTHROPIC -> {
                AnthropicConversation c = Core.convert(() -> root.isArray() ? AnthropicConversation.of(null, root)
                        : AnthropicConversation.fromJsonNode(root), p -> CliException.badInput(file + ": " + p));
                yield new Read(c.items(), f, c);
            }
        };
    }

    static ConversationFormat detect(JsonNode root) {
        if (root.isObject()) {
            return root.has("system") || detect(root.path("messages")) != CHAT ? ANTHROPIC : CHAT;
        }
        for (JsonNode m : root) {
            if ("tool".equals(m.path("role").asText()) || m.has("tool_calls")) {
                return CHAT;
            }
            for (JsonNode part : m.path("content")) {
                String t = part.path("type").asText();
                if (t.equals("tool_use") || t.equals("tool_result") || t.equals("thinking")) {
                    return ANTHROPIC;
                }
            }
        }
        return RESPONSES;
    }

    /**
     * @param items the conversation
     * @param what names it in an error, e.g. {@code restored conversation}
     * @return it as JSON in this format
     * @throws CliException when the format cannot carry an item (an OpenAI compaction item outside Responses;
     *     an Anthropic thinking or server-tool block read from a file, as Responses)
     */
    String write(List<Item> items, String what) {
        return switch (this) {
            case RESPONSES -> Core.convert(() -> ResponsesItems.toJson(items),
                    p -> CliException.badInput(what + " cannot be written as Responses items: " + p));
            case CHAT -> Core.convert(() -> ChatCompletionsMessages.toJson(items),
                    p -> CliException.badInput(what + " cannot be written as Chat Completions messages: " + p));
            case ANTHROPIC -> Core.convert(() -> AnthropicMessages.toConversation(items).toJson(),
                    p -> CliException.badInput(what + " cannot be written as an Anthropic conversation: " + p));
        };
    }

    String label() {
        return switch (this) {
            case RESPONSES -> "responses";
            case CHAT -> "chat";
            case ANTHROPIC -> "anthropic";
        };
    }
}
