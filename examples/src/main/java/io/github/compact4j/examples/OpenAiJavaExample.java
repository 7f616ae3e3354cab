package io.github.compact4j.examples;

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
import com.openai.models.responses.ResponseOutputMessage;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.openaijava.OpenAiJavaCompaction;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An openai-java agent loop whose history compacts itself: the app calls
 * {@code client.responses().create(...)} as it always does, and two lines of compact4j keep the
 * input inside a small context window, through OpenAI's native {@code /responses/compact} first.
 *
 * <p>With {@code OPENAI_API_KEY} set it talks to OpenAI ({@code OPENAI_MODEL}, default
 * {@code gpt-5.1}); without it, to the labelled local stand-in server, which is not a model. Run
 * it with:
 *
 * <pre>
 * mvn -B -q install -DskipTests &amp;&amp; mvn -B -q -f integrations/pom.xml install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.OpenAiJavaExample
 * </pre>
 */
public final class OpenAiJavaExample {

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
        String key = env.get("OPENAI_API_KEY");
        boolean live = key != null && !key.isBlank();
        String model = live ? env.getOrDefault("OPENAI_MODEL", "gpt-5.1") : "gpt-5.1";
        try (StandInServer standIn = live ? null : new StandInServer()) {
            OpenAIClient client = live ? OpenAIOkHttpClient.fromEnv()
                    : OpenAIOkHttpClient.builder().apiKey(StandInServer.KEY).baseUrl(standIn.baseUrl(true)).build();
            Backend.Builder backend = Backend.builder().provider("openai").model(model).environment(env);
            if (!live) {
                backend.baseUrl(standIn.baseUrl(true)).apiKey(StandInServer.KEY);
            }
            ContextCompactor compactor = BackendRegistry.withDefaults().compactorFor(backend.build());

            CompactionJournal journal = CompactionJournal.inMemory();
            ManagedConversation convo = ManagedConversation.builder()
                    .compactor(compactor).model(model).contextWindow(CONTEXT_WINDOW).journal(journal)
                    .attribute("agent_id", "openai-java-example")
                    .autoCompact(ManagedConversation.AutoCompact.ON_APPEND).build();
            ResponseCreateParams params = ResponseCreateParams.builder().model(model)
                    .instructions("You are a coding agent. Call run_tests until you have seen its output "
                            + "eight times, then say in one sentence what fails.")
                    .addTool(FunctionTool.builder().name("run_tests").description("Runs the test suite.").strict(false)
                            .parameters(FunctionTool.Parameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object")).build())
                            .build())
                    .store(false).addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT).build();
            convo.append(Message.user("The invoice totals are off by a cent. Find out which test shows it."));

            out.printf(Locale.ROOT, "%ncompact4j with openai-java: %s, context window %,d tokens%n%n", model,
                    CONTEXT_WINDOW);
            out.printf(Locale.ROOT, "  %4s %10s %12s %12s%n", "turn", "items sent", "tokens sent", "compactions");
            Response response;
            int turn = 0;
            do {
                ManagedConversation.Snapshot sent = convo.snapshot();
                response = client.responses().create(OpenAiJavaCompaction.withInput(params, sent));
                OpenAiJavaCompaction.append(convo, sent, response);
                List<ResponseInputItem> outputs = new ArrayList<>();
                for (ResponseOutputItem item : response.output()) {
                    item.functionCall().ifPresent(call -> outputs.add(runTests(call)));
                }
                OpenAiJavaCompaction.appendAll(convo, outputs);
                turn++;
                out.printf(Locale.ROOT, "  %4d %10d %,12d %12d%n", turn, sent.items().size(), sent.estimatedTokens(),
                        journal.entries().size());
            } while (turn < MAX_TURNS && response.output().stream().anyMatch(ResponseOutputItem::isFunctionCall));

            String answer = response.output().stream().filter(ResponseOutputItem::isMessage)
                    .flatMap(m -> m.asMessage().content().stream()).filter(ResponseOutputMessage.Content::isOutputText)
                    .map(c -> c.asOutputText().text()).collect(Collectors.joining(" "));
            String strategies = journal.entries().stream().map(JournalEntry::strategy).distinct()
                    .collect(Collectors.joining(", "));
            out.printf(Locale.ROOT, "%n  answer: %s%n", answer.isEmpty() ? "(none yet)" : answer);
            out.printf(Locale.ROOT, "  compactions: %d (%s); history now %d items, ~%,d tokens; every item kept in the"
                    + " journal: %d originals%n", journal.entries().size(), strategies.isEmpty() ? "-" : strategies,
                    convo.size(), convo.tokens(), convo.originalItems().size());
            if (!live) {
                out.printf(Locale.ROOT, "%n  talked to the local stand-in server (%d calls), not a model: set"
                        + " OPENAI_API_KEY to use OpenAI%n", standIn.calls());
            }
            out.println();
            client.close();
        }
    }

    /** The app's tool: a test run's long log. */
    static ResponseInputItem runTests(ResponseFunctionToolCall call) {
        return ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output(TestLog.text()).build());
    }

    private OpenAiJavaExample() {}
}
