package io.github.compact4j.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.ContentPart;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.tokens.TokenCounter;

/**
 * Renders items as the plain-text transcript a summarizer reads, and cuts oversized text down to
 * its beginning and end.
 */
final class Transcript {

    /** What the summarizer reads in place of an OpenAI compaction item. */
    static final String COMPACTION_NOTE = "[An OpenAI compaction item stood here: earlier history, encrypted so that only "
            + "OpenAI can read it. Its content is not available to you; say in the summary that part of the earlier "
            + "history could not be read.]";

    private Transcript() {}

    /**
     * @param item an item
     * @return the item as a transcript entry, or null when it has nothing a reader could use
     *     (reasoning that is only encrypted)
     */
    static String render(Item item) {
        if (item instanceof Message m) {
            return "[" + (m.role().isEmpty() ? "message" : m.role()) + "]\n" + messageText(m);
        }
        if (item instanceof ToolCall c) {
            return "[tool call " + c.toolName() + ", id " + c.callId() + "]\n" + c.arguments();
        }
        if (item instanceof ToolResult r) {
            boolean error = r.field("is_error").map(JsonNode::asBoolean).orElse(false);
            String out = "computer_call_output".equals(r.type()) ? "[screenshot]" : r.outputText();
            return "[tool result, id " + r.callId() + (error ? ", error" : "") + "]\n" + out;
        }
        if (item instanceof Reasoning r) {
            String text = join(r.summaryText(), r.contentText());
            return text.isEmpty() ? null : "[assistant reasoning]\n" + text;
        }
        if (item instanceof Compaction) {
            return COMPACTION_NOTE;
        }
        OpaqueItem o = (OpaqueItem) item;
        if (AnthropicMessages.OPAQUE_BLOCK_TYPE.equals(o.type())) {
            JsonNode block = o.field("block").orElse(null);
            String type = block == null ? "block" : block.path("type").asText("block");
            return "[" + type + "]\n" + (block == null ? "" : block.toString());
        }
        return "[" + o.type() + "]\n" + o.toJson();
    }

    private static String messageText(Message m) {
        if (m.hasStringContent()) {
            return m.text();
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : m.parts()) {
            String piece = p.text().map(t -> "refusal".equals(p.type()) ? "(refused) " + t : t)
                    .orElseGet(() -> "[" + attachment(p) + "]");
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(piece);
        }
        return sb.toString();
    }

    private static String attachment(ContentPart p) {
        JsonNode n = p.toJsonNode();
        return switch (p.type()) {
            case "input_image", "image", "image_url" -> "image";
            case "input_file", "file", "document" -> n.hasNonNull("filename") ? "file " + n.get("filename").asText() : "file";
            case "input_audio" -> "audio";
            default -> p.type().isEmpty() ? "attachment" : p.type();
        };
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "\n" + b;
    }

    /**
     * Cuts text to about {@code maxTokens}, keeping its beginning and its end (where errors and
     * results usually are) and saying how much was left out.
     *
     * @param text the text
     * @param maxTokens the budget
     * @param counter counts tokens
     * @return the text itself when it fits, otherwise its head, a marker and its tail
     */
    static String cut(String text, int maxTokens, TokenCounter counter) {
        if (text.length() > LONG_TEXT_CHARS
                && (long) text.length() > (long) LONG_TEXT_CHARS_PER_TOKEN * Math.max(1, maxTokens)) {
            return cutLong(text, maxTokens, counter);
        }
        int tokens = counter.count(text);
        if (tokens <= maxTokens) {
            return text;
        }
        // Start from the share of characters the budget allows and shrink until it fits.
        long keep = Math.max(0, (long) text.length() * maxTokens / tokens - 48);
        String result = text;
        for (int round = 0; round < 8; round++) {
            int head = boundary(text, (int) (keep / 2));
            int tail = boundary(text, text.length() - (int) (keep - keep / 2));
            if (tail < head) {
                tail = head;
            }
            result = text.substring(0, head) + "\n[... " + (tokens - counter.count(text.substring(0, head))
                    - counter.count(text.substring(tail))) + " tokens cut ...]\n" + text.substring(tail);
            if (counter.count(result) <= maxTokens || keep == 0) {
                return result;
            }
            keep = keep * 3 / 4;
        }
        return result;
    }

    /**
     * A text longer than this many characters, and than {@link #LONG_TEXT_CHARS_PER_TOKEN} per
     * token of budget, is cut by characters before it is counted: text tokenizes to about four
     * characters a token, so such a text is many times the budget, and counting it whole costs
     * more than the rest of the compaction.
     */
    static final int LONG_TEXT_CHARS = 256 * 1024;

    /** See {@link #LONG_TEXT_CHARS}. */
    static final int LONG_TEXT_CHARS_PER_TOKEN = 32;

    /**
     * Cuts a text many times the budget (a tool output of megabytes) without counting it whole,
     * which would cost more than the rest of the compaction: its ends are kept by characters,
     * about four per token of budget to begin with, fewer until they fit, and the marker says
     * how many characters were left out.
     */
    private static String cutLong(String text, int maxTokens, TokenCounter counter) {
        long keep = 4L * maxTokens;
        String result = text;
        for (int round = 0; round < 12; round++) {
            int head = boundary(text, (int) (keep / 2));
            int tail = Math.max(head, boundary(text, text.length() - (int) (keep - keep / 2)));
            result = text.substring(0, head) + "\n[... " + (tail - head) + " characters cut ...]\n"
                    + text.substring(tail);
            if (counter.count(result) <= maxTokens || keep == 0) {
                return result;
            }
            keep = keep * 3 / 4;
        }
        return result;
    }

    /** Moves an index off the middle of a surrogate pair. */
    private static int boundary(String s, int i) {
        if (i <= 0) {
            return 0;
        }
        if (i >= s.length()) {
            return s.length();
        }
        return Character.isLowSurrogate(s.charAt(i)) ? i - 1 : i;
    }
}
