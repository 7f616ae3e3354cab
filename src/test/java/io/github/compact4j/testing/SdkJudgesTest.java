package io.github.compact4j.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.errors.AnthropicInvalidDataException;
import com.openai.errors.OpenAIInvalidDataException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The judges can fail: each refuses a body or a history with one thing wrong, and takes it with
 * that thing right.
 */
class SdkJudgesTest {

    @Test
    void theCompactBodyJudgeReadsEveryFieldAndEveryItem() {
        String good = "{\"model\":\"gpt-5.1-codex-max\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"}],\"instructions\":\"Be brief.\"}";
        assertDoesNotThrow(() -> SdkJudges.openAiCompactBody(good));
        refused(() -> SdkJudges.openAiCompactBody(good.replace("\"instructions\"", "\"instruction\"")));
        refused(() -> SdkJudges.openAiCompactBody(good.replace(",\"output\":\"ok\"", "")));
        refused(() -> SdkJudges.openAiCompactBody(good.replace("\"Be brief.\"", "[\"Be brief.\"]")));
        refused(() -> SdkJudges.openAiCompactBody("{\"model\":\"gpt-5.1\",\"input\":{\"role\":\"user\"}}"));
    }

    @Test
    void theChatCompletionBodyJudgeTakesAnyModelNameButNoUnknownField() {
        String good = "{\"model\":\"qwen2.5-coder:14b\",\"messages\":[{\"role\":\"system\",\"content\":\"Summarize.\"},"
                + "{\"role\":\"user\",\"content\":\"the transcript\"}],\"max_tokens\":512,\"stream\":false}";
        assertDoesNotThrow(() -> SdkJudges.chatCompletionBody(good));
        refused(() -> SdkJudges.chatCompletionBody(good.replace("\"max_tokens\"", "\"max_token\"")));
        refused(() -> SdkJudges.chatCompletionBody(good.replace("\"qwen2.5-coder:14b\"", "\"\"")));
        refused(() -> SdkJudges.chatCompletionBody(good.replace("\"stream\":false", "\"stream\":\"no\"")));
        refused(() -> SdkJudges.chatCompletionBody(good.replace("\"role\":\"system\"", "\"role\":\"narrator\"")));
        refused(() -> SdkJudges.chatCompletionBody(good.replace("512", "\"512\"")));
    }

    @Test
    void theAnthropicBodyJudgesTakeOnlyWhatTheyAreToldBeyondTheBodyClass() {
        String good = "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":1024,\"system\":\"Summarize.\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"the transcript\"}],\"temperature\":0.2}";
        assertDoesNotThrow(() -> SdkJudges.anthropicBody(good, "temperature"));
        refused(() -> SdkJudges.anthropicBody(good));
        refused(() -> SdkJudges.anthropicBody(good.replace("\"max_tokens\":1024,", ""), "temperature"));
        String beta = "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":1024,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}],\"compaction\":{\"type\":\"summarize\"}}";
        assertDoesNotThrow(() -> SdkJudges.anthropicBetaBody(beta));
        refused(() -> SdkJudges.anthropicBetaBody(beta.replace("summarize", "summarise")));
        refused(() -> SdkJudges.anthropicBetaBody(beta.replace("\"compaction\"", "\"compact\"")));
    }

    @Test
    void theHistoryJudgesReadEachFormatsMessages() {
        assertDoesNotThrow(() -> SdkJudges.openAiInputItems("[{\"role\":\"user\",\"content\":\"hi\"}]"));
        // an assistant message with output_text parts needs the id of an output message
        refused(() -> SdkJudges.openAiInputItems("[{\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"output_text\",\"text\":\"x\",\"annotations\":[]}]}]"));
        refused(() -> SdkJudges.openAiInputItems("[{\"type\":\"anthropic_block\",\"block\":{}}]"));

        assertDoesNotThrow(() -> SdkJudges.chatMessages("[{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}]"));
        refused(() -> SdkJudges.chatMessages("[{\"role\":\"tool\",\"content\":\"ok\"}]"));

        String block = "{\"role\":\"assistant\",\"content\":[{\"type\":\"compaction\",\"content\":\"<summary>s</summary>\","
                + "\"signature\":\"EvQB\"}]}";
        assertDoesNotThrow(() -> SdkJudges.anthropicConversation("{\"system\":\"Be brief.\",\"messages\":[" + block + "]}"));
        refused(() -> SdkJudges.anthropicMessages(ConversationFormat.parse("[" + block + "]")));
        refused(() -> SdkJudges.anthropicConversation("{\"messages\":[{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"thinking\",\"thinking\":\"hm\"}]}]}"));
    }

    /** Refused by a judge's own check or by the SDK's reading or validation, not by anything else. */
    private static void refused(Executable judge) {
        Throwable t = assertThrows(Throwable.class, judge);
        assertTrue(t instanceof AssertionError || t instanceof OpenAIInvalidDataException
                || t instanceof AnthropicInvalidDataException || t instanceof UncheckedIOException, t.toString());
    }
}
