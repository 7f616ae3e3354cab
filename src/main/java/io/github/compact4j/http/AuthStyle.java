package io.github.compact4j.http;

import java.util.Locale;
import java.util.Objects;

/**
 * How an HTTP client sends its API key. Each client has a default (OpenAI and every
 * OpenAI-compatible server {@link #BEARER}, Azure OpenAI hosts {@link #AZURE_API_KEY}, Anthropic
 * {@link #X_API_KEY}); {@link ClientOptions.Builder#authStyle(AuthStyle)} overrides it, for a
 * gateway that wants the key another way.
 */
public enum AuthStyle {
    /** {@code Authorization: Bearer <key>}: OpenAI and OpenAI-compatible servers. */
    BEARER("Authorization"),
    /** {@code api-key: <key>}: Azure OpenAI. */
    AZURE_API_KEY("api-key"),
    /** {@code x-api-key: <key>}: Anthropic. */
    X_API_KEY("x-api-key"),
    /** No key is sent: local servers such as Ollama or vLLM. */
    NONE(null);

    private final String header;

    AuthStyle(String header) {
        this.header = header;
    }

    /** @return the header that carries the key, or null for {@link #NONE} */
    public String headerName() {
        return header;
    }

    /**
     * @param apiKey the key
     * @return the header's value for it
     * @throws IllegalStateException for {@link #NONE}, which sends no header
     */
    public String headerValue(String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        return switch (this) {
            case BEARER -> "Bearer " + apiKey;
            case AZURE_API_KEY, X_API_KEY -> apiKey;
            case NONE -> throw new IllegalStateException("AuthStyle.NONE sends no key");
        };
    }

    /** @return a short name for descriptions: {@code bearer}, {@code api-key}, {@code x-api-key} or {@code none} */
    public String display() {
        return this == BEARER ? "bearer" : this == NONE ? "none" : header.toLowerCase(Locale.ROOT);
    }
}
