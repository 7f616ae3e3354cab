package io.github.compact4j.anthropicjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.ManagedConversation;
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

/** The anthropic-java section of docs/integrations.md: its snippet runs, and the page holds exactly it. */
class AnthropicJavaIntegrationsDocTest {

    private static final Path DOC = Path.of("../../docs/integrations.md");
    private static final Path SOURCE = Path.of(
            "src/test/java/io/github/compact4j/anthropicjava/AnthropicJavaIntegrationsDocTest.java");

    private final Tool runTests = Tool.builder().name("run_tests").inputSchema(Tool.InputSchema.builder().build()).build();

    private ToolResultBlockParam run(ToolUseBlock use) {
        return ToolResultBlockParam.builder().toolUseId(use.id()).content("Tests run: 42, Failures: 1\n".repeat(50)).build();
    }

    @Test
    void theLoopRuns() throws Exception {
        List<JsonNode> requests = new CopyOnWriteArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new ScriptedModel(3, requests));
            AnthropicClient client = AnthropicOkHttpClient.builder().apiKey("sk-ant-test").baseUrl(server.url("/").toString())
                    .build();
            ContextCompactor compactor = ToolOutputMaskingCompactor.builder().build();

            // doc: begin
            MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4096)
                    .system("You are a careful coding agent.").addTool(runTests)
                    .addUserMessage("The invoice totals are off by a cent. Find out why and fix it.").build();
            ManagedConversation convo = ManagedConversation.builder()
                    .compactor(compactor).model("claude-sonnet-4-5").journal(CompactionJournal.inMemory())
                    .autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
            convo.appendAll(AnthropicJavaItems.fromParams(params));         // the system prompt and the task

            Message answer;
            do {
                ManagedConversation.Snapshot sent = convo.snapshot();
                answer = client.messages().create(AnthropicJavaCompaction.withMessages(params, sent));
                AnthropicJavaCompaction.append(convo, sent, answer);         // answer, and usage to calibrate
                List<ContentBlockParam> results = new ArrayList<>();
                for (ContentBlock block : answer.content()) {
                    block.toolUse().ifPresent(use -> results.add(ContentBlockParam.ofToolResult(run(use))));
                }
                if (!results.isEmpty()) {
                    AnthropicJavaCompaction.append(convo, MessageParam.ofUserOfContentBlockParams(results));
                }
            } while (answer.content().stream().anyMatch(ContentBlock::isToolUse));
            // doc: end

            assertEquals(4, requests.size());
            for (int i = 0; i < requests.size(); i++) {
                AnthropicJavaAgentLoopTest.assertWhole(requests.get(i), i);
                assertEquals("You are a careful coding agent.", requests.get(i).get("system").textValue());
            }
            assertEquals(2 + 3 * 3 + 2, convo.size(), "system, task, 3 x (thinking, call, result), thinking and answer");

            // the other way: compact a request the app holds
            MessageCreateParams held = AnthropicJavaCompaction.withMessages(params, convo);
            assertNotSame(held, AnthropicJavaCompaction.compactMessages(held,
                    ToolOutputMaskingCompactor.builder().keepRecentTurns(1).build()));
            client.close();
        }
    }

    @Test
    void thePageShowsExactlyTheLoopThatRuns() throws Exception {
        List<String> page = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        List<String> section = page.subList(page.indexOf("## anthropic-java"), page.size());
        assertEquals(Snippets.between(Files.readAllLines(SOURCE, StandardCharsets.UTF_8), "// doc: begin",
                "// doc: end"), Snippets.between(section, "```java", "```"));
    }
}
