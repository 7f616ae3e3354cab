package io.github.compact4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.tokens.TokenCounter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compact4j compact}: compacts a conversation file through the backend registry. */
@Command(name = "compact", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Compacts a conversation file (Responses items, Chat Completions messages or an Anthropic "
                + "conversation) the way BackendRegistry would for the backend, prints the before/after table and "
                + "writes the result in the same format.",
            "API keys and base URLs come from the provider's environment variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, "
                + "OLLAMA_BASE_URL, ...). With --strategy auto and no key where one is needed, it masks offline."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:usage error (unknown provider, --strategy that needs a missing key)",
            "3:the conversation file is missing or malformed", "4:the compaction failed (the message has the trace id)",
            "5:the result cannot be written"})
final class CompactCommand implements Callable<Integer> {

    private final Io io;

    @Parameters(index = "0", paramLabel = "FILE", description = "the conversation, as JSON")
    Path file;

    @Option(names = "--provider", paramLabel = "P", required = true,
            description = "openai, azure-openai, anthropic, gemini, ollama, vllm, lmstudio, groq, openrouter, together, "
                    + "deepseek, xai or openai-compatible")
    String provider;

    @Option(names = "--model", paramLabel = "M", required = true, description = "the model the agent runs on")
    String model;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "auto",
            description = "auto (the registry's chain; masking offline when no key is set), masking, summarizing, "
                    + "hybrid (masking, then a summary of the masked middle only when masking is not enough), native (the provider's own compaction: /responses/compact for openai, azure-openai and xai, "
                    + "Anthropic's compaction for anthropic) (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--base-url", paramLabel = "URL", description = "the backend's base URL, instead of the provider's")
    String baseUrl;

    @Option(names = "--agent", paramLabel = "A", description = "agent id for the log lines (compact4j.agent_id)")
    String agent;

    @Option(names = "--format", paramLabel = "F", converter = JournalRestoreCommand.FormatConverter.class,
            description = "the input's format: responses, chat or anthropic (default: told from the JSON)")
    ConversationFormat format;

    @Option(names = "--output-format", paramLabel = "F", converter = JournalRestoreCommand.FormatConverter.class,
            description = "the result's format (default: the input's)")
    ConversationFormat outputFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "where to write the result (default: FILE with .compacted before its extension)")
    Path output;

    @Option(names = {"-v", "--verbose"}, description = "print the library's log lines on stderr (INFO; twice for DEBUG)")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    CompactCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Core.Strategy s = strategy();
        ConversationFormat.Read in = ConversationFormat.read(file, format);
        if (in.items().isEmpty()) {
            throw CliException.badInput(file + ": the conversation is empty; nothing to compact");
        }
        if (verbose.length > 0) {
            ((Logger) LoggerFactory.getLogger("io.github.compact4j")).setLevel(verbose.length > 1 ? Level.DEBUG : Level.INFO);
        }
        ContextCompactor compactor = Core.compactor(provider, model, baseUrl, io.env(), s, io::warn);
        // loading the tokenizer is a one-off cost of start-up; keep it out of the compaction's elapsed time
        TokenCounter.forModel(model);
        CompactionRequest.Builder request = CompactionRequest.builder().model(model).items(in.items());
        if (agent != null) {
            request.attribute("agent_id", agent);
        }
        CompactionResult r = Core.compact(compactor, request.build(), file.toString());
        ConversationFormat outFormat = outputFormat != null ? outputFormat : in.format();
        Path out = output != null ? output : defaultOutput(file);
        String json = outFormat == ConversationFormat.ANTHROPIC && in.anthropic() != null
                ? Core.convert(() -> in.anthropic().withItems(r.items()).toJson(),
                        p -> CliException.badInput("the result cannot be written as an Anthropic conversation: " + p))
                : outFormat.write(r.items(), "the result");
        OutputFile.write(out, json + "\n");
        print(in.items(), r, out, outFormat, s);
        return ExitCode.OK;
    }

    private Core.Strategy strategy() {
        try {
            return Core.Strategy.valueOf(strategy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--strategy '" + strategy + "': use auto, masking, summarizing, hybrid or native");
        }
    }

    static Path defaultOutput(Path in) {
        String name = in.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String out = dot > 0 ? name.substring(0, dot) + ".compacted" + name.substring(dot) : name + ".compacted.json";
        return in.resolveSibling(out);
    }

    /** The table the library's main example prints, and where the result went. */
    private void print(List<Item> before, CompactionResult r, Path out, ConversationFormat f, Core.Strategy s) {
        List<Item> after = r.items();
        PrintWriter w = io.out();
        w.printf(Locale.ROOT, "%ncompact4j compact: %s (%s, %s, strategy %s)%n%n", file.getFileName(), provider, model,
                s.name().toLowerCase(Locale.ROOT));
        w.printf(Locale.ROOT, "  %-22s %12s %12s%n", "", "before", "after");
        w.printf(Locale.ROOT, "  %-22s %,12d %,12d%n", "items", r.itemsBefore(), after.size());
        w.printf(Locale.ROOT, "  %-22s %,12d %,12d%n", "tokens", r.tokensBefore(), r.tokensAfter());
        w.printf(Locale.ROOT, "  %-22s %12s %,12d  (%.1f%%)%n", "saved", "", r.savedTokens(), r.savedRatio() * 100);
        int outputsBefore = (int) before.stream().filter(i -> i instanceof ToolResult).count();
        if (before.size() == after.size()) {
            // masking keeps every item in place, so changed outputs can be counted one by one
            int replaced = 0;
            int stripped = 0;
            for (int i = 0; i < before.size(); i++) {
                if (before.get(i) instanceof ToolResult && !before.get(i).equals(after.get(i))) {
                    replaced++;
                }
                if (before.get(i) instanceof Reasoning b && after.get(i) instanceof Reasoning a
                        && b.encryptedContent().isPresent() && a.encryptedContent().isEmpty()) {
                    stripped++;
                }
            }
            w.printf(Locale.ROOT, "  %-22s %,12d %12s%n", "tool outputs", outputsBefore, replaced + " replaced");
            w.printf(Locale.ROOT, "  %-22s %12s %12d%n", "reasoning stripped", "", stripped);
        } else {
            int outputsAfter = (int) after.stream().filter(i -> i instanceof ToolResult).count();
            w.printf(Locale.ROOT, "  %-22s %,12d %,12d%n", "tool outputs", outputsBefore, outputsAfter);
        }
        w.printf(Locale.ROOT, "  %-22s %s%n", "strategy", r.strategy());
        w.printf(Locale.ROOT, "  %-22s %s%n", "trace id", r.traceId());
        w.printf(Locale.ROOT, "  %-22s %d ms%n", "elapsed", r.elapsed().toMillis());
        w.printf(Locale.ROOT, "  %-22s %d%n", "model calls", r.usage().modelCalls());
        if (r.fellBack()) {
            w.printf(Locale.ROOT, "  %-22s %s%n", "fell back", "yes, after " + r.attempts().size() + " attempts");
        }
        r.note().ifPresent(n -> w.printf(Locale.ROOT, "  %-22s %s%n", "note", n));
        w.printf(Locale.ROOT, "  %-22s %s (%s)%n%n", "written to", out, f.label());
    }
}
