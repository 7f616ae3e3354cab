package io.github.compact4j.opentelemetry;

import java.util.Map;

/**
 * compact4j's provider ids as the GenAI semantic conventions' {@code gen_ai.provider.name} values.
 * A provider the conventions name gets their value ({@code azure-openai} is {@code azure.ai.openai},
 * {@code xai} is {@code x_ai}); any other keeps its compact4j id, as the conventions allow.
 */
final class ProviderNames {

    private static final Map<String, String> WELL_KNOWN = Map.of(
            "openai", "openai",
            "azure-openai", "azure.ai.openai",
            "anthropic", "anthropic",
            "gemini", "gcp.gemini",
            "groq", "groq",
            "deepseek", "deepseek",
            "xai", "x_ai",
            "mistral", "mistral_ai");

    private ProviderNames() {}

    /**
     * @param backend the call's {@code backend} attribute (the registry sets it), or null
     * @param compactor the compactor called, for a native client used on its own
     * @return the {@code gen_ai.provider.name} value, or null when the call names no provider
     *     (masking, or a compactor of the app's own without a {@code backend} attribute)
     */
    static String of(String backend, String compactor) {
        if (backend != null && !backend.isBlank()) {
            return WELL_KNOWN.getOrDefault(backend, backend);
        }
        if ("openai-compact".equals(compactor)) {
            return "openai";
        }
        if ("anthropic-compact".equals(compactor)) {
            return "anthropic";
        }
        return null;
    }
}
