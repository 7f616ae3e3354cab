package io.github.compact4j.openaijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.testsupport.Snippets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** The openai-java section of docs/integrations.md: its snippet runs, and the page holds exactly it. */
class OpenAiJavaIntegrationsDocTest {

    private static final Path DOC = Path.of("../../docs/integrations.md");
    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/openaijava/OpenAiJavaIntegrationsDocTest.java");

    private final FunctionTool runTests = FunctionTool.builder().name("run_tests").strict(false)
            .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
            .build();

    private ResponseInputItem run(ResponseFunctionToolCall call) {
        return ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder().callId(call.callId())
                .output("Tests run: 42, Failures: 1\n".repeat(50)).build());
    }

    @Test
    void theLoopRuns() throws Exception {
        List<JsonNode> requests = new CopyOnWriteArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new ScriptedModel(3, requests));
            OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("sk-test").baseUrl(server.url("/v1").toString()).build();
            ContextCompactor compactor = ToolOutputMaskingCompactor.builder().build();

            // doc: begin
            ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-5.1")
                    .instructions("You are a careful coding agent.").addTool(runTests)
                    .store(false).addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT).build();
            ManagedConversation convo = ManagedConversation.builder()
                    .compactor(compactor).model("gpt-5.1").journal(CompactionJournal.inMemory())
                    .autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
            convo.append(Message.user("The invoice totals are off by a cent. Find out why and fix it."));

            Response response;
            do {
                ManagedConversation.Snapshot sent = convo.snapshot();
                response = client.responses().create(OpenAiJavaCompaction.withInput(params, sent));
                OpenAiJavaCompaction.append(convo, sent, response);          // output, and usage to calibrate
                List<ResponseInputItem> outputs = new ArrayList<>();
                for (ResponseOutputItem item : response.output()) {
                    item.functionCall().ifPresent(call -> outputs.add(run(call)));
                }
                OpenAiJavaCompaction.appendAll(convo, outputs);              // one step: no call left alone
            } while (response.output().stream().anyMatch(ResponseOutputItem::isFunctionCall));
            // doc: end

            assertEquals(4, requests.size());
            assertEquals(1 + 3 * 3 + 2, convo.size(), "task, 3 x (reasoning, call, output), reasoning and answer");
            for (int i = 0; i < requests.size(); i++) {
                OpenAiJavaAgentLoopTest.assertWhole(requests.get(i), i);
            }

            // the other way: compact a request the app holds
            ResponseCreateParams held = params.toBuilder().inputOfResponse(OpenAiJavaCompaction.withInput(params, convo)
                    .input().orElseThrow().asResponse()).build();
            ResponseCreateParams compacted = OpenAiJavaCompaction.compactInput(held,
                    ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build());
            assertTrue(compacted.input().orElseThrow().asResponse().toString().contains("removed"));
            client.close();
        }
    }

    @Test
    void thePageShowsExactlyTheLoopThatRuns() throws Exception {
        List<String> page = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<String> section = page.subList(page.indexOf("## openai-java"), page.size());
        assertEquals(Snippets.between(Files.readAllLines(SOURCE, StandardCharsets.UTF_8), "// doc: begin", "// doc: end"),
                Snippets.between(section, "```java", "```"));
    }
}
