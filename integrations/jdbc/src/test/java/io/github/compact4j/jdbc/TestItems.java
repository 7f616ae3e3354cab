package io.github.compact4j.jdbc;

import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import java.util.ArrayList;
import java.util.List;

/** Items of every kind a journal must keep exactly, as their own JSON. */
final class TestItems {

    private TestItems() {}

    /** One of each kind, with text that stresses the storage: non-ASCII, escapes, exact numbers, unknown fields. */
    static List<Item> everyKind(String tag) {
        List<Item> items = new ArrayList<>(agentTurn(tag));
        // what a server-side compaction leaves: kept by a journal when a later compaction removes it
        items.add(ResponsesItems.itemFromJson("{\"type\":\"compaction\",\"id\":\"cmp_" + tag
                + "\",\"encrypted_content\":\"opaque-" + tag + "\"}"));
        // read from Anthropic: a thinking block and a server-tool block, which have no Responses form
        items.addAll(AnthropicMessages.fromJson("[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"check " + tag + "\",\"signature\":\"EqQBsig==\"},{\"type\":\"server_tool_use\",\"id\":"
                + "\"srvtoolu_" + tag + "\",\"name\":\"web_search\",\"input\":{\"query\":\"junit\"}},{\"type\":\"text\","
                + "\"text\":\"Found it.\"}]}]"));
        return List.copyOf(items);
    }

    /**
     * Every kind an agent appends as it runs. Not a compaction item: appended to a
     * {@code ManagedConversation}, that is a server-side compaction replacing what came before.
     */
    static List<Item> agentTurn(String tag) {
        return List.of(
                Message.system("You are a careful agent (" + tag + ")."),
                Message.user("Überprüfe die Tests — 日本語, emoji 🚀, quotes \" and \\ and a tab\t, " + tag),
                ToolCall.function("call_" + tag, "read_file", "{\"path\":\"src/Main.java\",\"lines\":[1,2.50,1e3]}"),
                ToolResult.functionOutput("call_" + tag, "public class Main {}\n\u0000 nul and \u001f control, " + tag),
                ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"id\":\"rs_" + tag + "\",\"summary\":[{\"type\":"
                        + "\"summary_text\",\"text\":\"thinking\"}],\"encrypted_content\":\"gAAAAB" + tag + "==\"}"),
                ResponsesItems.itemFromJson("{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"output_text\",\"text\":\"done\",\"annotations\":[]}],\"x_vendor\":{\"z\":1.50,\"a\":null,"
                        + "\"n\":12345678901234567890}}"));
    }
}
