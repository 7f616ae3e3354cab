package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
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
class OpenAiJavaReadmeTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/openaijava/OpenAiJavaReadmeTest.java");

    private static final String ANSWER = "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":0,\"model\":\"gpt-5.1\","
            + "\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"output\":[{\"type\":\"message\","
            + "\"id\":\"msg_1\",\"role\":\"assistant\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
            + "\"text\":\"Done.\",\"annotations\":[]}]}],\"usage\":{\"input_tokens\":40,\"output_tokens\":2,"
            + "\"total_tokens\":42,\"input_tokens_details\":{\"cached_tokens\":0},"
            + "\"output_tokens_details\":{\"reasoning_tokens\":0}}}";

    @Test
    void theSnippetRuns() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(ANSWER));
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(ANSWER));
            OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.url("/v1").toString()).build();
            ContextCompactor compactor = ToolOutputMaskingCompactor.builder().build();
            ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-5.1")
                    .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(com.openai.models.responses.EasyInputMessage
                            .builder().role(com.openai.models.responses.EasyInputMessage.Role.USER).content("hi").build())))
                    .build();
            ManagedConversation convo = ManagedConversation.builder().compactor(compactor).model("gpt-5.1").build();
            convo.append(Message.user("hi"));

            // README: begin
            // compact the input of a request before sending it
            ResponseCreateParams compacted = OpenAiJavaCompaction.compactInput(params, compactor);
            Response first = client.responses().create(compacted);

            // or keep the history in a managed conversation, which compacts itself
            ManagedConversation.Snapshot sent = convo.snapshot();
            Response next = client.responses().create(OpenAiJavaCompaction.withInput(params, sent));
            OpenAiJavaCompaction.append(convo, sent, next);        // its output, and its usage to calibrate

            // the conversions underneath
            List<Item> items = OpenAiJavaItems.fromResponse(next);
            List<ResponseInputItem> input = OpenAiJavaItems.toInputItems(items);
            // README: end

            assertEquals("resp_1", first.id());
            assertEquals(2, convo.size());
            assertTrue(input.get(0).isResponseOutputMessage());
            client.close();
        }
    }

    @Test
    void theReadmeShowsExactlyTheSnippetThatRuns() throws Exception {
        assertEquals(Snippets.between(Files.readAllLines(SOURCE, StandardCharsets.UTF_8), "// README: begin", "// README: end"),
                Snippets.between(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8), "```java", "```"));
    }
}
