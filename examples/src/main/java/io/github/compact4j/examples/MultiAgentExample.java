package io.github.compact4j.examples;

import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Three agents on three backends, side by side, each with its own managed conversation: a
 * planner on OpenAI (native compaction), a reviewer on Anthropic (Anthropic's own compaction) and
 * a coder on a local Ollama server (summaries through Chat Completions). Every log line of a
 * compaction names its agent ({@code compact4j.agent_id}) and its trace id.
 *
 * <p>Each agent replays the bundled coding-agent conversation, appending item by item as its
 * agent loop would and compacting whenever its policy says so. Where an agent's key or server is
 * not configured ({@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, {@code OLLAMA_BASE_URL}), it
 * talks to a local stand-in server instead, and the table says so. Run it with:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -f examples/pom.xml compile exec:java -Dexec.mainClass=io.github.compact4j.examples.MultiAgentExample
 * </pre>
 */
public final class MultiAgentExample {

    private static final int CONTEXT_WINDOW = 60_000;

    private record Agent(String id, Backend backend, boolean standIn) {}

    private record Outcome(Agent agent, String chain, List<CompactionResult> compactions, int items, long tokens,
            boolean recovered) {}

    /**
     * @param args ignored
     * @throws Exception when an agent fails
     */
    public static void main(String[] args) throws Exception {
        // the journals stay after the run, for you to read
        run(System.getenv(), System.out, Files.createTempDirectory("compact4j-journals"));
    }

    /**
     * The example, with its environment, output and journal folder given: {@link #main} passes the
     * process's and a new temporary folder, the tests their own.
     */
    static void run(Map<String, String> env, PrintStream out, Path journals) throws Exception {
        List<Item> transcript = MaskingExample.load("/conversations/coding-agent.json");
        try (StandInServer standIn = new StandInServer()) {
            List<Agent> agents = List.of(
                    agent("planner", "openai", "gpt-5.1", env.get("OPENAI_API_KEY"), null, standIn.baseUrl(true), env),
                    agent("reviewer", "anthropic", "claude-sonnet-4-5", env.get("ANTHROPIC_API_KEY"), null,
                            standIn.baseUrl(false), env),
                    agent("coder", "ollama", "qwen2.5-coder:14b", "local", env.get("OLLAMA_BASE_URL"),
                            standIn.baseUrl(true), env));
            BackendRegistry registry = BackendRegistry.withDefaults();

            ExecutorService pool = Executors.newFixedThreadPool(agents.size());
            List<Outcome> outcomes = new ArrayList<>();
            try {
                List<Future<Outcome>> running = new ArrayList<>();
                for (Agent a : agents) {
                    running.add(pool.submit(() -> replay(a, registry, transcript, journals)));
                }
                for (Future<Outcome> f : running) {
                    outcomes.add(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            print(out, outcomes, transcript, journals, standIn.calls());
        }
    }

    private static Agent agent(String id, String provider, String model, String key, String baseUrl, String standInUrl,
            Map<String, String> env) {
        boolean live = key != null && !key.isBlank() && ("ollama".equals(provider) ? baseUrl != null : true);
        Backend.Builder b = Backend.builder().provider(provider).model(model).environment(env);
        if (live) {
            if (baseUrl != null) {
                b.baseUrl(baseUrl);
            }
        } else {
            b.baseUrl(standInUrl).apiKey(StandInServer.KEY);
        }
        return new Agent(id, b.build(), !live);
    }

    /** The agent loop, reduced to what matters here: append each step, compact when the policy says so. */
    private static Outcome replay(Agent a, BackendRegistry registry, List<Item> transcript, Path journals) {
        // closing the conversation closes its journal, releasing the file
        try (ManagedConversation convo = ManagedConversation.builder()
                .compactor(registry.compactorFor(a.backend()))
                .model(a.backend().model())
                .contextWindow(CONTEXT_WINDOW)
                .journal(CompactionJournal.jsonLines(journals.resolve(a.id() + ".jsonl")))
                .attribute("agent_id", a.id())
                .build()) {
            List<CompactionResult> compactions = new ArrayList<>();
            for (Item item : transcript) {
                convo.append(item);
                convo.compactIfNeeded().ifPresent(compactions::add);
            }
            boolean recovered = ResponsesItems.toJson(convo.originalItems()).equals(ResponsesItems.toJson(transcript));
            return new Outcome(a, registry.compactorFor(a.backend()).name(), compactions, convo.size(), convo.tokens(),
                    recovered);
        }
    }

    private static void print(PrintStream out, List<Outcome> outcomes, List<Item> transcript, Path journals,
            int standInCalls) {
        out.printf(Locale.ROOT, "%ncompact4j multi-agent: %d agents, each replaying %d items, context window %,d"
                + " tokens%n%n", outcomes.size(), transcript.size(), CONTEXT_WINDOW);
        out.printf(Locale.ROOT, "  %-9s %-30s %-44s %11s %-22s %6s %9s %10s%n", "agent", "backend", "chain",
                "compactions", "strategies", "items", "tokens", "recovered");
        for (Outcome o : outcomes) {
            String strategies = o.compactions().stream().map(CompactionResult::strategy).distinct()
                    .reduce((x, y) -> x + "," + y).orElse("-");
            out.printf(Locale.ROOT, "  %-9s %-30s %-44s %11d %-22s %6d %,9d %10s%n", o.agent().id(),
                    o.agent().backend().id() + (o.agent().standIn() ? " *" : ""), o.chain(), o.compactions().size(),
                    strategies, o.items(), o.tokens(), o.recovered() ? "yes" : "NO");
        }
        if (outcomes.stream().anyMatch(o -> o.agent().standIn())) {
            out.printf(Locale.ROOT, "%n  * talked to the local stand-in server (%d calls), not a model: set"
                    + " OPENAI_API_KEY, ANTHROPIC_API_KEY or OLLAMA_BASE_URL to use the real one%n", standInCalls);
        }
        out.printf(Locale.ROOT, "  journals: %s (recovered = journal + history give back every appended item)%n%n",
                journals);
    }

    private MultiAgentExample() {}
}
