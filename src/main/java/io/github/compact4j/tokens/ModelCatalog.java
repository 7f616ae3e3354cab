package io.github.compact4j.tokens;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Context windows, output limits and token encodings of the models agent apps use: OpenAI,
 * Anthropic, Gemini and the common open-weight models. Immutable and thread-safe;
 * {@link #defaults()} is the built-in catalogue, and {@link #builder()} makes a catalogue with
 * the user's own entries.
 *
 * <h2>How a name is matched</h2>
 * Names are matched without regard to case, {@code _} versus {@code -}, or a hyphen between a
 * family name and its version ({@code llama3.3} is {@code llama-3.3}). A name is first looked up
 * as given; then a provider or route prefix is dropped ({@code openai/gpt-4o},
 * {@code meta-llama/Llama-3.3-70B-Instruct}, {@code us.anthropic.claude-...}), as is a tag
 * or version suffix after {@code :} or {@code @} ({@code qwen2.5-coder:32b},
 * {@code claude-sonnet-4-5@20250929}); then the longest entry the name starts with, at a
 * {@code -} or {@code .} boundary, wins: {@code gpt-5.1-codex-max} finds {@code gpt-5.1},
 * {@code claude-sonnet-4-5-20250929} finds {@code claude-sonnet-4-5}, and
 * {@code gpt-4o-2024-08-06} finds {@code gpt-4o}. Each family has a short entry
 * ({@code claude}, {@code gemini}, {@code llama}, ...) with conservative figures (the smallest
 * among the family's current models), so a model newer than this catalogue gets a window that
 * is too small rather than too large.
 *
 * <h2>Unknown models</h2>
 * A name that matches nothing gets {@link #unknownModel()}: in the defaults a 128,000-token
 * window, 16,384 output tokens, {@code o200k_base}, provider {@code unknown}. Use
 * {@link #find(String)} to tell a known model from an unknown one.
 *
 * <h2>Overrides</h2>
 * <pre>{@code
 * ModelCatalog catalog = ModelCatalog.builder()
 *     .from(ModelCatalog.defaults())
 *     .put("my-finetune", ModelInfo.of("openai", 64_000, 4_096))
 *     .put("llama-3.3", ModelInfo.of("meta", 32_768, 4_096))   // what my server allows
 *     .build();
 * int window = catalog.lookup("ft:my-finetune:acme:2025").contextWindow();
 * }</pre>
 * or from properties, {@code <model>.<field>=<value>} with the fields {@code context-window},
 * {@code max-output-tokens}, {@code encoding} ({@code o200k_base}, {@code cl100k_base}) and
 * {@code provider}; a field left out keeps what the catalogue already says for that name, and
 * the model {@code *} sets the figures for unknown models:
 * <pre>
 * my-finetune.context-window=64000
 * my-finetune.max-output-tokens=4096
 * llama-3.3.context-window=32768
 * *.context-window=32000
 * </pre>
 */
public final class ModelCatalog {

    /** The property-file name that stands for "any model the catalogue does not know". */
    public static final String UNKNOWN_MODEL_KEY = "*";

    private static final ModelCatalog DEFAULTS = buildDefaults();

    private final Map<String, ModelInfo> entries;
    private final ModelInfo unknown;

    private ModelCatalog(Builder b) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(b.entries));
        this.unknown = b.unknown;
    }

    /** @return the built-in catalogue */
    public static ModelCatalog defaults() {
        return DEFAULTS;
    }

    /** @return an empty builder; call {@link Builder#from(ModelCatalog)} to start from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this catalogue's entries, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder().from(this);
    }

    /**
     * @param model a model name as the app sends it to its backend
     * @return the matching entry, or {@link #unknownModel()} when nothing matches; never null
     */
    public ModelInfo lookup(String model) {
        return find(model).orElse(unknown);
    }

    /**
     * @param model a model name as the app sends it to its backend
     * @return the matching entry, empty when the catalogue does not know the model
     */
    public Optional<ModelInfo> find(String model) {
        return Optional.ofNullable(match(entries, model));
    }

    /**
     * @param model a model name
     * @return the shared counter with the encoding the model's entry names
     */
    public TokenCounter counterFor(String model) {
        return lookup(model).tokenCounter();
    }

    /** @return what {@link #lookup(String)} answers for a model the catalogue does not know */
    public ModelInfo unknownModel() {
        return unknown;
    }

    /**
     * @return every entry, keyed by its normalised name (lower case, {@code -} for {@code _}, a
     *     hyphen between a family name and its version), in the order they were added; unmodifiable
     */
    public Map<String, ModelInfo> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "ModelCatalog{" + entries.size() + " entries, unknown=" + unknown + "}";
    }

    static ModelInfo match(Map<String, ModelInfo> entries, String model) {
        if (model == null || model.isBlank()) {
            return null;
        }
        String lower = model.trim().toLowerCase(Locale.ROOT);
        ModelInfo exact = entries.get(normalize(lower));
        if (exact != null) {
            return exact;
        }
        for (String c = normalize(strip(lower)); !c.isEmpty(); c = shorter(c)) {
            ModelInfo m = entries.get(c);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /**
     * Lower case, {@code -} for {@code _} and whitespace, and a hyphen between a letter and the
     * digit after it, so {@code Llama3.3}, {@code llama_3.3} and {@code llama-3.3} are one name.
     */
    static String normalize(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' || Character.isWhitespace(c)) {
                c = '-';
            }
            if (i > 0 && isDigit(c) && isLetter(s.charAt(i - 1))) {
                sb.append('-');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Drops routing prefixes and tag suffixes that say where a model runs, not what it is. */
    private static String strip(String lower) {
        String s = lower.substring(lower.lastIndexOf('/') + 1);
        if (s.startsWith("ft:")) {
            s = s.substring(3);   // OpenAI fine-tunes: "ft:gpt-4o-mini-2024-07-18:org::id"
        }
        int cut = indexOfAny(s, ':', '@');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        // Bedrock ids: "us.anthropic.claude-...", "meta.llama3-1-...", "mistral.mistral-large-..."
        int dot;
        while ((dot = s.indexOf('.')) > 0 && allLetters(s, dot)) {
            s = s.substring(dot + 1);
        }
        return s;
    }

    private static String shorter(String c) {
        int cut = Math.max(c.lastIndexOf('-'), c.lastIndexOf('.'));
        return cut <= 0 ? "" : c.substring(0, cut);
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean allLetters(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (!isLetter(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Builds a {@link ModelCatalog}. Later entries under the same name replace earlier ones. */
    public static final class Builder {
        private final Map<String, ModelInfo> entries = new LinkedHashMap<>();
        private ModelInfo unknown = ModelInfo.builder()
                .contextWindow(128_000).maxOutputTokens(16_384).provider("unknown").build();

        private Builder() {}

        /**
         * Copies every entry of a catalogue, and its figures for unknown models.
         *
         * @param catalog the catalogue to start from, usually {@link ModelCatalog#defaults()}
         * @return this builder
         */
        public Builder from(ModelCatalog catalog) {
            entries.putAll(catalog.entries);
            unknown = catalog.unknown;
            return this;
        }

        /**
         * Adds or replaces one entry. The name also matches longer names that start with it:
         * {@code put("acme-coder", ...)} answers for {@code acme-coder-v2:7b} too.
         *
         * @param model the model name
         * @param info what to answer for it
         * @return this builder
         */
        public Builder put(String model, ModelInfo info) {
            Objects.requireNonNull(info, "info");
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model name must not be blank");
            }
            entries.put(normalize(model), info);
            return this;
        }

        /**
         * @param model a model name
         * @return this builder, without the entry of exactly that name (names it merely
         *     prefix-matches are kept)
         */
        public Builder remove(String model) {
            if (model != null) {
                entries.remove(normalize(model));
            }
            return this;
        }

        /**
         * @param info what to answer for a model the catalogue does not know
         * @return this builder
         */
        public Builder unknownModel(ModelInfo info) {
            this.unknown = Objects.requireNonNull(info, "info");
            return this;
        }

        /**
         * Applies overrides written as {@code <model>.<field>=<value>} (see {@link ModelCatalog}).
         * A field left out keeps what this builder already answers for that name.
         *
         * @param properties the overrides
         * @return this builder
         * @throws IllegalArgumentException naming the property when a key has no known field or
         *     a value is not valid
         */
        public Builder properties(Properties properties) {
            Map<String, Map<String, String>> byModel = new TreeMap<>();
            for (String key : properties.stringPropertyNames()) {
                String field = null;
                for (String f : FIELDS) {
                    if (key.endsWith("." + f) && key.length() > f.length() + 1) {
                        field = f;
                        break;
                    }
                }
                if (field == null) {
                    throw new IllegalArgumentException("model catalogue property '" + key
                            + "': expected <model>." + String.join("|", FIELDS));
                }
                String model = key.substring(0, key.length() - field.length() - 1);
                byModel.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(field, properties.getProperty(key).trim());
            }
            for (Map.Entry<String, Map<String, String>> e : byModel.entrySet()) {
                String model = e.getKey();
                boolean isUnknown = UNKNOWN_MODEL_KEY.equals(model.trim());
                ModelInfo base = isUnknown ? unknown : Optional.ofNullable(match(entries, model)).orElse(unknown);
                ModelInfo.Builder b = base.toBuilder();
                for (Map.Entry<String, String> f : e.getValue().entrySet()) {
                    String prop = model + "." + f.getKey();
                    String v = f.getValue();
                    switch (f.getKey()) {
                        case "context-window" -> b.contextWindow(parseTokens(prop, v));
                        case "max-output-tokens" -> b.maxOutputTokens(parseTokens(prop, v));
                        case "encoding" -> b.encoding(TokenEncoding.fromName(v).orElseThrow(() ->
                                new IllegalArgumentException("model catalogue property '" + prop + "': unknown encoding '"
                                        + v + "'; expected o200k_base or cl100k_base")));
                        default -> b.provider(v);
                    }
                }
                ModelInfo info;
                try {
                    info = b.build();
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("model catalogue entry '" + model + "': " + ex.getMessage(), ex);
                }
                if (isUnknown) {
                    unknown = info;
                } else {
                    put(model, info);
                }
            }
            return this;
        }

        /**
         * Reads overrides from a properties file (UTF-8); see {@link #properties(Properties)}.
         *
         * @param file the file
         * @return this builder
         * @throws UncheckedIOException when the file cannot be read
         */
        public Builder load(Path file) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model catalogue overrides in " + file, e);
            }
            return properties(p);
        }

        /** @return the catalogue */
        public ModelCatalog build() {
            return new ModelCatalog(this);
        }

        private static final String[] FIELDS = {"context-window", "max-output-tokens", "encoding", "provider"};

        private static int parseTokens(String prop, String v) {
            try {
                return Integer.parseInt(v.replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model catalogue property '" + prop + "': '" + v
                        + "' is not a whole number of tokens", e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // The built-in entries. Figures are the providers' published ones; the comment above each
    // group says where they come from. Keep family entries ("claude", "llama", ...) at the
    // smallest figures of the family's current models: they answer for models newer than this table.

    private static ModelCatalog buildDefaults() {
        Builder b = builder();
        TokenEncoding cl100k = TokenEncoding.CL100K_BASE;

        // OpenAI: the model pages of OpenAI's API documentation (context window, max output tokens).
        String oa = "openai";
        add(b, oa, 400_000, 128_000, "gpt-5", "gpt-5.1", "gpt-5.2");
        add(b, oa, 400_000, 272_000, "gpt-5-pro");
        add(b, oa, 128_000, 16_384, "gpt-5-chat", "gpt-5.1-chat", "gpt-5.2-chat");
        add(b, oa, 1_047_576, 32_768, "gpt-4.1");
        add(b, oa, 128_000, 16_384, "gpt-4.5", "gpt-4o", "chatgpt-4o");
        add(b, oa, 128_000, 4_096, "gpt-4o-2024-05-13");
        add(b, oa, 200_000, 100_000, "o1", "o3", "o4-mini", "codex-mini");
        add(b, oa, 128_000, 65_536, "o1-mini");
        add(b, oa, 128_000, 32_768, "o1-preview");
        add(b, oa, 131_072, 131_072, "gpt-oss");
        addEncoded(b, oa, cl100k, 8_192, 8_192, "gpt-4");
        addEncoded(b, oa, cl100k, 128_000, 4_096, "gpt-4-turbo", "gpt-4-1106", "gpt-4-0125", "gpt-4-vision");
        addEncoded(b, oa, cl100k, 16_385, 4_096, "gpt-3.5", "gpt-3.5-turbo");
        addEncoded(b, oa, cl100k, 4_096, 4_096, "gpt-3.5-turbo-instruct");

        // Anthropic: Anthropic's models overview and per-model pages. The 1M-token beta of
        // Sonnet 4 / 4.5 needs a request header, so their entries keep the standard 200k.
        claude(b, 200_000, 8_192, "claude");
        claude(b, 200_000, 4_096, "claude-3-haiku", "claude-3-sonnet", "claude-3-opus");
        claude(b, 200_000, 8_192, "claude-3-5-sonnet", "claude-3-5-haiku");
        claude(b, 200_000, 64_000, "claude-3-7-sonnet", "claude-sonnet-4", "claude-sonnet-4-5",
                "claude-haiku-4-5", "claude-opus-4-5");
        claude(b, 200_000, 32_000, "claude-opus-4", "claude-opus-4-1");
        claude(b, 1_000_000, 128_000, "claude-opus-4-6", "claude-opus-4-7");
        claude(b, 1_000_000, 64_000, "claude-sonnet-4-6");

        // Google Gemini: the Gemini API and Vertex AI model pages (input token limit, output
        // token limit); the input limit is recorded as the window.
        String go = "google";
        add(b, go, 1_048_576, 8_192, "gemini", "gemini-1.5", "gemini-1.5-flash", "gemini-2.0", "gemini-2.0-flash");
        add(b, go, 2_097_152, 8_192, "gemini-1.5-pro");
        add(b, go, 1_048_576, 65_536, "gemini-2.5", "gemini-3");

        // Open-weight models: the publishers' model cards (context length; max_position_embeddings
        // in the released config). Most publish no output limit: the serving stack sets it, so
        // those entries say 0. Hosted endpoints often serve a shorter window than the card:
        // override the entry with what your server allows.
        String meta = "meta";
        add(b, meta, 4_096, 0, "llama", "llama-2");
        add(b, meta, 16_384, 0, "codellama");
        add(b, meta, 8_192, 0, "llama-3", "meta-llama-3");
        add(b, meta, 131_072, 0, "llama-3.1", "llama-3.2", "llama-3.3", "llama-3-1", "llama-3-2", "llama-3-3",
                "meta-llama-3.1", "meta-llama-3.2", "meta-llama-3.3");
        add(b, meta, 10_000_000, 0, "llama-4-scout");
        add(b, meta, 1_000_000, 0, "llama-4-maverick", "llama-4");

        // Qwen: model cards. Qwen2.5 and Qwen3 run 32,768 tokens natively and reach 131,072 only
        // when the server enables YaRN rope scaling, so the native figure is the default.
        String qw = "qwen";
        add(b, qw, 32_768, 8_192, "qwen", "qwen2", "qwen2.5", "qwen2.5-coder", "qwq");
        add(b, qw, 32_768, 0, "qwen3");
        add(b, qw, 262_144, 0, "qwen3-coder");

        // DeepSeek: the DeepSeek API's models and pricing page (API names) and model cards (weights).
        String ds = "deepseek";
        add(b, ds, 64_000, 0, "deepseek");
        add(b, ds, 128_000, 8_192, "deepseek-chat");
        add(b, ds, 128_000, 65_536, "deepseek-reasoner");
        add(b, ds, 128_000, 0, "deepseek-v3", "deepseek-r1", "deepseek-coder-v2");
        add(b, ds, 16_384, 0, "deepseek-coder");

        // Mistral: Mistral's model documentation and model cards.
        String mi = "mistral";
        add(b, mi, 32_768, 0, "mistral", "mistral-7b", "open-mistral-7b", "mixtral", "mixtral-8x7b",
                "open-mixtral-8x7b", "mistral-small-2501", "mistral-small-24b-instruct-2501", "codestral-22b");
        add(b, mi, 65_536, 0, "mixtral-8x22b", "open-mixtral-8x22b");
        add(b, mi, 131_072, 0, "mistral-large", "mistral-medium", "mistral-small", "mistral-nemo",
                "open-mistral-nemo", "ministral", "pixtral", "devstral");
        add(b, mi, 262_144, 0, "codestral", "codestral-mamba", "open-codestral-mamba");

        // Gemma (Google) and Phi (Microsoft): model cards.
        add(b, go, 8_192, 0, "gemma", "gemma-2");
        add(b, go, 131_072, 0, "gemma-3");
        add(b, go, 32_768, 0, "gemma-3-1b", "gemma-3n");
        String ms = "microsoft";
        add(b, ms, 4_096, 0, "phi", "phi-3", "phi-3-mini-4k", "phi-3-medium-4k");
        add(b, ms, 8_192, 0, "phi-3-small-8k");
        add(b, ms, 131_072, 0, "phi-3-mini-128k", "phi-3-small-128k", "phi-3-medium-128k", "phi-3.5",
                "phi-4-mini", "phi-4-multimodal");
        add(b, ms, 16_384, 0, "phi-4");
        add(b, ms, 32_768, 0, "phi-4-reasoning");
        return b.build();
    }

    private static void add(Builder b, String provider, int window, int maxOut, String... names) {
        addEncoded(b, provider, TokenEncoding.O200K_BASE, window, maxOut, names);
    }

    private static void addEncoded(Builder b, String provider, TokenEncoding enc, int window, int maxOut,
            String... names) {
        ModelInfo info = ModelInfo.builder().provider(provider).contextWindow(window).maxOutputTokens(maxOut)
                .encoding(enc).build();
        for (String n : names) {
            b.put(n, info);
        }
    }

    /** Claude names also circulate with a dot for the version ("claude-3.5-sonnet", "claude-sonnet-4.5"). */
    private static void claude(Builder b, int window, int maxOut, String... names) {
        for (String n : names) {
            add(b, "anthropic", window, maxOut, n);
            String dotted = n.replaceAll("(\\d)-(\\d)", "$1.$2");
            if (!dotted.equals(n)) {
                add(b, "anthropic", window, maxOut, dotted);
            }
        }
    }
}
