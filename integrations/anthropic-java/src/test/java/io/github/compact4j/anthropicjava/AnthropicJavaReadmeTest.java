package io.github.compact4j.anthropicjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.testsupport.Snippets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** The README's snippet, compiled and run against MockWebServer; and the README holds exactly it. */
class AnthropicJavaReadmeTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/anthropicjava/AnthropicJavaReadmeTest.java");

    private static final String ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Done.\",\"citations\":null}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":40,\"output_tokens\":2}}";

    @Test
    void theSnippetRuns() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(ANSWER));
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(ANSWER));
            AnthropicClient client = AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(server.url("/").toString())
                    .build();
            ContextCompactor compactor = ToolOutputMaskingCompactor.builder().build();
            MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024)
                    .system("You are a coding agent.").addUserMessage("Fix the build.").build();
            ManagedConversation convo = ManagedConversation.builder().compactor(compactor).model("claude-sonnet-4-5").build();

            // README: begin
            // compact the system prompt and messages of a request before sending it
            MessageCreateParams compacted = AnthropicJavaCompaction.compactMessages(params, compactor);
            Message first = client.messages().create(compacted);

            // or keep the history in a managed conversation, which compacts itself
            convo.appendAll(AnthropicJavaItems.fromParams(params));   // once: the system prompt and the task
            ManagedConversation.Snapshot sent = convo.snapshot();
            Message next = client.messages().create(AnthropicJavaCompaction.withMessages(params, sent));
            AnthropicJavaCompaction.append(convo, sent, next);        // the answer, and its usage to calibrate

            // the conversions underneath
            List<Item> items = AnthropicJavaItems.fromMessage(next);
            List<MessageParam> messages = AnthropicJavaItems.toMessageParams(items);
            // README: end

            assertEquals("msg_1", first.id());
            assertEquals(3, convo.size(), "system prompt, task, answer");
            assertTrue(messages.get(0).isAssistant());
            client.close();
        }
    }

    @Test
    void theReadmeShowsExactlyTheSnippetThatRuns() throws Exception {
        assertEquals(Snippets.between(Files.readAllLines(SOURCE, StandardCharsets.UTF_8), "// README: begin", "// README: end"),
                Snippets.between(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8), "```java", "```"));
    }
}
