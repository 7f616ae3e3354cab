package io.github.compact4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.testsupport.Snippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/** Runs the snippet of integrations/spring-ai/README.md and of the Spring AI section of docs/integrations.md. */
class ReadmeDocTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/springai/ReadmeDocTest.java");

    @Test
    void theSnippetRuns(@TempDir Path journals) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            ChatClientEndToEndTest.ScriptedModel script = new ChatClientEndToEndTest.ScriptedModel();
            server.setDispatcher(script);
            server.start();
            ChatModel chatModel = OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                    .baseUrl(server.url("/v1").toString()).apiKey("sk-test").model("gpt-4o-mini").build()).build();
            InMemoryChatMemoryRepository repository = new InMemoryChatMemoryRepository();
            ChatClientEndToEndTest.Workspace workspace = new ChatClientEndToEndTest.Workspace();

            // --- the snippet ---
            ChatMemory memory = CompactingChatMemory.builder()
                    .compactor(SummarizingFallbackCompactor.builder()
                            .summarizer(ChatModelSummarizer.of(chatModel))  // summaries by any Spring AI model
                            .build())
                    .model("gpt-4o-mini")                                   // how tokens are counted
                    .maxTokens(32_000)                                      // the budget of each conversation
                    .chatMemoryRepository(repository)                       // any ChatMemoryRepository
                    .journal(id -> CompactionJournal.jsonLines(journals.resolve(id + ".jsonl")))
                    .build();

            ChatClient client = ChatClient.builder(chatModel)
                    .defaultTools(workspace)                                // your @Tool methods
                    .defaultAdvisors(
                            // tool calls and responses go through the memory: it sits inside the tool loop
                            ToolCallingAdvisor.builder().disableInternalConversationHistory().build(),
                            MessageChatMemoryAdvisor.builder(memory).order(ToolCallingAdvisor.DEFAULT_ORDER + 1).build())
                    .build();

            String answer = client.prompt().user("Turn 1: fix the failing test")
                    .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "agent-1"))
                    .call().content();
            // --- end ---

            assertTrue(answer.contains("Turn done"));
            // user, the tool call, its response, the answer
            assertEquals(4, repository.findByConversationId("agent-1").size());
            assertEquals(1, workspace.reads.get());
        }
    }

    @Test
    void theReadmeAndTheDocsShowTheSnippetThatRuns() throws IOException {
        List<String> ran = Snippets.between(Files.readAllLines(SOURCE), "// --- the snippet ---", "// --- end ---");
        assertEquals(ran, Snippets.firstJavaBlock(Files.readAllLines(Path.of("README.md"))));
        assertEquals(ran, Snippets.javaBlockAfter(Files.readAllLines(Path.of("../../docs/integrations.md")), "## Spring AI"));
    }
}
