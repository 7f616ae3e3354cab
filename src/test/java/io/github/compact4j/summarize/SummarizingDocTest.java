package io.github.compact4j.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the snippets of docs/summarizing.md and the codec snippet of docs/conversation-model.md. */
class SummarizingDocTest {

    record MyReply(String text, boolean stoppedAtMaxTokens, long inputTokens, long outputTokens, String requestId) {}

    /** Stands in for the app's own model client of the quick start. */
    static final class MyClient {
        int calls;

        MyReply complete(String system, String user, int maxTokens) {
            calls++;
            assertEquals(SummarizingFallbackCompactor.DEFAULT_PROMPT, system);
            assertTrue(user.contains("<conversation>"));
            return new MyReply("Task: make the build pass. Done: modules 0-7 checked. Next: fix module 3.", false,
                    user.length() / 4, 20, "req_" + calls);
        }
    }

    final MyClient myClient = new MyClient();

    @Test
    void quickStart() {
        List<Item> items = SummarizingFallbackCompactorTest.agentRun(60);
        Summarizer summarizer = request -> {
            // any model call: system prompt, one user message, an output limit
            MyReply reply = myClient.complete(request.instructions(), request.userMessage(), request.maxOutputTokens());
            return new Summary(reply.text(), reply.stoppedAtMaxTokens(),
                    Usage.of(reply.inputTokens(), reply.outputTokens()), List.of(reply.requestId()));
        };

        ContextCompactor compactor = SummarizingFallbackCompactor.builder()
                .summarizer(summarizer)
                .keepRecentTokens(1_000)
                .build();

        CompactionResult result = compactor.compact(CompactionRequest.builder()
                .model("claude-sonnet-4-5")
                .items(items)
                .build());

        assertEquals(1, myClient.calls);
        assertEquals(List.of("req_1"), result.requestIds());
        assertEquals(items.get(1), result.items().get(1));
        assertTrue(SummaryMessage.isSummary(result.items().get(2)));
        assertTrue(result.tokensAfter() < result.tokensBefore() / 2);
    }

    @Test
    void formats() {
        ContextCompactor compactor = SummarizingFallbackCompactor.builder()
                .summarizer(new FakeSummarizer()).keepRecentTokens(300).build();
        String messagesJson = ChatCompletionsMessages.toJson(SummarizingFallbackCompactorTest.agentRun(12));

        List<Item> items = ChatCompletionsMessages.fromJson(messagesJson);
        CompactionResult r = compactor.compact(CompactionRequest.builder().model("llama3.1").items(items).build());
        String messages = ChatCompletionsMessages.toJson(r.items());
        assertTrue(messages.contains("{\"role\":\"user\",\"content\":\"<conversation_summary generator="), messages);

        String requestBody = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"Be careful.\",\"messages\":"
                + AnthropicMessages.toJson(SummarizingFallbackCompactorTest.agentRun(12).subList(1, 38)) + "}";
        AnthropicConversation conversation = AnthropicConversation.fromJson(requestBody);
        CompactionResult a = compactor.compact(CompactionRequest.builder()
                .model("claude-sonnet-4-5").items(conversation.items()).build());
        String nextBody = conversation.withItems(a.items()).toJson();
        assertTrue(nextBody.startsWith("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"Be careful.\""));
        assertTrue(nextBody.length() < requestBody.length());
    }

    @Test
    void summaryMessage() {
        Message item = SummaryMessage.of("Task: ... Next: run the tests.");
        assertTrue(SummaryMessage.isSummary(item));
        assertEquals("Task: ... Next: run the tests.", SummaryMessage.summaryOf(item).orElseThrow());
        assertEquals("<conversation_summary generator=\"compact4j\">\n" + SummaryMessage.PREAMBLE
                + "\n\nTask: ... Next: run the tests.\n</conversation_summary>", item.text());
    }

    @Test
    void conversationModelCodecs() {
        String messagesJson = ChatCompletionsMessages.toJson(SummarizingFallbackCompactorTest.agentRun(2));
        List<Item> items = ChatCompletionsMessages.fromJson(messagesJson);
        String back = ChatCompletionsMessages.toJson(items);
        assertEquals(messagesJson, back);

        String requestBody = "{\"model\":\"m\",\"system\":\"s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[]}";
        AnthropicConversation c = AnthropicConversation.fromJson(requestBody);
        List<Item> items2 = c.items();
        String body = c.withItems(items2).toJson();
        assertEquals(requestBody, body);
        assertEquals(Message.SYSTEM, ((Message) items2.get(0)).role());
        List<Item> items3 = AnthropicMessages.fromJson("[{\"role\":\"user\",\"content\":\"hi\"}]");
        assertEquals(1, items3.size());
    }
    @Test
    void quickStartWithALocalServer() throws Exception {
        okhttp3.mockwebserver.MockWebServer ollama = new okhttp3.mockwebserver.MockWebServer();
        ollama.enqueue(SummarizerFixtures.chatOk(SummarizerFixtures.chatCompletion(SummarizerFixtures.SUMMARY, "stop")));
        ollama.start();
        try {
            List<Item> items = SummarizingFallbackCompactorTest.agentRun(60);
            // as documented, with the mock server standing in for http://localhost:11434/v1
            Summarizer summarizer = ChatCompletionsSummarizer.builder()
                    .baseUrl(ollama.url("/v1").toString())
                    .model("qwen2.5-coder:14b")
                    .build();

            ContextCompactor compactor = SummarizingFallbackCompactor.builder()
                    .summarizer(summarizer)
                    .keepRecentTokens(1_000)
                    .summarizerContextWindow(32_768)
                    .build();

            CompactionResult result = compactor.compact(CompactionRequest.builder()
                    .model("claude-sonnet-4-5")
                    .items(items)
                    .build());

            assertEquals(SummarizerFixtures.SUMMARY, SummaryMessage.summaryOf(result.items().get(2)).orElseThrow());
            assertEquals("/v1/chat/completions", ollama.takeRequest().getPath());
        } finally {
            ollama.shutdown();
        }
    }

    @Test
    void theSummarizersAsDocumentedBuildWithTheFieldsTheDocsName() {
        String anthropicKey = "sk-ant-api03-doc-test-0123456789";
        String openAiKey = "sk-proj-doc-test-0123456789";
        Summarizer claude = AnthropicSummarizer.builder()
                .apiKey(anthropicKey)
                .model("claude-haiku-4-5")
                .build();
        Summarizer openai = ChatCompletionsSummarizer.builder()
                .apiKey(openAiKey)
                .model("gpt-5-mini")
                .build();
        Summarizer local = ChatCompletionsSummarizer.builder()
                .baseUrl("http://localhost:11434/v1")
                .model("qwen2.5-coder:14b")
                .build();
        Summarizer azure = ChatCompletionsSummarizer.builder()
                .baseUrl("https://my-resource.openai.azure.com/openai/v1")
                .apiKey(openAiKey)
                .model("my-gpt-4o-deployment")
                .build();
        assertTrue(claude.toString().startsWith("AnthropicSummarizer{baseUrl=https://api.anthropic.com/, "),
                claude.toString());
        assertTrue(claude.toString().contains(", model=claude-haiku-4-5"), claude.toString());
        for (String part : List.of("baseUrl=https://api.openai.com/v1, ", "model=gpt-5-mini", "auth=bearer")) {
            assertTrue(openai.toString().contains(part), openai.toString());
        }
        assertTrue(openai.toString().contains("tokenLimit=max_completion_tokens"), openai.toString());
        assertTrue(local.toString().contains("auth=none"), local.toString());
        assertTrue(local.toString().contains("tokenLimit=max_tokens"), local.toString());
        assertTrue(azure.toString().contains("auth=api-key"), azure.toString());
        assertTrue(azure.toString().contains("tokenLimit=max_completion_tokens"), azure.toString());
    }
}
