package io.github.compact4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.langchain4j.AiServicesEndToEndTest.Workspace;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.testsupport.Snippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the snippet of integrations/langchain4j/README.md and of the LangChain4j section of docs/integrations.md. */
class ReadmeDocTest {

    private static final Path SOURCE = Path.of("src/test/java/io/github/compact4j/langchain4j/ReadmeDocTest.java");

    interface Assistant {
        String chat(@dev.langchain4j.service.MemoryId String memoryId, @dev.langchain4j.service.UserMessage String message);
    }

    @Test
    void theSnippetRuns(@TempDir Path journals) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            AiServicesEndToEndTest.ScriptedModel script = new AiServicesEndToEndTest.ScriptedModel();
            server.setDispatcher(script);
            server.start();
            String baseUrl = server.url("/v1").toString();
            String apiKey = "sk-test";
            InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();

            // --- the snippet ---
            ChatModel model = OpenAiChatModel.builder()                     // or Gemini, Bedrock, Ollama, ...
                    .baseUrl(baseUrl).apiKey(apiKey).modelName("gpt-4o-mini").build();

            ContextCompactor compactor = SummarizingFallbackCompactor.builder()
                    .summarizer(ChatModelSummarizer.of(model))              // summaries by the same model
                    .build();

            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(model)
                    .tools(new Workspace())
                    .chatMemoryProvider(memoryId -> CompactingChatMemory.builder()
                            .id(memoryId)
                            .compactor(compactor)
                            .model("gpt-4o-mini")                           // how tokens are counted
                            .maxTokens(32_000)                              // the budget of the history
                            .chatMemoryStore(store)                         // any ChatMemoryStore
                            .journal(id -> CompactionJournal.jsonLines(journals.resolve(id + ".jsonl")))
                            .build())
                    .build();
            // --- end ---

            String answer = assistant.chat("agent-1", "Turn 1: read the next file.");
            assertTrue(answer.contains("Turn done"));
            // user, the tool request, its result, the answer
            assertEquals(4, store.getMessages("agent-1").size());
        }
    }

    @Test
    void theReadmeAndTheDocsShowTheSnippetThatRuns() throws IOException {
        List<String> ran = Snippets.between(Files.readAllLines(SOURCE), "// --- the snippet ---", "// --- end ---");
        assertEquals(ran, Snippets.firstJavaBlock(Files.readAllLines(Path.of("README.md"))));
        assertEquals(ran, Snippets.javaBlockAfter(Files.readAllLines(Path.of("../../docs/integrations.md")), "## LangChain4j"));
    }
}
