package io.github.compact4j.registry;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind of backend compact4j knows how to compact for: its API, default base URL, where its API
 * key is found, and whether it offers OpenAI's native compaction.
 *
 * <p>The catalogue ({@link #of(String)}, {@link #known()}):
 * <table class="striped">
 * <caption>Providers</caption>
 * <thead><tr><th>id</th><th>summarizes through</th><th>default base URL</th><th>API key variable</th></tr></thead>
 * <tbody>
 * <tr><td>{@code openai}</td><td>native compaction, then Chat Completions</td><td>{@code https://api.openai.com/v1}</td><td>{@code OPENAI_API_KEY}</td></tr>
 * <tr><td>{@code azure-openai}</td><td>native compaction, then Chat Completions</td><td>none: {@code https://RESOURCE.openai.azure.com/openai/v1}</td><td>{@code AZURE_OPENAI_API_KEY}</td></tr>
 * <tr><td>{@code anthropic}</td><td>Anthropic Messages</td><td>{@code https://api.anthropic.com}</td><td>{@code ANTHROPIC_API_KEY}</td></tr>
 * <tr><td>{@code gemini}</td><td>Chat Completions</td><td>{@code https://generativelanguage.googleapis.com/v1beta/openai}</td><td>{@code GEMINI_API_KEY}</td></tr>
 * <tr><td>{@code ollama}</td><td>Chat Completions</td><td>{@code http://localhost:11434/v1}</td><td>none needed</td></tr>
 * <tr><td>{@code vllm}</td><td>Chat Completions</td><td>{@code http://localhost:8000/v1}</td><td>{@code VLLM_API_KEY} (optional)</td></tr>
 * <tr><td>{@code lmstudio}</td><td>Chat Completions</td><td>{@code http://localhost:1234/v1}</td><td>none needed</td></tr>
 * <tr><td>{@code groq}</td><td>Chat Completions</td><td>{@code https://api.groq.com/openai/v1}</td><td>{@code GROQ_API_KEY}</td></tr>
 * <tr><td>{@code openrouter}</td><td>Chat Completions</td><td>{@code https://openrouter.ai/api/v1}</td><td>{@code OPENROUTER_API_KEY}</td></tr>
 * <tr><td>{@code together}</td><td>Chat Completions</td><td>{@code https://api.together.xyz/v1}</td><td>{@code TOGETHER_API_KEY}</td></tr>
 * <tr><td>{@code deepseek}</td><td>Chat Completions</td><td>{@code https://api.deepseek.com/v1}</td><td>{@code DEEPSEEK_API_KEY}</td></tr>
 * <tr><td>{@code xai}</td><td>Chat Completions</td><td>{@code https://api.x.ai/v1}</td><td>{@code XAI_API_KEY}</td></tr>
 * <tr><td>{@code openai-compatible}</td><td>Chat Completions</td><td>none: give one</td><td>{@code OPENAI_COMPATIBLE_API_KEY} (optional)</td></tr>
 * </tbody>
 * </table>
 *
 * @param id the provider id used in {@code Backend.builder().provider(id)}
 * @param api the API its summaries go through
 * @param defaultBaseUrl the base URL used when the backend gives none, or null when one is required
 * @param apiKeyVariables environment variables searched, in order, for the API key
 * @param baseUrlVariable environment variable that overrides the base URL, or null
 * @param apiKeyRequired whether calls fail without a key (local servers need none)
 * @param nativeCompaction whether OpenAI's {@code /responses/compact} is available
 */
public record Provider(String id, Api api, String defaultBaseUrl, List<String> apiKeyVariables,
        String baseUrlVariable, boolean apiKeyRequired, boolean nativeCompaction) {

    /** The API a provider's summaries are made through. */
    public enum Api {
        /** OpenAI-compatible {@code POST {baseUrl}/chat/completions}. */
        CHAT_COMPLETIONS,
        /** Anthropic's {@code POST {baseUrl}/v1/messages}. */
        ANTHROPIC_MESSAGES
    }

    /** The id of the catch-all provider for any OpenAI-compatible server. */
    public static final String OPENAI_COMPATIBLE = "openai-compatible";

    private static final Map<String, Provider> KNOWN;

    static {
        Map<String, Provider> m = new LinkedHashMap<>();
        add(m, new Provider("openai", Api.CHAT_COMPLETIONS, "https://api.openai.com/v1",
                List.of("OPENAI_API_KEY"), "OPENAI_BASE_URL", true, true));
        add(m, new Provider("azure-openai", Api.CHAT_COMPLETIONS, null,
                List.of("AZURE_OPENAI_API_KEY"), "AZURE_OPENAI_BASE_URL", true, true));
        add(m, new Provider("anthropic", Api.ANTHROPIC_MESSAGES, "https://api.anthropic.com",
                List.of("ANTHROPIC_API_KEY"), "ANTHROPIC_BASE_URL", true, false));
        add(m, new Provider("gemini", Api.CHAT_COMPLETIONS, "https://generativelanguage.googleapis.com/v1beta/openai",
                List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"), "GEMINI_BASE_URL", true, false));
        add(m, new Provider("ollama", Api.CHAT_COMPLETIONS, "http://localhost:11434/v1",
                List.of("OLLAMA_API_KEY"), "OLLAMA_BASE_URL", false, false));
        add(m, new Provider("vllm", Api.CHAT_COMPLETIONS, "http://localhost:8000/v1",
                List.of("VLLM_API_KEY"), "VLLM_BASE_URL", false, false));
        add(m, new Provider("lmstudio", Api.CHAT_COMPLETIONS, "http://localhost:1234/v1",
                List.of("LMSTUDIO_API_KEY"), "LMSTUDIO_BASE_URL", false, false));
        add(m, new Provider("groq", Api.CHAT_COMPLETIONS, "https://api.groq.com/openai/v1",
                List.of("GROQ_API_KEY"), "GROQ_BASE_URL", true, false));
        add(m, new Provider("openrouter", Api.CHAT_COMPLETIONS, "https://openrouter.ai/api/v1",
                List.of("OPENROUTER_API_KEY"), "OPENROUTER_BASE_URL", true, false));
        add(m, new Provider("together", Api.CHAT_COMPLETIONS, "https://api.together.xyz/v1",
                List.of("TOGETHER_API_KEY"), "TOGETHER_BASE_URL", true, false));
        add(m, new Provider("deepseek", Api.CHAT_COMPLETIONS, "https://api.deepseek.com/v1",
                List.of("DEEPSEEK_API_KEY"), "DEEPSEEK_BASE_URL", true, false));
        add(m, new Provider("xai", Api.CHAT_COMPLETIONS, "https://api.x.ai/v1",
                List.of("XAI_API_KEY"), "XAI_BASE_URL", true, false));
        add(m, new Provider(OPENAI_COMPATIBLE, Api.CHAT_COMPLETIONS, null,
                List.of("OPENAI_COMPATIBLE_API_KEY"), "OPENAI_COMPATIBLE_BASE_URL", false, false));
        KNOWN = Collections.unmodifiableMap(m);
    }

    /** Checks and copies. */
    public Provider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(api, "api");
        apiKeyVariables = List.copyOf(apiKeyVariables);
    }

    private static void add(Map<String, Provider> m, Provider p) {
        m.put(p.id, p);
    }

    /**
     * @param id a provider id, case-insensitive; {@code azure} and {@code openai_compatible}
     *     style spellings are accepted
     * @return the provider, if the catalogue knows it
     */
    public static Optional<Provider> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String key = id.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (key.equals("azure")) {
            key = "azure-openai";
        } else if (key.equals("lm-studio")) {
            key = "lmstudio";
        } else if (key.equals("google")) {
            key = "gemini";
        }
        return Optional.ofNullable(KNOWN.get(key));
    }

    /** @return every provider of the catalogue, in the order of the table above */
    public static Collection<Provider> known() {
        return KNOWN.values();
    }
}
