package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.testing.SdkJudges;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A compaction the provider made on its side, recognised in the output a conversation appends. */
class ServerCompactionTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final List<CompactionListener.ServerCompactionEvent> events = new CopyOnWriteArrayList<>();
    private final CompactionListener listener = new CompactionListener() {
        @Override
        public void onServerCompaction(ServerCompactionEvent event) {
            events.add(event);
        }
    };

    private ManagedConversation.Builder conversation(CompactionJournal journal) {
        return ManagedConversation.builder().compactor(new ManagedConversationTest.KeepEnds()).model("gpt-5.1")
                .journal(journal).listener(listener).traceId(TRACE);
    }

    private static List<Item> history(int turns) {
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Write the migration guide."));
        for (int i = 0; i < turns; i++) {
            items.add(Message.assistant("Section " + i + ": " + "the old API maps to the new one like this. ".repeat(30)));
            items.add(Message.user("Next section, please."));
        }
        return items;
    }

    @Test
    void openAisCompactionItemDropsTheItemsBeforeItIntoTheJournal() {
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation c = conversation(journal).build();
        List<Item> before = history(6);
        c.appendAll(before);
        long tokensBefore = c.rawTokens();
        List<Item> output = ResponsesItems.fromJson("[{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]},"
                + "{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"gAAAAABserver==\"},"
                + "{\"id\":\"msg_9\",\"type\":\"message\",\"role\":\"assistant\",\"status\":\"completed\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"Section 6 follows.\",\"annotations\":[]}]}]");
        try (LogCapture logs = LogCapture.all()) {
            c.appendAll(output);
            ILoggingEvent line = logs.from("io.github.compact4j.context").get(0);
            assertEquals("INFO", line.getLevel().toString());
            assertTrue(line.getFormattedMessage().startsWith("server-side compaction by openai: " + (before.size() + 3)
                    + " -> 2 items, "), line.getFormattedMessage());
            assertEquals(TRACE, line.getMDCPropertyMap().get("compact4j.trace_id"));
        }
        assertEquals(output.subList(1, 3), c.items(), "the history starts at the newest compaction item");
        assertInstanceOf(Compaction.class, c.items().get(0));
        List<Item> all = new ArrayList<>(before);
        all.addAll(output);
        assertEquals(all, c.originalItems());
        assertEquals(1, journal.entries().size());
        assertEquals("openai-server-compaction", journal.entries().get(0).strategy());
        assertEquals(TRACE, journal.entries().get(0).traceId());
        assertEquals(TokenCounter.forModel("gpt-5.1").count(c.items()), c.rawTokens());

        CompactionListener.ServerCompactionEvent e = events.get(0);
        assertEquals("openai", e.provider());
        assertEquals(TRACE, e.traceId());
        assertEquals(before.size() + 3, e.itemsBefore());
        assertEquals(2, e.itemsAfter());
        assertTrue(e.tokensBefore() > tokensBefore && e.tokensAfter() == c.rawTokens());
        assertEquals(Usage.NONE, e.usage());
        SdkJudges.openAiInputItems(ResponsesItems.toJson(c.items().subList(0, 1)));
    }

    @Test
    void anthropicsBlockDropsTheMessagesBeforeItsMessageWithTheBilledUsageAndEdits() throws Exception {
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation c = conversation(journal).model("claude-sonnet-4-6").build();
        AnthropicConversation start = AnthropicConversation.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Write the migration guide.\"},{\"role\":\"assistant\",\"content\":\"" + "Section text. ".repeat(200)
                + "\"},{\"role\":\"user\",\"content\":\"Go on.\"}]}");
        c.appendAll(start.items());
        String response = "{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"compaction\",\"content\":\"<summary>Sections 0-5 written.</summary>\"},"
                + "{\"type\":\"text\",\"text\":\"Section 6 follows.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"write_file\",\"input\":{\"path\":\"guide.md\"}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":900,\"output_tokens\":60,\"iterations\":["
                + "{\"type\":\"compaction\",\"input_tokens\":151000,\"output_tokens\":2100,\"cache_read_input_tokens\":0,"
                + "\"cache_creation_input_tokens\":0},{\"type\":\"message\",\"input_tokens\":900,\"output_tokens\":60}]},"
                + "\"context_management\":{\"applied_edits\":[{\"type\":\"clear_tool_uses_20250919\",\"cleared_tool_uses\":4,"
                + "\"cleared_input_tokens\":30000}]}}";
        ArrayNode message = Json.NODES.arrayNode();
        com.fasterxml.jackson.databind.node.ObjectNode m = message.addObject().put("role", "assistant");
        m.set("content", Json.MAPPER.readTree(response).get("content"));
        List<Item> output = AnthropicMessages.fromJsonNode(message);
        c.appendAll(output, ResponseMetadata.fromJson(response));

        assertEquals(output, c.items());
        assertTrue(CompactionBlock.isBlock(c.items().get(0)));
        AnthropicConversation next = c.toAnthropic();
        assertEquals(1, next.messages().size());
        assertEquals(List.of("compact-2026-01-12"), next.requiredBetas());
        SdkJudges.anthropicBetaMessages(next.messages());
        assertEquals(3, journal.entries().get(0).items().size());
        assertEquals("anthropic-server-compaction", journal.entries().get(0).strategy());

        CompactionListener.ServerCompactionEvent e = events.get(0);
        assertEquals("anthropic", e.provider());
        assertEquals(Usage.builder().inputTokens(151_000).outputTokens(2100).build(), e.usage());
        assertEquals(List.of("clear_tool_uses_20250919"), e.appliedEdits());
        assertEquals(6, e.itemsBefore());
        assertEquals(3, e.itemsAfter());

        // the tool result that answers the call joins the compacted history as usual
        c.appendAll(AnthropicMessages.fromJson("[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"content\":\"written\"}]}]"));
        assertEquals(4, c.items().size());
        assertEquals(1, events.size());
    }

    @Test
    void withPreviousResponseIdChainingNothingIsDroppedButTheEventIsTold() {
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation c = conversation(journal).previousResponseIdChaining(true).build();
        c.appendAll(history(3));
        List<Item> output = ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"g\"}]");
        c.appendAll(output);
        assertEquals(history(3).size() + 1, c.size());
        assertTrue(journal.entries().isEmpty());
        assertEquals(events.get(0).itemsBefore(), events.get(0).itemsAfter());
    }

    @Test
    void afterAClientCompactionTheServersCompactionKeepsTheBooksRight() {
        CompactionJournal journal = CompactionJournal.inMemory();
        ManagedConversation c = conversation(journal).policy(CompactionPolicy.builder().minSavingRatio(0).build()).build();
        List<Item> all = new ArrayList<>(history(4));
        c.appendAll(all);
        c.compact();                       // keep-ends: [first, summary, last]
        List<Item> more = history(2).subList(1, 5);
        c.appendAll(more);
        all.addAll(more);
        List<Item> output = ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_2\",\"encrypted_content\":\"g\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Done.\"}]");
        c.appendAll(output);
        all.addAll(output);
        assertEquals(ResponsesItems.toJson(all), ResponsesItems.toJson(c.originalItems()));
        assertEquals(output, c.items());
        c.rebuild();
        assertEquals(ResponsesItems.toJson(all), ResponsesItems.toJson(c.items()));
    }

    @Test
    void withoutAJournalTheHistoryIsStillPrunedAndOriginalItemsSaysWhy() {
        ManagedConversation c = ManagedConversation.builder().compactor(new ManagedConversationTest.KeepEnds())
                .model("gpt-5.1").build();
        c.appendAll(history(2));
        c.appendAll(ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"g\"}]"));
        assertEquals(1, c.size());
        assertThrows(IllegalStateException.class, c::originalItems);
    }

    @Test
    void aJournalThatFailsLeavesTheFullHistory() {
        CompactionJournal broken = new CompactionJournal() {
            @Override
            public void append(JournalEntry entry) {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
            }

            @Override
            public List<JournalEntry> entries() {
                return List.of();
            }
        };
        ManagedConversation c = conversation(broken).build();
        c.appendAll(history(2));
        try (LogCapture logs = LogCapture.all()) {
            c.appendAll(ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"g\"}]"));
            assertTrue(logs.from("io.github.compact4j.context").stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
                    && e.getFormattedMessage().contains("disk full")));
        }
        assertEquals(history(2).size() + 1, c.size(), "nothing dropped that the journal did not keep");
        assertEquals(c.size(), events.get(0).itemsAfter());
    }

    @Test
    void aListenerThatThrowsIsLoggedAndIgnored() {
        ManagedConversation c = ManagedConversation.builder().compactor(new ManagedConversationTest.KeepEnds())
                .model("gpt-5.1").journal(CompactionJournal.inMemory()).listener(new CompactionListener() {
                    @Override
                    public void onServerCompaction(ServerCompactionEvent event) {
                        throw new IllegalStateException("broken listener");
                    }
                }).build();
        c.appendAll(history(1));
        try (LogCapture logs = LogCapture.all()) {
            c.appendAll(ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"g\"}]"));
            assertEquals(1, logs.from("io.github.compact4j.listener").size());
        }
        assertEquals(1, c.size());
    }

    @Test
    void initialItemsAreHistoryNotFreshOutput() {
        List<Item> initial = new ArrayList<>(history(2));
        initial.addAll(ResponsesItems.fromJson("[{\"type\":\"compaction\",\"id\":\"cmp_0\",\"encrypted_content\":\"g\"}]"));
        ManagedConversation c = conversation(CompactionJournal.inMemory()).items(initial).build();
        assertEquals(initial.size(), c.size());
        assertTrue(events.isEmpty());
        assertFalse(c.items().isEmpty());
        assertSame(initial.get(0), c.items().get(0));
        assertThrows(IllegalArgumentException.class, () -> ManagedConversation.builder().traceId("not-a-trace"));
    }
}
