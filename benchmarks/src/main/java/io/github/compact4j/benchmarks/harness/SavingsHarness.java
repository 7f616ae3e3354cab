package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.Usage;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Runs the compaction strategies over the corpus, asks every probe of every conversation on each
 * compacted history (and on the full one), and writes the report under
 * {@code benchmarks/results/savings/}: {@code savings.md}, {@code savings.csv}, {@code savings.png},
 * and {@code probes.csv} with every answer.
 *
 * <pre>
 * mvn -B -q install -DskipTests -Dmaven.javadoc.skip=true      # the library, in the repository root
 * mvn -B -q -f benchmarks/pom.xml package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.github.compact4j.benchmarks.harness.SavingsHarness
 * </pre>
 *
 * <p>Backends: with {@code OPENAI_API_KEY} (model {@code COMPACT4J_OPENAI_MODEL}, default
 * {@code gpt-5.1}), {@code ANTHROPIC_API_KEY} ({@code COMPACT4J_ANTHROPIC_MODEL}, default
 * {@code claude-sonnet-4-5}) or {@code COMPACT4J_BASE_URL} + {@code COMPACT4J_MODEL} (+
 * {@code COMPACT4J_API_KEY}) for any OpenAI-compatible server, it runs against those. Without any,
 * it runs against the scripted local server ({@link ScriptedServer}), and says so on every row.
 *
 * <p>Options: {@code --corpus DIR} (default {@code benchmarks/corpus}), {@code --out DIR} (default
 * {@code benchmarks/results/savings}), {@code --prices FILE} (default
 * {@code benchmarks/prices.properties}), {@code --only name,name} (conversations),
 * {@code --scripted} (run the scripted server too when keys are given), {@code --no-probes},
 * {@code --no-target} (send no target: each strategy keeps its own configured amount),
 * {@code --target-share X} (a target of X times each conversation's tokens instead of the policy's).
 *
 * <p><b>The target.</b> Every compaction request carries the target a {@code ManagedConversation}
 * with the default {@link CompactionPolicy} gives the conversation at the moment it reaches the
 * trigger: a window the conversation fills to the trigger ratio (85%), and the policy's target in
 * it (50% of that window, about 59% of the conversation). {@link #policyTarget(int)}.
 */
public final class SavingsHarness {

    /** The model the scripted run's requests name, and whose price its cost column uses. */
    static final String SCRIPTED_MODEL = "gpt-5.1";

    private SavingsHarness() {}

    /**
     * @param args the options above
     * @throws Exception when the run fails
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> a = Arrays.asList(args);
        Path base = Files.isDirectory(Path.of("benchmarks", "corpus")) ? Path.of("benchmarks") : Path.of(".");
        Path corpusDir = Path.of(option(a, "--corpus", base.resolve("corpus").toString()));
        Path out = Path.of(option(a, "--out", base.resolve("results/savings").toString()));
        Path pricesFile = Path.of(option(a, "--prices", base.resolve("prices.properties").toString()));
        String only = option(a, "--only", null);
        boolean probes = !a.contains("--no-probes");
        boolean aim = !a.contains("--no-target");
        String share = option(a, "--target-share", null);
        java.util.function.IntUnaryOperator targetOf = !aim ? tokens -> 0
                : share != null ? tokens -> (int) Math.round(tokens * Double.parseDouble(share))
                : SavingsHarness::policyTarget;

        List<CorpusConversation> corpus = Corpus.load(corpusDir);
        if (only != null) {
            Set<String> names = Set.of(only.split(","));
            corpus = corpus.stream().filter(c -> names.contains(c.name())).toList();
        }
        PriceTable prices = PriceTable.load(pricesFile);
        List<Target> targets = new ArrayList<>(Target.fromEnv(System.getenv()));
        boolean real = !targets.isEmpty();
        try (ScriptedServer server = new ScriptedServer()) {
            if (!real || a.contains("--scripted")) {
                targets.add(Target.scripted(server, SCRIPTED_MODEL, Target.Api.CHAT, Target.Api.RESPONSES));
            }
            List<String[]> answers = new ArrayList<>();
            List<Row> rows = run(corpus, targets, prices, probes, targetOf, answers, System.out::println);
            String mode = real ? "real endpoints (" + String.join("; ", targets.stream().map(t -> t.label).toList()) + ")"
                    : "scripted local server, no model called";
            Report.Header header = new Report.Header(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), mode,
                    Target.sources(targets),
                    "java -cp benchmarks/target/benchmarks.jar " + SavingsHarness.class.getName()
                            + (args.length == 0 ? "" : " " + String.join(" ", args)),
                    pricesFile.toString(), machine(), !aim ? "none (--no-target): each strategy keeps its own"
                            + " configured amount" : share != null ? share + " × the conversation's tokens (--target-share)"
                            : TARGET_RULE);
            List<Path> files = Report.write(out, header, rows);
            writeAnswers(out.resolve("probes.csv"), answers);
            System.out.println(Files.readString(files.get(0)));
            System.out.println("report: " + files + ", " + out.resolve("probes.csv"));
        }
    }

    /** How the report describes the target the requests carry. */
    static final String TARGET_RULE = "what a ManagedConversation with the default policy asks for when the"
            + " conversation reaches its trigger: window = tokens / 0.85, target = 50% of that window (about 59% of"
            + " the conversation's tokens); native compaction and the custom baseline decide their own size";

    /**
     * @param tokens the conversation's tokens
     * @return the target the default policy gives a conversation of that size the moment it
     *     reaches the trigger of a window it fills to the trigger ratio
     */
    static int policyTarget(int tokens) {
        CompactionPolicy policy = CompactionPolicy.defaults();
        int window = (int) Math.ceil(tokens / policy.triggerRatio());
        return policy.targetAt(window);
    }

    /** A progress line sink, so tests stay quiet. */
    interface Progress {
        void line(String s);
    }

    /**
     * Runs every target's strategies over the corpus.
     *
     * @param corpus the conversations
     * @param targets the backends
     * @param prices the price table
     * @param probes whether to ask the probes
     * @param answers receives one line per probe answer: conversation, strategy, compacted by,
     *     probe, expected, answer, right
     * @param progress receives a line per row
     * @return the rows, conversation by conversation
     */
    static List<Row> run(List<CorpusConversation> corpus, List<Target> targets, PriceTable prices, boolean probes,
            List<String[]> answers, Progress progress) {
        return run(corpus, targets, prices, probes, SavingsHarness::policyTarget, answers, progress);
    }

    /**
     * Runs every target's strategies over the corpus.
     *
     * @param corpus the conversations
     * @param targets the backends
     * @param prices the price table
     * @param probes whether to ask the probes
     * @param targetOf the target each request carries for a conversation of so many tokens (0 for
     *     none), by default the {@linkplain #policyTarget(int) policy's target}
     * @param answers receives one line per probe answer
     * @param progress receives a line per row
     * @return the rows, conversation by conversation
     */
    static List<Row> run(List<CorpusConversation> corpus, List<Target> targets, PriceTable prices, boolean probes,
            java.util.function.IntUnaryOperator targetOf, List<String[]> answers, Progress progress) {
        TokenCounter counter = TokenCounter.defaultCounter();
        List<Row> rows = new ArrayList<>();
        for (CorpusConversation c : corpus) {
            int before = counter.count(c.items());
            int target = targetOf.applyAsInt(before);
            for (Target t : targets) {
                // the uncompacted baseline, when the full history fits the answering model's window
                boolean fits = t.contextWindow == 0 || before + ProbeQuestions.MAX_TOKENS + 2_000 <= t.contextWindow;
                int[] right = fits && probes ? ask(t, c, c.items(), Target.FULL_HISTORY, t.label, answers) : new int[2];
                rows.add(new Row(c.name(), Target.FULL_HISTORY, "–", t.label, null, c.items().size(), c.items().size(),
                        before, before, 0, 0, 0, null, 0, right[1], right[0],
                        fits ? "" : "the full history (" + before + " tokens) does not fit " + t.model + "'s window",
                        0, ""));
                progress.line(line(rows.get(rows.size() - 1)));
                for (Target.Strategy s : t.strategies) {
                    rows.add(runOne(c, t, s, prices, probes, answers, before, target));
                    progress.line(line(rows.get(rows.size() - 1)));
                }
            }
        }
        return rows;
    }

    private static Row runOne(CorpusConversation c, Target t, Target.Strategy s, PriceTable prices, boolean probes,
            List<String[]> answers, int before, int target) {
        ContextCompactor compactor = s.compactor().get();
        CompactionRequest request = CompactionRequest.builder().model(t.model).items(c.items()).targetTokens(target)
                .attribute("harness_conversation", c.name()).build();
        long start = System.nanoTime();
        CompactionResult result;
        try {
            result = compactor.compact(request);
        } catch (RuntimeException e) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Row(c.name(), s.label(), s.compactedBy(), t.label, t.model, c.items().size(), c.items().size(),
                    before, before, 0, 0, 0, null, ms, 0, 0, "compaction failed: " + e.getMessage(), target, "");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        Usage u = result.usage();
        Double cost = u.modelCalls() == 0 ? null
                : prices.cost(t.model, u.inputTokens(), u.outputTokens()).orElse(null);
        int[] right = probes ? ask(t, c, result.items(), s.label(), s.compactedBy(), answers) : new int[2];
        return new Row(c.name(), s.label(), s.compactedBy(), t.label, t.model, result.itemsBefore(),
                result.items().size(), result.tokensBefore(), result.tokensAfter(), u.inputTokens(), u.outputTokens(),
                u.modelCalls(), cost, ms, right[1], right[0], result.note().orElse(""), target,
                String.join(" > ", result.steps()));
    }

    /** @return {right, asked} */
    private static int[] ask(Target t, CorpusConversation c, List<Item> history, String strategy, String compactedBy,
            List<String[]> answers) {
        int right = 0;
        for (Probe p : c.probes()) {
            String answer;
            try {
                answer = t.answers.ask(history, ProbeQuestions.INSTRUCTIONS, ProbeQuestions.message(p.question()),
                        ProbeQuestions.MAX_TOKENS).text();
            } catch (RuntimeException e) {
                answer = "(call failed: " + e.getMessage() + ")";
            }
            boolean ok = Scoring.correct(p, answer);
            if (ok) {
                right++;
            }
            answers.add(new String[] {c.name(), strategy, compactedBy, t.label, p.id(), String.join(" | ", p.expected()),
                answer, String.valueOf(ok)});
        }
        return new int[] {right, c.probes().size()};
    }

    private static String line(Row r) {
        return String.format("%-16s %-38s saved %6s  probes %s  (%s, %d ms)", r.conversation(), r.strategy(),
                Report.percent(r.savedRatio()), Report.score(r.probesRight(), r.probesAsked()), r.compactedBy(),
                r.latencyMs());
    }

    static void writeAnswers(Path file, List<String[]> answers) {
        StringBuilder sb = new StringBuilder("conversation,strategy,compacted_by,answered_by,probe,expected,answer,right\n");
        for (String[] a : answers) {
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Report.field(a[i]));
            }
            sb.append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return rt.availableProcessors() + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", Java " + System.getProperty("java.version") + ", max heap " + rt.maxMemory() / (1024 * 1024) + " MB";
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }
}
