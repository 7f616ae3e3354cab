package io.github.compact4j.examples;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.springai.ChatModelSummarizer;
import io.github.compact4j.springai.CompactingChatMemory;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * @param args ignored
     * @throws Exception when the agent fails
     */
    public static void main(String[] args) throws Exception {
        // the journal stays after the run, for you to read
        run(System.getenv(), System.out, Files.createTempDirectory("compact4j-spring-ai"));
    }

    /**
     * The example, with its environment, output and journal folder given: {@link #main} passes the
     * process's and a new temporary folder, the tests their own.
     */
    static void run(Map<String, String> env, PrintStream out, Path journals) throws Exception {
        String key = env.get("OPENAI_API_KEY");
        // one journal per conversation, opened when the memory first sees it, closed at the end
        Map<String, CompactionJournal> opened = new ConcurrentHashMap<>();
        try (ScriptedAgentServer standIn = new ScriptedAgentServer()) {
            boolean live = key != null && !key.isBlank();
            OpenAiChatModel chatModel = OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                    .baseUrl(live ? "https://api.openai.com/v1" : standIn.baseUrl())
                    .apiKey(live ? key : "sk-local-stand-in")
                    .model("gpt-4o-mini")
                    .build()).build();
            CompactingChatMemory memory = CompactingChatMemory.builder()
                    .compactor(SummarizingFallbackCompactor.builder()
                            .summarizer(ChatModelSummarizer.of(chatModel))
                            .maxSummaryTokens(400)
                            .build())
                    .model("gpt-4o-mini")
                    .maxTokens(4_000)
                    .chatMemoryRepository(new InMemoryChatMemoryRepository())
                    .journal(id -> opened.computeIfAbsent(id,
                            i -> CompactionJournal.jsonLines(journals.resolve(i + ".jsonl"))))
                    .build();
            ChatClient client = ChatClient.builder(chatModel)
                    .defaultSystem("You are a code reviewer. Read the file you are asked about with the tool.")
                    .defaultTools(new Workspace())
                    .defaultAdvisors(
                            ToolCallingAdvisor.builder().disableInternalConversationHistory().build(),
                            MessageChatMemoryAdvisor.builder(memory).order(ToolCallingAdvisor.DEFAULT_ORDER + 1).build())
                    .build();

            out.println(live ? "talking to OpenAI (gpt-4o-mini)" : "talking to the local stand-in server (no model)");
            int largest = 0;
            for (int turn = 1; turn <= 30; turn++) {
                String answer = client.prompt().user("Turn " + turn + ": review src/File" + turn + ".java in one sentence.")
                        .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, "reviewer")).call().content();
                largest = Math.max(largest, memory.tokens("reviewer"));
                if (turn % 10 == 0) {
                    out.printf(Locale.ROOT, "turn %d: %d messages held, %d tokens; answer: %s%n", turn,
                            memory.get("reviewer").size(), memory.tokens("reviewer"),
                            answer.length() > 80 ? answer.substring(0, 80) + "..." : answer);
                }
            }
            out.printf(Locale.ROOT, "largest history: %d tokens (budget 4000, compacts at %d)%n", largest,
                    memory.triggerTokens());
            out.printf(Locale.ROOT, "journal: %s, %d compactions%n", journals.resolve("reviewer.jsonl"),
                    CompactionJournal.jsonLines(journals.resolve("reviewer.jsonl")).entries().size());
            out.printf(Locale.ROOT, "full history back from the repository and the journal: %d messages%n",
                    memory.originalMessages("reviewer").size());
            if (!live) {
                out.printf(Locale.ROOT, "stand-in server: %d calls, %d of them summaries%n", standIn.calls(),
                        standIn.summaries());
            }
        } finally {
            opened.values().forEach(CompactionJournal::close);
        }
    }
}
