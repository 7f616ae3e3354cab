package io.github.compact4j.examples;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.errors.CompactionException;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compacts the bundled coding-agent session with Anthropic's own compaction (Messages API with
 * the {@code compaction} parameter, beta {@code compact-2026-09-04}): the older turns become one
 * signed block with a readable summary, the recent turns stay word for word.
 *
 * <pre>
 * export ANTHROPIC_API_KEY=sk-ant-...      # ANTHROPIC_BASE_URL is read too
 * mvn -B -q install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.AnthropicCompactExample
 * </pre>
 *
 * Without {@code ANTHROPIC_API_KEY} it says how to run it and exits. {@code COMPACT4J_ANTHROPIC_MODEL}
 * picks the model (default {@code claude-sonnet-4-6}; it must support compaction).
 */
public final class AnthropicCompactExample {

    private AnthropicCompactExample() {}

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
        String key = env.get("ANTHROPIC_API_KEY");
        if (key == null || key.isBlank()) {
            out.println("Set ANTHROPIC_API_KEY to compact the bundled conversation with Anthropic's own compaction"
                    + " (beta compact-2026-09-04); MaskingExample shows a compaction that needs no key.");
            return 0;
        }
        // the session as the Messages API holds it: the same turns, Anthropic's format
        List<Item> history = MaskingExample.load(MaskingExample.CONVERSATION);
        AnthropicConversation conversation = AnthropicMessages.toConversation(history);
        String model = env.getOrDefault("COMPACT4J_ANTHROPIC_MODEL", "claude-sonnet-4-6");
        AnthropicCompactClient client = AnthropicCompactClient.builder().fromEnv(env).keepRecentTokens(20_000).build();
        CompactionRequest request = CompactionRequest.builder()
                .model(model)
                .items(conversation.items())
                .tools(tools(history))              // the API refuses tool_use blocks without their tools
                .attribute("agent_id", "coding-agent")
                .build();
        try {
            CompactionResult r = client.compact(request);
            AnthropicConversation next = conversation.withItems(r.items());
            String summary = r.items().stream().map(CompactionBlock::of).flatMap(java.util.Optional::stream)
                    .map(CompactionBlock::summary).findFirst().orElse("");
            out.printf(Locale.ROOT, "%ncompact4j, Anthropic's own compaction (%s), %s%n%n", model, client);
            out.printf(Locale.ROOT, "  %-20s %,12d -> %,d%n", "messages", conversation.messages().size(),
                    next.messages().size());
            out.printf(Locale.ROOT, "  %-20s %,12d -> %,d  (%.1f%% saved, local count)%n", "tokens", r.tokensBefore(),
                    r.tokensAfter(), r.savedRatio() * 100);
            out.printf(Locale.ROOT, "  %-20s %,12d characters, readable: \"%s...\"%n", "summary", summary.length(),
                    summary.substring(0, Math.min(60, summary.length())).replace('\n', ' '));
            out.printf(Locale.ROOT, "  %-20s %,12d in, %,d out (usage.iterations)%n", "compaction cost",
                    r.usage().inputTokens(), r.usage().outputTokens());
            out.printf(Locale.ROOT, "  %-20s %s%n", "next requests send",
                    "anthropic-beta: " + String.join(",", next.requiredBetas()));
            out.printf(Locale.ROOT, "  %-20s %s%n", "trace id", r.traceId());
            out.printf(Locale.ROOT, "  %-20s %s%n%n", "request ids", r.requestIds());
            return 0;
        } catch (CompactionException e) {
            // one readable line: what failed, Anthropic's words, what to do, the trace and request ids
            err.println(e.getMessage());
            return 1;
        }
    }

    /** A minimal definition of every tool the session called, as the Messages API's {@code tools}. */
    static String tools(List<Item> history) {
        Set<String> names = new LinkedHashSet<>();
        for (Item item : history) {
            if (item instanceof ToolCall call) {
                names.add(call.toolName());
            }
        }
        StringBuilder json = new StringBuilder("[");
        for (String name : names) {
            json.append(json.length() > 1 ? "," : "").append("{\"name\":\"").append(name)
                    .append("\",\"description\":\"The coding agent's ").append(name)
                    .append(" tool\",\"input_schema\":{\"type\":\"object\"}}");
        }
        return json.append(']').toString();
    }
}
