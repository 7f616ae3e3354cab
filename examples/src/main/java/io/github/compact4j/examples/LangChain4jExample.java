package io.github.compact4j.examples;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.langchain4j.ChatModelSummarizer;
import io.github.compact4j.langchain4j.CompactingChatMemory;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A LangChain4j {@code AiServices} agent with a real tool, on a memory that compacts instead of
 * evicting: 30 turns on a 4,000-token budget, then the full history back from the store and the
 * journal. With {@code OPENAI_API_KEY} set it talks to OpenAI ({@code gpt-4o-mini}); without, to a
 * local stand-in server that only scripts answers. Run it with:
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -f integrations/pom.xml install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.LangChain4jExample
 * </pre>
 */
public final class LangChain4jExample {

    interface Agent {
        @dev.langchain4j.service.SystemMessage("You are a code reviewer. Read the file you are asked about with the tool.")
        String chat(String message);
    }

    static final class Workspace {
        @Tool("Reads a file of the workspace")
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
        run(System.getenv(), System.out, Files.createTempDirectory("compact4j-langchain4j"));
    }

    /**
     * The example, with its environment, output and journal folder given: {@link #main} passes the
     * process's and a new temporary folder, the tests their own.
     */
    static void run(Map<String, String> env, PrintStream out, Path journalDir) throws Exception {
        String key = env.get("OPENAI_API_KEY");
        Path journalFile = journalDir.resolve("agent.journal.jsonl");
        try (ScriptedAgentServer standIn = new ScriptedAgentServer();
                CompactionJournal journal = CompactionJournal.jsonLines(journalFile)) {
            boolean live = key != null && !key.isBlank();
            ChatModel model = OpenAiChatModel.builder()
                    .baseUrl(live ? "https://api.openai.com/v1" : standIn.baseUrl())
                    .apiKey(live ? key : "sk-local-stand-in")
                    .modelName("gpt-4o-mini")
                    .build();
            InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
            CompactingChatMemory memory = CompactingChatMemory.builder()
                    .id("reviewer")
                    .compactor(SummarizingFallbackCompactor.builder()
                            .summarizer(ChatModelSummarizer.of(model))
                            .maxSummaryTokens(400)
                            .build())
                    .model("gpt-4o-mini")
                    .maxTokens(4_000)
                    .chatMemoryStore(store)
                    .journal(journal)
                    .build();
            Agent agent = AiServices.builder(Agent.class).chatModel(model).tools(new Workspace()).chatMemory(memory).build();

            out.println(live ? "talking to OpenAI (gpt-4o-mini)" : "talking to the local stand-in server (no model)");
            int largest = 0;
            for (int turn = 1; turn <= 30; turn++) {
                String answer = agent.chat("Turn " + turn + ": review src/File" + turn + ".java in one sentence.");
                largest = Math.max(largest, memory.tokens());
                if (turn % 10 == 0) {
                    out.printf(Locale.ROOT, "turn %d: %d messages held, %d tokens; answer: %s%n", turn,
                            memory.messages().size(), memory.tokens(),
                            answer.length() > 80 ? answer.substring(0, 80) + "..." : answer);
                }
            }
            out.printf(Locale.ROOT, "largest history: %d tokens (budget 4000, compacts at %d)%n", largest,
                    memory.triggerTokens());
            out.printf(Locale.ROOT, "journal: %s, %d compactions%n", journalFile, journal.entries().size());
            out.printf(Locale.ROOT, "full history back from the store and the journal: %d messages%n",
                    memory.originalMessages().size());
            if (!live) {
                out.printf(Locale.ROOT, "stand-in server: %d calls, %d of them summaries%n", standIn.calls(),
                        standIn.summaries());
            }
        }
    }
}
