package io.github.compact4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.Turns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The generator's promises, checked with the library's own view of a conversation. */
class ConversationsProperties {

    @Property(tries = 300)
    void everyCallIsAnsweredOnceAfterItAndIdsAreUnique(@ForAll("conversations") List<Item> items) {
        assertEquals(List.of(), Turns.unpaired(items));
        Set<String> callIds = new HashSet<>();
        Set<String> answered = new HashSet<>();
        for (Item item : items) {
            if (item instanceof ToolCall c) {
                assertTrue(callIds.add(c.callId()), "duplicate call id " + c.callId());
            } else if (item instanceof ToolResult r) {
                assertTrue(callIds.contains(r.callId()), "result before its call: " + r.callId());
                assertTrue(answered.add(r.callId()), "answered twice: " + r.callId());
            }
        }
        assertEquals(callIds, answered);
    }

    @Property(tries = 300)
    void parsesBackToTheSameItems(@ForAll("conversations") List<Item> items) {
        String json = ResponsesItems.toJson(items);
        List<Item> back = ResponsesItems.fromJson(json);
        assertEquals(items, back);
        assertEquals(json, ResponsesItems.toJson(back));
    }

    @Property(tries = 300)
    void reasoningDirectlyPrecedesModelOutput(@ForAll("conversations") List<Item> items) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Reasoning) {
                assertTrue(i + 1 < items.size(), "reasoning at the end");
                Item next = items.get(i + 1);
                boolean modelOutput = next instanceof ToolCall || next instanceof OpaqueItem
                        || next instanceof Message m && Message.ASSISTANT.equals(m.role());
                assertTrue(modelOutput, "reasoning at " + i + " is followed by " + next);
            }
        }
    }

    @Property(tries = 300)
    void headIsInstructionsThenTheTask(@ForAll("conversations") List<Item> items) {
        int head = Turns.headEnd(items);
        assertTrue(head >= 1 && head <= 3, "head ends at " + head);
        Message task = assertInstanceOf(Message.class, items.get(head - 1));
        assertEquals(Message.USER, task.role());
        for (int i = 0; i < head - 1; i++) {
            assertTrue(((Message) items.get(i)).isInstruction());
        }
    }

    @Property(tries = 200)
    void eachStepIsOneTurn(@ForAll @IntRange(min = 0, max = 25) int turns, @ForAll long seed) {
        List<Item> items = Conversations.generate(new Random(seed),
                Conversations.options().turns(turns, turns).maxOutputChars(2_000));
        int counted = Turns.turnStarts(items).size();
        if (turns == 0) {
            // only a trace of an earlier compaction can follow the head
            assertTrue(counted <= 1, "turns " + counted);
        } else {
            assertEquals(turns, counted);
        }
    }

    @Property(tries = 200)
    void openCallsAreTheTrailingCalls(@ForAll("open") List<Item> items) {
        List<Integer> unpaired = Turns.unpaired(items);
        assertNotEquals(List.of(), unpaired);
        int first = unpaired.get(0);
        List<Integer> trailingCalls = new ArrayList<>();
        for (int i = first; i < items.size(); i++) {
            assertTrue(items.get(i) instanceof ToolCall, "after the first open call: " + items.get(i));
            trailingCalls.add(i);
        }
        assertEquals(trailingCalls, unpaired);
    }

    @Property(tries = 100)
    void outputsStayWithinTheBound(@ForAll @IntRange(min = 0, max = 5_000) int max, @ForAll long seed) {
        List<Item> items = Conversations.generate(new Random(seed), Conversations.options().maxOutputChars(max));
        for (Item item : items) {
            // the other kinds carry fixed texts (patch logs, screenshots, stderr) beside the output
            if (item instanceof ToolResult r && Set.of("function_call_output", "custom_tool_call_output",
                    "local_shell_call_output").contains(r.type())) {
                assertTrue(r.outputText().length() <= max, r + " exceeds " + max);
            }
        }
    }

    @Test
    void sameSeedSameConversation() {
        assertEquals(Conversations.generate(new Random(7)), Conversations.generate(new Random(7)));
        assertNotEquals(Conversations.generate(new Random(7)), Conversations.generate(new Random(8)));
    }

    /** A fixed sample must show every shape the generator promises, or the properties prove little. */
    @Test
    void sampleCoversEveryKindAndShape() {
        Set<String> types = new TreeSet<>();
        int largest = 0;
        boolean stringContent = false;
        boolean partContent = false;
        boolean encrypted = false;
        boolean summarised = false;
        boolean reordered = false;
        for (int seed = 0; seed < 200; seed++) {
            List<Item> items = Conversations.generate(new Random(seed));
            List<String> callOrder = new ArrayList<>();
            List<String> resultOrder = new ArrayList<>();
            for (Item item : items) {
                types.add(item.type());
                if (item instanceof Message m && Message.USER.equals(m.role())) {
                    stringContent |= m.hasStringContent();
                    partContent |= !m.hasStringContent();
                } else if (item instanceof Reasoning r) {
                    encrypted |= r.encryptedContent().isPresent();
                    summarised |= !r.summaryText().isEmpty();
                } else if (item instanceof ToolCall c) {
                    callOrder.add(c.callId());
                } else if (item instanceof ToolResult r) {
                    resultOrder.add(r.callId());
                    largest = Math.max(largest, r.outputText().length());
                }
            }
            reordered |= !callOrder.equals(resultOrder);
        }
        assertEquals(new TreeSet<>(List.of("apply_patch_call", "apply_patch_call_output", "compaction",
                "computer_call", "computer_call_output", "custom_tool_call", "custom_tool_call_output",
                "function_call", "function_call_output", "local_shell_call", "local_shell_call_output",
                "mcp_call", "message", "reasoning", "shell_call", "shell_call_output", "web_search_call")), types);
        assertTrue(largest > 20_000, "largest output " + largest);
        assertTrue(stringContent && partContent, "user content forms");
        assertTrue(encrypted && summarised, "reasoning forms");
        assertTrue(reordered, "parallel results never reordered");
    }

    @Provide
    Arbitrary<List<Item>> conversations() {
        return Conversations.agentConversations(Conversations.options().turns(0, 25).maxOutputChars(8_000));
    }

    @Provide
    Arbitrary<List<Item>> open() {
        return Conversations.agentConversations(Conversations.options().turns(1, 15).openCallsAtEnd(true));
    }
}
