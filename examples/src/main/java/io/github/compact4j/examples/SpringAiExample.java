package io.github.compact4j.examples;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.springai.ChatModelSummarizer;
import io.github.compact4j.springai.CompactingChatMemory;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.annotation.Tool;

/**
 * A Spring AI {@code ChatClient} with a real tool, on a memory that compacts instead of keeping a
 * window: 30 turns on a 4,000-token budget, the memory inside the tool-calling loop, then the full
 * history back from the repository and the journal. With {@code OPENAI_API_KEY} set it talks to
 * OpenAI ({@code gpt-4o-mini}); without, to a local stand-in server that only scripts answers.
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -f integrations/pom.xml install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.SpringAiExample
 * </pre>
 */
public final class SpringAiExample {

    static final class Workspace {
        @Tool(description = "Reads a file of the workspace")
        String readFile(String path) {
            return ExampleFiles.content(path);
        }
    }

    public static void main(String[] args) throws Exception {
        String key = System.getenv("OPENAI_API_KEY");
        try (ScriptedAgentServer standIn = new ScriptedAgentServer()) {
            boolean live = key != null && !key.isBlank();
            OpenAiChatModel chatModel = OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                    .baseUrl(live ? "https://api.openai.com/v1" : standIn.baseUrl())
                    .apiKey(live ? key : "sk-local-stand-in")
                    .model("gpt-4o-mini")
                    .build()).build();
            Path journals = Files.createTempDirectory("compact4j-spring-ai");
            CompactingChatMemory memory = CompactingChatMemory.builder()
                    .compactor(SummarizingFallbackCompactor.builder()
                            .summarizer(ChatModelSummarizer.of(chatModel))
                            .maxSummaryTokens(400)
                            .build())
                    .model("gpt-4o-mini")
                    .maxTokens(4_000)
                    .chatMemoryRepository(new InMemoryChatMemoryRepository())
                    .journal(id -> CompactionJournal.jsonLines(journals.resolve(id + ".jsonl")))
                    .build();
            ChatClient client = ChatClient.builder(chatModel)
                    .defaultSystem("You are a code reviewer. Read the file you are asked about with the tool.")
                    .defaultTools(new Workspace())
                    .defaultAdvisors(
                            ToolCallingAdvisor.builder().disableInternalConversationHistory().build(),
                            MessageChatMemoryAdvisor.builder(memory).order(ToolCallingAdvisor.DEFAULT_ORDER + 1).build())
                    .build();

            System.out.println(live ? "talking to OpenAI (gpt-4o-mini)" : "talking to the local stand-in server (no model)");
            int largest = 0;
            for (int turn = 1; turn <= 30; turn++) {
                String answer = client.prompt().user("Turn " + turn + ": review src/File" + turn + ".java in one sentence.")
                        .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "reviewer")).call().content();
                largest = Math.max(largest, memory.tokens("reviewer"));
                if (turn % 10 == 0) {
                    System.out.printf("turn %d: %d messages held, %d tokens; answer: %s%n", turn,
                            memory.get("reviewer").size(), memory.tokens("reviewer"),
                            answer.length() > 80 ? answer.substring(0, 80) + "..." : answer);
                }
            }
            System.out.printf("largest history: %d tokens (budget 4000, compacts at %d)%n", largest, memory.triggerTokens());
            System.out.printf("journal: %s, %d compactions%n", journals.resolve("reviewer.jsonl"),
                    CompactionJournal.jsonLines(journals.resolve("reviewer.jsonl")).entries().size());
            System.out.printf("full history back from the repository and the journal: %d messages%n",
                    memory.originalMessages("reviewer").size());
            if (!live) {
                System.out.printf("stand-in server: %d calls, %d of them summaries%n", standIn.calls(), standIn.summaries());
            }
        }
    }
}
