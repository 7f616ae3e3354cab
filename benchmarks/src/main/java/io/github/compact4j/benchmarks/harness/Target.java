package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.anthropic.AnthropicCompactClient;
import io.github.compact4j.hybrid.HybridCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.summarize.ChatCompletionsSummarizer;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.ModelCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One backend the harness runs the strategies against: the scripted local server, or a real
 * endpoint and model. It knows which strategies the backend can run, who answers the probes, and
 * how every row it produces is labelled.
 */
final class Target {

    /** Label of the strategy that does not compact: the probes asked on the full history. */
    static final String FULL_HISTORY = "none (full history)";
    static final String NATIVE = "native /responses/compact";
    static final String NATIVE_ANTHROPIC = "native: Anthropic compaction";
    static final String NATIVE_XAI = "native: xAI /responses/compact";
    static final String SUMMARIZING = "SummarizingFallbackCompactor";
    static final String HYBRID = "HybridCompactor (mask, then summarize)";
    static final String CUSTOM = "custom: keep newest 30% + 1 summary";
    static final String MASKING = "ToolOutputMaskingCompactor";
    static final String LOCAL = "local (no model)";

    /** One strategy as the target runs it. */
    record Strategy(String label, String compactedBy, Supplier<ContextCompactor> compactor) {}

    final String label;
    final String description;
    final String model;
    final ModelApi answers;
    final int contextWindow;
    final List<Strategy> strategies;

    private Target(String label, String description, String model, ModelApi answers, int contextWindow,
            List<Strategy> strategies) {
        this.label = label;
        this.description = description;
        this.model = model;
        this.answers = answers;
        this.contextWindow = contextWindow;
        this.strategies = List.copyOf(strategies);
    }

    /** Which API a scripted target's summaries or answers go through. */
    enum Api { RESPONSES, CHAT, ANTHROPIC }

    /**
     * The scripted local server, with the summarizers on {@code summarizerApi} (the library's
     * {@link ChatCompletionsSummarizer} or {@link AnthropicSummarizer}) and the probes on
     * {@code probeApi}; every strategy, native compaction included.
     */
    static Target scripted(ScriptedServer server, String model, Api summarizerApi, Api probeApi) {
        String label = "scripted local server";
        String key = "scripted-local-server-no-key";
        Summarizer summaries = switch (summarizerApi) {
            case CHAT -> ChatCompletionsSummarizer.builder().baseUrl(server.openAiBaseUrl()).apiKey(key).model(model)
                    .maxRetries(0).build();
            case ANTHROPIC -> AnthropicSummarizer.builder().baseUrl(server.anthropicBaseUrl()).apiKey(key).model(model)
                    .maxRetries(0).build();
            case RESPONSES -> throw new IllegalArgumentException("the library has no Responses API summarizer");
        };
        String summariesVia = summarizerApi == Api.CHAT ? "ChatCompletionsSummarizer" : "AnthropicSummarizer";
        ModelApi answers = api(probeApi, server, model);
        List<Strategy> s = new ArrayList<>();
        s.add(new Strategy(NATIVE, label, () -> OpenAiCompactClient.builder()
                .apiKey("scripted-local-server-no-key").baseUrl(server.openAiBaseUrl()).maxRetries(0).build()));
        s.add(new Strategy(NATIVE_ANTHROPIC, label + " (Anthropic wire format)", () -> AnthropicCompactClient.builder()
                .apiKey("scripted-local-server-no-key").baseUrl(server.anthropicBaseUrl()).maxRetries(0).build()));
        s.add(new Strategy(NATIVE_XAI, label + " (xAI wire format)", () -> OpenAiCompactClient.builder()
                .apiKey("scripted-local-server-no-key").baseUrl(server.xaiBaseUrl()).maxRetries(0).build()));
        s.addAll(modelFree());
        s.add(new Strategy(SUMMARIZING, label, () -> summarizing(summaries, 0)));
        s.add(new Strategy(HYBRID, label, () -> hybrid(summaries, 0)));
        s.add(new Strategy(CUSTOM, label, () -> custom(summaries)));
        return new Target(label, "the in-process scripted server (MockWebServer on a free local port): not a "
                + "model. It speaks OpenAI's, xAI's and Anthropic's compaction wire formats (the rows compacted by"
                + " it in xAI's or Anthropic's format say so). Summaries are extractive (sentences with numbers, names, decisions and errors "
                + "first, " + ScriptedServer.SUMMARY_TOKENS + " tokens at most); answers are the sentence of the "
                + "given history that shares the most rare words with the question. Summaries through the library's "
                + summariesVia + ", answers through " + answers.apiName() + "; usage is the o200k_base count "
                + "of the text read and written; costs are what the model `" + model + "` would charge for those tokens",
                model, answers, 0, s);
    }

    static ModelApi api(Api api, ScriptedServer server, String model) {
        return switch (api) {
            case RESPONSES -> new ResponsesApi(server.openAiBaseUrl(), "scripted-local-server-no-key", model);
            case CHAT -> new ChatCompletionsApi(server.openAiBaseUrl(), "scripted-local-server-no-key", model);
            case ANTHROPIC -> new AnthropicApi(server.anthropicBaseUrl(), "scripted-local-server-no-key", model);
        };
    }

    /** The real targets the environment gives keys for; empty when none. */
    static List<Target> fromEnv(Map<String, String> env) {
        List<Target> out = new ArrayList<>();
        String openAiKey = env.get("OPENAI_API_KEY");
        if (openAiKey != null && !openAiKey.isBlank()) {
            String base = env.getOrDefault("OPENAI_BASE_URL", OpenAiCompactClient.DEFAULT_BASE_URL);
            String model = env.getOrDefault("COMPACT4J_OPENAI_MODEL", "gpt-5.1");
            String label = "OpenAI " + model;
            Summarizer chat = ChatCompletionsSummarizer.builder().baseUrl(base).apiKey(openAiKey).model(model).build();
            List<Strategy> s = new ArrayList<>();
            s.add(new Strategy(NATIVE, label, () -> OpenAiCompactClient.builder().apiKey(openAiKey).baseUrl(base).build()));
            s.addAll(modelFree());
            int window = window(model);
            s.add(new Strategy(SUMMARIZING, label, () -> summarizing(chat, window)));
            s.add(new Strategy(HYBRID, label, () -> hybrid(chat, window)));
            s.add(new Strategy(CUSTOM, label, () -> custom(chat)));
            out.add(new Target(label, "OpenAI at " + base + ", model `" + model + "`: native compaction, summaries "
                    + "through Chat Completions, answers through the Responses API (store: false)", model,
                    new ResponsesApi(base, openAiKey, model), window, s));
        }
        String anthropicKey = env.get("ANTHROPIC_API_KEY");
        if (anthropicKey != null && !anthropicKey.isBlank()) {
            String base = env.getOrDefault("ANTHROPIC_BASE_URL", "https://api.anthropic.com");
            String model = env.getOrDefault("COMPACT4J_ANTHROPIC_MODEL", "claude-sonnet-4-5");
            String label = "Anthropic " + model;
            Summarizer summaries = AnthropicSummarizer.builder().baseUrl(base).apiKey(anthropicKey).model(model).build();
            ModelApi messages = new AnthropicApi(base, anthropicKey, model);
            int window = window(model);
            List<Strategy> s = new ArrayList<>();
            s.add(new Strategy(NATIVE_ANTHROPIC, label, () -> AnthropicCompactClient.builder().apiKey(anthropicKey)
                    .baseUrl(base).build()));
            s.addAll(modelFree());
            s.add(new Strategy(SUMMARIZING, label, () -> summarizing(summaries, window)));
            s.add(new Strategy(HYBRID, label, () -> hybrid(summaries, window)));
            s.add(new Strategy(CUSTOM, label, () -> custom(summaries)));
            out.add(new Target(label, "Anthropic at " + base + ", model `" + model + "`: Anthropic's own compaction"
                    + " (compact-2026-09-04), summaries and answers through Messages", model, messages, window, s));
        }
        String compatBase = env.get("COMPACT4J_BASE_URL");
        String compatModel = env.get("COMPACT4J_MODEL");
        if (compatBase != null && !compatBase.isBlank() && compatModel != null && !compatModel.isBlank()) {
            String label = compatModel + " at " + compatBase;
            ModelApi chat = new ChatCompletionsApi(compatBase, env.get("COMPACT4J_API_KEY"), compatModel);
            Summarizer summaries = ChatCompletionsSummarizer.builder().baseUrl(compatBase)
                    .apiKey(env.get("COMPACT4J_API_KEY")).model(compatModel).build();
            int window = window(compatModel);
            List<Strategy> s = new ArrayList<>(modelFree());
            s.add(new Strategy(SUMMARIZING, label, () -> summarizing(summaries, window)));
            s.add(new Strategy(HYBRID, label, () -> hybrid(summaries, window)));
            s.add(new Strategy(CUSTOM, label, () -> custom(summaries)));
            out.add(new Target(label, "the OpenAI-compatible server at " + compatBase + ", model `" + compatModel
                    + "`: summaries and answers through Chat Completions", compatModel, chat, window, s));
        }
        return out;
    }

    private static List<Strategy> modelFree() {
        return List.of(new Strategy(MASKING, LOCAL, () -> ToolOutputMaskingCompactor.builder().build()));
    }

    static ContextCompactor summarizing(Summarizer summarizer, int window) {
        SummarizingFallbackCompactor.Builder b = SummarizingFallbackCompactor.builder().summarizer(summarizer);
        if (window > 0) {
            b.summarizerContextWindow(window);
        }
        return b.build();
    }

    /** Masking with its defaults, then summarizing with its defaults: what the registry would build. */
    static ContextCompactor hybrid(Summarizer summarizer, int window) {
        return HybridCompactor.builder().masking(ToolOutputMaskingCompactor.builder().build())
                .summarizing(summarizing(summarizer, window)).build();
    }

    static ContextCompactor custom(Summarizer summarizer) {
        return KeepRecentShareCompactor.builder().summarizer(summarizer).keepShare(0.30).build();
    }

    private static int window(String model) {
        return ModelCatalog.defaults().lookup(model).contextWindow();
    }

    static Map<String, String> sources(List<Target> targets) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Target t : targets) {
            m.put(t.label, t.description);
        }
        m.put(LOCAL, "the strategy ran in the harness's process and called no model");
        return m;
    }
}
