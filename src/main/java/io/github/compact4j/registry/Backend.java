package io.github.compact4j.registry;

import io.github.compact4j.internal.Secrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model endpoint an agent talks to: provider, model, base URL, credentials. The
 * {@link BackendRegistry} picks the compaction strategy for it.
 *
 * <pre>{@code
 * Backend claude = Backend.builder()
 *         .provider("anthropic")
 *         .model("claude-sonnet-4-5")
 *         .build();                    // key from ANTHROPIC_API_KEY, default base URL
 * Backend local = Backend.builder()
 *         .provider("ollama").model("qwen2.5-coder:14b").build();
 * }</pre>
 *
 * <p>When no base URL or API key is given, {@link Builder#build()} takes them from the
 * provider's environment variables (see {@link Provider}), then from the provider's default base
 * URL. The key never appears in {@link #toString()}, logs or exception messages.
 */
public final class Backend {

    private final Provider provider;
    private final String model;
    private final String baseUrl;
    private final String apiKey;
    private final Map<String, String> headers;
    private final String summaryModel;

    private Backend(Builder b, Provider provider, String baseUrl, String apiKey) {
        this.provider = provider;
        this.model = b.model;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.summaryModel = b.summaryModel;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a backend from properties under a prefix; the API key is best left to the provider's
     * environment variable:
     * <pre>
     * agents.reviewer.provider=anthropic
     * agents.reviewer.model=claude-sonnet-4-5
     * agents.reviewer.base-url=https://api.anthropic.com        (optional)
     * agents.reviewer.summary-model=claude-haiku-4-5             (optional)
     * agents.reviewer.header.anthropic-beta=...                 (optional, any number)
     * </pre>
     *
     * @param properties the properties
     * @param prefix e.g. {@code "agents.reviewer"}
     * @return the backend
     * @throws IllegalArgumentException naming the key, when one is missing or wrong
     */
    public static Backend fromProperties(java.util.Properties properties, String prefix) {
        String p = prefix.endsWith(".") ? prefix : prefix + ".";
        String provider = properties.getProperty(p + "provider");
        String model = properties.getProperty(p + "model");
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException(p + "provider is missing");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(p + "model is missing");
        }
        try {
            Builder b = builder().provider(provider).model(model)
                    .baseUrl(properties.getProperty(p + "base-url")).apiKey(properties.getProperty(p + "api-key"))
                    .summaryModel(properties.getProperty(p + "summary-model"));
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith(p + "header.")) {
                    b.header(name.substring((p + "header.").length()), properties.getProperty(name));
                }
            }
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(p + "*: " + e.getMessage(), e);
        }
    }

    /** @return a builder holding this backend's values */
    public Builder toBuilder() {
        Builder b = new Builder().provider(provider).model(model).baseUrl(baseUrl).apiKey(apiKey)
                .summaryModel(summaryModel);
        b.headers.putAll(headers);
        return b;
    }

    /** @return the provider id, e.g. {@code "anthropic"} */
    public String provider() {
        return provider.id();
    }

    /** @return the provider's catalogue entry */
    public Provider providerInfo() {
        return provider;
    }

    /** @return the model the agent runs on */
    public String model() {
        return model;
    }

    /** @return the base URL, without a trailing slash */
    public String baseUrl() {
        return baseUrl;
    }

    /** @return the API key, when one is set; never log it */
    public Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** @return extra headers sent on every call, unmodifiable */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the model that writes summaries for this backend; the backend's own model by default */
    public String summaryModel() {
        return summaryModel != null ? summaryModel : model;
    }

    /** @return a short name for logs, {@code provider/model} */
    public String id() {
        return provider.id() + "/" + model;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backend b && provider.equals(b.provider) && model.equals(b.model)
                && baseUrl.equals(b.baseUrl) && Objects.equals(apiKey, b.apiKey) && headers.equals(b.headers)
                && Objects.equals(summaryModel, b.summaryModel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider.id(), model, baseUrl);
    }

    /** Shows everything but the key (and header values, which may hold credentials). */
    @Override
    public String toString() {
        return "Backend{provider=" + provider.id() + ", model=" + model + ", baseUrl=" + baseUrl
                + ", apiKey=" + Secrets.mask(apiKey) + ", headers=" + headers.keySet() + "}";
    }

    /**
     * The registry's cache key for this backend: everything that makes its compactor differ, with
     * the key and header values only as a fingerprint, so the cache never holds a credential.
     */
    Object cacheKey() {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        sha.update(String.valueOf(apiKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        headers.forEach((k, v) -> {
            sha.update((byte) 0);
            sha.update((k + "=" + v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        return List.of(provider, model, baseUrl, String.valueOf(summaryModel), List.copyOf(headers.keySet()),
                java.util.HexFormat.of().formatHex(sha.digest()));
    }

    /**
     * Builds a {@link Backend}. An unknown provider or a malformed base URL throws
     * {@link IllegalArgumentException} in its setter; a missing provider, model or base URL throws
     * {@link IllegalStateException} at {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private Provider provider;
        private String model;
        private String baseUrl;
        private String apiKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String summaryModel;
        private Map<String, String> environment;

        private Builder() {}

        /**
         * @param provider a provider id from {@link Provider#known()}, case-insensitive
         * @return this
         * @throws IllegalArgumentException when the catalogue does not know it
         */
        public Builder provider(String provider) {
            Objects.requireNonNull(provider, "provider");
            this.provider = Provider.of(provider).orElseThrow(() -> new IllegalArgumentException("unknown provider '"
                    + provider + "'; use one of " + ids() + ", or '" + Provider.OPENAI_COMPATIBLE
                    + "' with a baseUrl for any other OpenAI-compatible server"));
            return this;
        }

        /**
         * @param provider a provider of your own ({@link Provider#builder(String)}) or of the catalogue
         * @return this
         */
        public Builder provider(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * @param model the model the agent runs on
         * @return this
         * @throws IllegalArgumentException when blank
         */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            this.model = model.strip();
            return this;
        }

        /**
         * @param baseUrl the API base URL, e.g. {@code https://api.openai.com/v1}; null to read the
         *     provider's variable or take its default
         * @return this
         * @throws IllegalArgumentException when it does not start with http:// or https://
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl == null ? null : checkUrl(baseUrl);
            return this;
        }

        /**
         * @param apiKey the API key; null to read the provider's variable
         * @return this
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return this;
        }

        /**
         * @param name a header sent on every call (e.g. OpenRouter's {@code HTTP-Referer})
         * @param value its value
         * @return this
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param model the model that writes summaries, when it should differ from the agent's
         *     (a cheaper one, say); null for the agent's own
         * @return this
         */
        public Builder summaryModel(String model) {
            this.summaryModel = model == null || model.isBlank() ? null : model.strip();
            return this;
        }

        /**
         * @param environment where to read API keys and base URLs from instead of
         *     {@link System#getenv()}, e.g. in tests
         * @return this
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * @return the backend
         * @throws IllegalStateException when the provider or model is missing, or no base URL can
         *     be found
         */
        public Backend build() {
            if (provider == null) {
                throw new IllegalStateException("provider is required, one of " + ids());
            }
            Provider p = provider;
            if (model == null) {
                throw new IllegalStateException("model is required for backend " + p.id());
            }
            Map<String, String> env = environment != null ? environment : System.getenv();
            String url = baseUrl;
            if (url == null && p.baseUrlVariable() != null) {
                String fromEnv = blankToNull(env.get(p.baseUrlVariable()));
                url = fromEnv == null ? null : checkUrl(fromEnv);
            }
            if (url == null) {
                url = p.defaultBaseUrl();
            }
            if (url == null) {
                throw new IllegalStateException("backend " + p.id() + " needs a baseUrl"
                        + (p.baseUrlVariable() != null ? " (or " + p.baseUrlVariable() + " in the environment)" : "")
                        + (p.baseUrlHint() != null ? ", e.g. " + p.baseUrlHint() : ""));
            }
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            String key = apiKey;
            if (key == null) {
                for (String var : p.apiKeyVariables()) {
                    key = blankToNull(env.get(var));
                    if (key != null) {
                        break;
                    }
                }
            }
            return new Backend(this, p, url, key);
        }

        private static String checkUrl(String url) {
            String u = url.strip();
            String lower = u.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
                throw new IllegalArgumentException("baseUrl must start with http:// or https://, got '"
                        + Secrets.scrubShapes(u) + "'");
            }
            return u;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }

        private static String ids() {
            StringBuilder sb = new StringBuilder();
            for (Provider p : Provider.known()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(p.id());
            }
            return sb.toString();
        }
    }
}
