package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The turn boundaries Turns documents, on the shapes an agent produces. */
class TurnsUserTurnTest {

    private static Item reasoning(String id) {
        return ResponsesItems.itemFromJson("{\"type\":\"reasoning\",\"id\":\"" + id + "\",\"summary\":[]}");
    }

    @Test
    void aUserMessageAndTheModelsAnswerToItAreOneTurn() {
        List<Item> items = List.of(
                Message.developer("You are a coding agent."),   // 0 head
                Message.user("Fix the bug."),                   // 1 head
                reasoning("rs_1"),                              // 2 turn
                ToolCall.function("c1", "shell", "{}"),         // 3
                ToolResult.functionOutput("c1", "ok"),          // 4
                Message.assistant("Fixed."),                    // 5 turn: follows a result
                Message.user("Now add a test."),                // 6 turn: a user message
                reasoning("rs_2"),                              // 7 same turn: answers the user
                ToolCall.function("c2", "shell", "{}"),         // 8
                ToolResult.functionOutput("c2", "ok"),          // 9
                Message.assistant("Added."));                   // 10 turn: follows a result
        assertEquals(List.of(2, 5, 6, 10), Turns.turnStarts(items));
    }

    @Test
    void consecutiveUserMessagesStartATurnEach() {
        List<Item> items = List.of(Message.user("a"), Message.user("b"), Message.user("c"), Message.assistant("d"));
        assertEquals(List.of(1, 2), Turns.turnStarts(items));
    }
}
