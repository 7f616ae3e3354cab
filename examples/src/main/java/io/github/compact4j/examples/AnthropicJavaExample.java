package io.github.compact4j.examples;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.anthropicjava.AnthropicJavaCompaction;
import io.github.compact4j.anthropicjava.AnthropicJavaItems;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An anthropic-java agent loop whose history compacts itself: the app calls
 * {@code client.messages().create(...)} as it always does, and two lines of compact4j keep the
 * system prompt and messages inside a small context window (Anthropic's own compaction first, a
 * summary and masking as the fallbacks).
 *
 * <p>With {@code ANTHROPIC_API_KEY} set it talks to Anthropic ({@code ANTHROPIC_MODEL}, default
 * {@code claude-sonnet-4-5}); without it, to the labelled local stand-in server, which is not a
 * model. Run it with:
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -f integrations/pom.xml install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.AnthropicJavaExample
 * </pre>
 */
public final class AnthropicJavaExample {

    private static final int CONTEXT_WINDOW = 20_000;
    private static final int MAX_TURNS = 12;

    /**
     * @param args ignored
     * @throws Exception when the agent fails
     */
    public static void main(String[] args) throws Exception {
        run(System.getenv(), System.out);
    }

    /**
     * The example, with its environment and output given: {@link #main} passes the process's, the
     * tests their own. Without a key in {@code env} every call goes to the local stand-in server.
     */
    static void run(Map<String, String> env, PrintStream out) throws Exception {
        String key = env.get("ANTHROPIC_API_KEY");
        boolean live = key != null && !key.isBlank();
        String model = live ? env.getOrDefault("ANTHROPIC_MODEL", "claude-sonnet-4-5") : "claude-sonnet-4-5";
        try (StandInServer standIn = live ? null : new StandInServer()) {
            AnthropicClient client = live ? AnthropicOkHttpClient.fromEnv()
                    : AnthropicOkHttpClient.builder().apiKey(StandInServer.KEY).baseUrl(standIn.baseUrl(false)).build();
            Backend.Builder backend = Backend.builder().provider("anthropic").model(model).environment(env);
            if (!live) {
                backend.baseUrl(standIn.baseUrl(false)).apiKey(StandInServer.KEY);
            }
            ContextCompactor compactor = BackendRegistry.withDefaults().compactorFor(backend.build());

            CompactionJournal journal = CompactionJournal.inMemory();
            ManagedConversation convo = ManagedConversation.builder()
                    .compactor(compactor).model(model).contextWindow(CONTEXT_WINDOW).journal(journal)
                    .attribute("agent_id", "anthropic-java-example")
                    .autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
            MessageCreateParams params = MessageCreateParams.builder().model(model).maxTokens(2048)
                    .system("You are a coding agent. Call run_tests until you have seen its output eight times, then"
                            + " say in one sentence what fails.")
                    .addTool(Tool.builder().name("run_tests").description("Runs the test suite.")
                            .inputSchema(Tool.InputSchema.builder().build()).build())
                    .addUserMessage("The invoice totals are off by a cent. Find out which test shows it.").build();
            convo.appendAll(AnthropicJavaItems.fromParams(params));

            out.printf(Locale.ROOT, "%ncompact4j with anthropic-java: %s, context window %,d tokens%n%n", model,
                    CONTEXT_WINDOW);
            out.printf(Locale.ROOT, "  %4s %10s %12s %12s%n", "turn", "items sent", "tokens sent", "compactions");
            Message answer;
            int turn = 0;
            do {
                ManagedConversation.Snapshot sent = convo.snapshot();
                answer = client.messages().create(AnthropicJavaCompaction.withMessages(params, sent));
                AnthropicJavaCompaction.append(convo, sent, answer);
                List<ContentBlockParam> results = new ArrayList<>();
                for (ContentBlock block : answer.content()) {
                    block.toolUse().ifPresent(use -> results.add(ContentBlockParam.ofToolResult(
                            ToolResultBlockParam.builder().toolUseId(use.id()).content(TestLog.text()).build())));
                }
                if (!results.isEmpty()) {
                    AnthropicJavaCompaction.append(convo, MessageParam.ofUserOfContentBlockParams(results));
                }
                turn++;
                out.printf(Locale.ROOT, "  %4d %10d %,12d %12d%n", turn, sent.items().size(), sent.estimatedTokens(),
                        journal.entries().size());
            } while (turn < MAX_TURNS && answer.content().stream().anyMatch(ContentBlock::isToolUse));

            String text = answer.content().stream().filter(ContentBlock::isText).map(ContentBlock::asText)
                    .map(TextBlock::text).collect(Collectors.joining(" "));
            String strategies = journal.entries().stream().map(JournalEntry::strategy).distinct()
                    .collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "%n  answer: %s%n", text.isEmpty() ? "(none yet)" : text);
            out.printf(Locale.ROOT, "  compactions: %d (%s); history now %d items, ~%,d tokens; every item kept in the"
                    + " journal: %d originals%n", journal.entries().size(), strategies.isEmpty() ? "-" : strategies,
                    convo.size(), convo.tokens(), convo.originalItems().size());
            if (!live) {
                out.printf(Locale.ROOT, "%n  talked to the local stand-in server (%d calls), not a model: set"
                        + " ANTHROPIC_API_KEY to use Anthropic%n", standIn.calls());
            }
            out.println();
            client.close();
        }
    }

    private AnthropicJavaExample() {}
}
