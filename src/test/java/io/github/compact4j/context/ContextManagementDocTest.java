package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.errors.ApiErrors;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the retry recipe of docs/context-management.md ("When a call overflows anyway"). */
class ContextManagementDocTest {

    /** Stands in for the provider: its window is 16,000 tokens, whatever the app configured. */
    static final class Model {
        final List<Integer> sent = new ArrayList<>();
        final int window;

        Model(int window) {
            this.window = window;
        }

        String call(List<Item> input) {
            int tokens = TokenCounter.forModel("gpt-5.1").count(input);
            sent.add(tokens);
            if (tokens > window) {
                throw ApiErrors.forStatus(ApiErrors.fromResponse("OpenAI call failed", 400, "{\"error\":{\"message\":"
                        + "\"This model's maximum context length is " + window + " tokens. However, your messages"
                        + " resulted in " + tokens + " tokens. Please reduce the length of the messages.\",\"type\":"
                        + "\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));
            }
            return "done";
        }
    }

    private static ManagedConversation convo() {
        ManagedConversation convo = ManagedConversation.builder().compactor(ToolOutputMaskingCompactor.builder().build())
                .model("gpt-5.1").contextWindow(128_000).build();
        convo.append(Message.user("Find why the build fails."));
        for (int i = 0; i < 20; i++) {
            convo.append(ToolCall.function("call_" + i, "shell", "{\"cmd\":\"mvn test\"}"));
            convo.append(ToolResult.functionOutput("call_" + i, "[INFO] test output line\n".repeat(250)));
        }
        return convo;
    }

    @Test
    void theRetryRecipe() {
        Model model = new Model(16_000);
        ManagedConversation convo = convo();
        String response;

        try {
            response = callModel(model, convo.items());
        } catch (RuntimeException e) {
            if (convo.recoverFromOverflow(e).isEmpty()) throw e;   // not an overflow: not ours to handle
            response = callModel(model, convo.items());             // a second overflow propagates
        }

        assertEquals("done", response);
        assertEquals(2, model.sent.size(), "one failed call, one retry");
        assertTrue(model.sent.get(1) < 16_000);
        assertEquals(16_000, convo.contextWindow());
    }

    @Test
    void aSecondOverflowPropagatesInsteadOfLooping() {
        Model tiny = new Model(50);
        ManagedConversation convo = convo();
        assertThrows(RuntimeException.class, () -> {
            try {
                callModel(tiny, convo.items());
            } catch (RuntimeException e) {
                if (convo.recoverFromOverflow(e).isEmpty()) throw e;
                callModel(tiny, convo.items());
            }
        });
        assertEquals(2, tiny.sent.size());
    }

    private static String callModel(Model model, List<Item> items) {
        return model.call(items);
    }
}
