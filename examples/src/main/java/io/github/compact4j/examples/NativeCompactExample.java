package io.github.compact4j.examples;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.openai.OpenAiCompactClient;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compacts the bundled coding-agent session with OpenAI's native {@code POST
 * /v1/responses/compact}, and shows what it saved and what it cost.
 *
 * <pre>
 * export OPENAI_API_KEY=sk-...            # OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID are read too
 * mvn -B -q install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.NativeCompactExample
 * </pre>
 *
 * Without {@code OPENAI_API_KEY} it says how to run it and exits. The result's items are ready to
 * send as the next {@code /v1/responses} input; the compaction item in them is encrypted and only
 * OpenAI can read it. On failure the message carries the trace id and OpenAI's request id.
 */
public final class NativeCompactExample {

    private NativeCompactExample() {}

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        int status = run(System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The example, with its environment and streams given: {@link #main} passes the process's, the
     * tests their own.
     *
     * @return the exit status: 0, or 1 when the compaction failed
     */
    static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        String key = env.get("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            out.println("Set OPENAI_API_KEY to compact the bundled conversation with OpenAI's /v1/responses/compact;"
                    + " MaskingExample shows a compaction that needs no key.");
            return 0;
        }
        List<Item> history = MaskingExample.load(MaskingExample.CONVERSATION);
        OpenAiCompactClient client = OpenAiCompactClient.fromEnv(env);
        CompactionRequest request = CompactionRequest.builder()
                .model(env.getOrDefault("COMPACT4J_MODEL", MaskingExample.MODEL))
                .items(history)
                .attribute("agent_id", "coding-agent")
                .build();
        try {
            CompactionResult r = client.compact(request);
            out.printf(Locale.ROOT, "%ncompact4j native compaction (%s), %s%n%n", request.model(), client);
            out.printf(Locale.ROOT, "  %-20s %,12d -> %,d%n", "items", r.itemsBefore(), r.items().size());
            out.printf(Locale.ROOT, "  %-20s %,12d -> %,d  (%.1f%% saved, local count)%n", "tokens", r.tokensBefore(),
                    r.tokensAfter(), r.savedRatio() * 100);
            out.printf(Locale.ROOT, "  %-20s %,12d in, %,d out (reported by OpenAI)%n", "compaction cost",
                    r.usage().inputTokens(), r.usage().outputTokens());
            out.printf(Locale.ROOT, "  %-20s %s%n", "portable",
                    r.portable() ? "yes" : "no: only OpenAI can read the compaction item");
            out.printf(Locale.ROOT, "  %-20s %s%n", "trace id", r.traceId());
            out.printf(Locale.ROOT, "  %-20s %s%n", "request ids", r.requestIds());
            out.printf(Locale.ROOT, "  %-20s %d ms%n%n", "elapsed", r.elapsed().toMillis());
            return 0;
        } catch (CompactionException e) {
            // one readable line: what failed, OpenAI's words, what to do, the trace and request ids
            err.println(e.getMessage());
            return 1;
        }
    }
}
