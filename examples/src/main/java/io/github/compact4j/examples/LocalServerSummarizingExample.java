package io.github.compact4j.examples;

import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.summarize.ChatCompletionsSummarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.summarize.SummaryMessage;
import io.github.compact4j.tokens.TokenCounter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compacts the bundled coding-agent session by summarizing its middle with a model on a local
 * OpenAI-compatible server: Ollama, vLLM, LM Studio, llama.cpp's server, or anything else that
 * serves {@code POST /v1/chat/completions}.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * ollama pull qwen2.5-coder:14b     # and serve it with a context of 32k or more (see below)
 * mvn -B -q -f examples/pom.xml compile exec:java \
 *     -Dexec.mainClass=io.github.compact4j.examples.LocalServerSummarizingExample \
 *     -Dexec.args="--base-url http://localhost:11434/v1 --model qwen2.5-coder:14b"
 * </pre>
 *
 * <p>Options (each also from the environment): {@code --base-url} ({@code COMPACT4J_BASE_URL}),
 * {@code --model} ({@code COMPACT4J_MODEL}), {@code --context-window} tokens the server gives the
 * model ({@code COMPACT4J_CONTEXT_WINDOW}, default 32768), {@code --keep-recent-tokens}
 * ({@code COMPACT4J_KEEP_RECENT_TOKENS}, default 8000). A key, for a server that wants one, comes
 * from {@code COMPACT4J_API_KEY} only: keys on a command line end up in shell histories and
 * process lists.
 *
 * <p>Without a base URL it prints how to run it and exits 0. The library's DEBUG lines, one per
 * HTTP attempt among them, go to stderr; the table and the summary go to stdout.
 */
public final class LocalServerSummarizingExample {

    static final String CONVERSATION = MaskingExample.CONVERSATION;
    /** The model the session ran on: it decides how tokens are counted, not who summarizes. */
    static final String MODEL = MaskingExample.MODEL;
    static final int DEFAULT_CONTEXT_WINDOW = 32_768;
    static final int DEFAULT_KEEP_RECENT_TOKENS = 8_000;

    private LocalServerSummarizingExample() {}

    /**
     * Compacts the session through the server given, or says how to run the example.
     *
     * @param args {@code --base-url URL --model NAME [--context-window N] [--keep-recent-tokens N]}
     */
    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The example, with its environment and streams given: {@link #main} passes the process's, the
     * tests their own.
     *
     * @return the exit status: 0, 1 when the compaction failed, 2 for a bad option
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Settings s;
        try {
            s = Settings.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println();
            usage(out);
            return 2;
        }
        if (s.baseUrl == null) {
            usage(out);
            return 0;
        }
        if (s.model == null) {
            err.println("--model (or COMPACT4J_MODEL) is required with --base-url, e.g. qwen2.5-coder:14b");
            return 2;
        }

        List<Item> history = MaskingExample.load(CONVERSATION);
        TokenCounter.forModel(MODEL);   // load the tokenizer once, outside the timed compaction

        ChatCompletionsSummarizer summarizer;
        SummarizingFallbackCompactor compactor;
        try {
            summarizer = ChatCompletionsSummarizer.builder()
                    .baseUrl(s.baseUrl)
                    .model(s.model)
                    .apiKey(env.get("COMPACT4J_API_KEY"))
                    .timeout(Duration.ofMinutes(20))   // a local model reading 20k tokens can take minutes
                    .build();
            compactor = SummarizingFallbackCompactor.builder()
                    .summarizer(summarizer)
                    .keepRecentTokens(s.keepRecentTokens)
                    .summarizerContextWindow(s.contextWindow)
                    .build();
        } catch (IllegalArgumentException e) {
            // a URL the client cannot use, or a window too small to summarize in: the library says which
            err.println(e.getMessage());
            err.println();
            usage(out);
            return 2;
        }
        err.println("compacting " + history.size() + " items through " + summarizer);

        CompactionResult r;
        try {
            r = compactor.compact(CompactionRequest.builder()
                    .model(MODEL)
                    .items(history)
                    .attribute("agent_id", "coding-agent")
                    .build());
        } catch (CompactionException e) {
            // one readable message: what failed, the server's words, what to do, the ids
            err.println();
            err.println(e.getMessage());
            return 1;
        }
        print(out, history, r, s);
        return 0;
    }

    private static void print(PrintStream out, List<Item> before, CompactionResult r, Settings s) {
        List<Item> after = r.items();
        int summaryAt = -1;
        for (int i = 0; i < after.size(); i++) {
            if (SummaryMessage.isSummary(after.get(i))) {
                summaryAt = i;
            }
        }
        boolean headAndTailVerbatim = summaryAt >= 0;
        for (int i = 0; headAndTailVerbatim && i < summaryAt; i++) {
            headAndTailVerbatim = before.get(i) == after.get(i);
        }
        for (int k = 1; headAndTailVerbatim && k < after.size() - summaryAt; k++) {
            headAndTailVerbatim = before.get(before.size() - k) == after.get(after.size() - k);
        }

        new ResultTable(String.format(Locale.ROOT, "compact4j summarizing: %s (%s) through %s at %s,"
                        + " keepRecentTokens=%d, summarizerContextWindow=%d",
                        CONVERSATION.substring(CONVERSATION.lastIndexOf('/') + 1), MODEL, s.model, s.baseUrl,
                        s.keepRecentTokens, s.contextWindow))
                .sizes(r)
                .row("summarized items", "", summaryAt < 0 ? "-"
                        : String.format(Locale.ROOT, "%,d", before.size() - (after.size() - 1)))
                .value("summarizer usage", String.format(Locale.ROOT, "%,d tokens read, %,d written (as the server"
                        + " reported them)", r.usage().inputTokens(), r.usage().outputTokens()))
                .outcome(r)
                .value("request ids", r.requestIds().isEmpty() ? "(the server sends none)" : r.requestIds())
                .print(out);
        out.printf(Locale.ROOT, "%n  unpaired calls/results: %d before, %d after; head and tail verbatim: %s%n%n",
                Turns.unpaired(before).size(), Turns.unpaired(after).size(), headAndTailVerbatim ? "yes" : "no");
        if (summaryAt >= 0) {
            out.println("  the summary that replaced the middle:");
            out.println();
            SummaryMessage.summaryOf(after.get(summaryAt)).orElse("").lines()
                    .forEach(line -> out.println("    " + line));
            out.println();
        }
    }

    private static void usage(PrintStream out) {
        out.println("""

                LocalServerSummarizingExample compacts the bundled coding-agent session by having a model
                on a local OpenAI-compatible server summarize its middle. Give it the server's URL:

                  mvn -B -q -f examples/pom.xml compile exec:java \\
                      -Dexec.mainClass=io.github.compact4j.examples.LocalServerSummarizingExample \\
                      -Dexec.args="--base-url http://localhost:11434/v1 --model qwen2.5-coder:14b"

                or set COMPACT4J_BASE_URL and COMPACT4J_MODEL. Typical base URLs:

                  Ollama      http://localhost:11434/v1   (ollama pull <model>; serve with a context of
                                                           32k or more: OLLAMA_CONTEXT_LENGTH=32768 ollama serve)
                  vLLM        http://localhost:8000/v1    (vllm serve <model> --max-model-len 32768)
                  LM Studio   http://localhost:1234/v1    (load the model with a 32k context)

                Options: --context-window N    tokens the server gives the model (default 32768): the
                                               session goes to the model in parts that fit it
                         --keep-recent-tokens N  recent turns kept verbatim (default 8000)
                A key, if the server wants one: COMPACT4J_API_KEY.
                """);
    }

    /** The example's settings, from the arguments and then the environment. */
    static final class Settings {
        String baseUrl;
        String model;
        int contextWindow = DEFAULT_CONTEXT_WINDOW;
        int keepRecentTokens = DEFAULT_KEEP_RECENT_TOKENS;

        static Settings parse(String[] args, Map<String, String> env) {
            Settings s = new Settings();
            s.baseUrl = blankToNull(env.get("COMPACT4J_BASE_URL"));
            s.model = blankToNull(env.get("COMPACT4J_MODEL"));
            String window = blankToNull(env.get("COMPACT4J_CONTEXT_WINDOW"));
            String keep = blankToNull(env.get("COMPACT4J_KEEP_RECENT_TOKENS"));
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                String value = null;
                int eq = name.indexOf('=');
                if (name.startsWith("--") && eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                }
                if (value == null) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                switch (name) {
                    case "--base-url" -> s.baseUrl = blankToNull(value);
                    case "--model" -> s.model = blankToNull(value);
                    case "--context-window" -> window = value;
                    case "--keep-recent-tokens" -> keep = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (window != null) {
                s.contextWindow = positive("--context-window", window);
            }
            if (keep != null) {
                s.keepRecentTokens = positive("--keep-recent-tokens", keep);
            }
            return s;
        }

        private static int positive(String option, String value) {
            try {
                int n = Integer.parseInt(value.strip().replace("_", ""));
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new IllegalArgumentException(option + " must be a positive number of tokens, got '" + value + "'");
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }
}
