package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.ContentPart;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import java.util.List;

/**
 * Renders items as a plain transcript, the way a hand-written summarization step would before
 * sending a conversation to a model in one message.
 */
final class TranscriptText {

    private TranscriptText() {}

    static String of(List<? extends Item> items) {
        StringBuilder sb = new StringBuilder();
        for (Item item : items) {
            String entry = of(item);
            if (entry != null) {
                if (sb.length() > 0) {
                    sb.append("\n\n");
                }
                sb.append(entry);
            }
        }
        return sb.toString();
    }

    static String of(Item item) {
        if (item instanceof Message m) {
            return m.role() + ": " + text(m);
        }
        if (item instanceof ToolCall c) {
            return "tool call " + c.toolName() + " (" + c.callId() + "): " + c.arguments();
        }
        if (item instanceof ToolResult r) {
            return "tool result (" + r.callId() + "): " + r.outputText();
        }
        if (item instanceof Reasoning r) {
            String s = r.summaryText();
            return s.isEmpty() ? null : "assistant (reasoning): " + s;
        }
        if (item instanceof Compaction) {
            return "[compacted earlier history, not readable outside OpenAI]";
        }
        return "[" + ((OpaqueItem) item).type() + "]";
    }

    private static String text(Message m) {
        if (m.hasStringContent()) {
            return m.text();
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : m.parts()) {
            p.text().ifPresent(t -> {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(t);
            });
        }
        return sb.toString();
    }
}
