package io.github.compact4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import io.github.compact4j.internal.TraceIds;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * What to compact: the conversation, the model it runs on, what the compaction should aim at, and
 * the context that identifies the call in logs. Immutable; the item list is copied, so later
 * changes to the caller's list do not reach the request, and nothing the library does reaches the
 * caller's list.
 *
 * <pre>{@code
 * CompactionRequest request = CompactionRequest.builder()
 *         .model("gpt-5.1-codex-max")
 *         .items(items)
 *         .instructions("You are a coding agent.")
 *         .attribute("agent_id", "agent_a")        // logged as compact4j.agent_id
 *         .targetTokens(60_000)                    // aim: get the conversation under this
 *         .build();
 * }</pre>
 *
 * <p><b>Target and minimum saving.</b> {@link #targetTokens()} is what a strategy aims at when it
 * can choose how much to compact (masking masks oldest-first until the conversation is under it;
 * summarizing sizes its verbatim tail from it). {@link #minSavingRatio()} is the one rule that
 * decides whether a compaction is worth applying: {@link #worthApplying(int, int)}. Every strategy
 * of the library and {@code ManagedConversation} ask it, so lowering it in one place lowers it
 * everywhere. {@code ManagedConversation} fills both in from its {@code CompactionPolicy}.
 */
public final class CompactionRequest {

    /** The default of {@link Builder#minSavingRatio(double)}: a compaction must save 10% of the tokens. */
    public static final double DEFAULT_MIN_SAVING_RATIO = 0.10;

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String model;
    private final List<Item> items;
    private final String instructions;
    private final Map<String, String> attributes;
    private final String traceId;
    private final String previousResponseId;
    private final String promptCacheKey;
    private final String serviceTier;
    private final String tools;
    private final int targetTokens;
    private final double minSavingRatio;
    private final int minSavingTokens;

    private CompactionRequest(Builder b) {
        this.model = b.model;
        this.items = List.copyOf(b.items);
        this.instructions = b.instructions;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.traceId = b.traceId;
        this.previousResponseId = b.previousResponseId;
        this.promptCacheKey = b.promptCacheKey;
        this.serviceTier = b.serviceTier;
        this.tools = b.tools;
        this.targetTokens = b.targetTokens;
        this.minSavingRatio = b.minSavingRatio;
        this.minSavingTokens = b.minSavingTokens;
    }

    /** @return a new builder; {@link Builder#model(String)} and {@link Builder#items(List)} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this request's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.items = items;
        b.instructions = instructions;
        b.attributes.putAll(attributes);
        b.traceId = traceId;
        b.previousResponseId = previousResponseId;
        b.promptCacheKey = promptCacheKey;
        b.serviceTier = serviceTier;
        b.tools = tools;
        b.targetTokens = targetTokens;
        b.minSavingRatio = minSavingRatio;
        b.minSavingTokens = minSavingTokens;
        return b;
    }

    /**
     * @param newItems the items to use instead
     * @return a copy of this request with other items
     */
    public CompactionRequest withItems(List<? extends Item> newItems) {
        return toBuilder().items(newItems).build();
    }

    /** @return the model the conversation runs on */
    public String model() {
        return model;
    }

    /** @return the conversation, unmodifiable */
    public List<Item> items() {
        return items;
    }

    /** @return the system or developer instructions the conversation runs with */
    public Optional<String> instructions() {
        return Optional.ofNullable(instructions);
    }

    /** @return attributes that identify the call, in insertion order, unmodifiable */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return the caller's trace id, when given */
    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** @return OpenAI's {@code previous_response_id}, for native compaction of a stored response */
    public Optional<String> previousResponseId() {
        return Optional.ofNullable(previousResponseId);
    }

    /** @return OpenAI's {@code prompt_cache_key} */
    public Optional<String> promptCacheKey() {
        return Optional.ofNullable(promptCacheKey);
    }

    /** @return OpenAI's {@code service_tier} */
    public Optional<String> serviceTier() {
        return Optional.ofNullable(serviceTier);
    }

    /**
     * @return the app's tool definitions as the JSON array it gave, unchanged, for strategies that
     *     send real messages to an API that needs them (Anthropic's compaction refuses
     *     {@code tool_use} blocks without them); never logged unless bodies are
     */
    public Optional<String> tools() {
        return Optional.ofNullable(tools);
    }

    /** @return the token count the compaction should bring the conversation to, when set */
    public OptionalInt targetTokens() {
        return targetTokens > 0 ? OptionalInt.of(targetTokens) : OptionalInt.empty();
    }

    /** @return the least share of tokens a compaction must save to be applied, 0.0 to 1.0 */
    public double minSavingRatio() {
        return minSavingRatio;
    }

    /** @return the least number of tokens a compaction must save to be applied; 0 by default */
    public int minSavingTokens() {
        return minSavingTokens;
    }

    /**
     * The one minimum-saving rule: a compaction is worth applying when it saves at least
     * {@link #minSavingRatio()} of the tokens, at least {@link #minSavingTokens()}, and at least
     * one token.
     *
     * @param tokensBefore the conversation's tokens before
     * @param tokensAfter its tokens after
     * @return whether a result with these figures should replace the conversation
     */
    public boolean worthApplying(int tokensBefore, int tokensAfter) {
        return tokensBefore - tokensAfter >= minimumSaving(tokensBefore);
    }

    /**
     * @param tokensBefore the conversation's tokens
     * @return the fewest tokens a compaction of it must save, at least 1
     */
    public int minimumSaving(int tokensBefore) {
        return Math.max(Math.max(1, minSavingTokens), (int) Math.ceil(minSavingRatio * tokensBefore));
    }

    /** Names the call, never its content: conversation content is logged only when asked. */
    @Override
    public String toString() {
        return "CompactionRequest{model=" + model + ", items=" + items.size()
                + (traceId != null ? ", traceId=" + traceId : "")
                + (attributes.isEmpty() ? "" : ", attributes=" + attributes)
                + (instructions != null ? ", instructionsChars=" + instructions.length() : "")
                + (tools != null ? ", toolsChars=" + tools.length() : "")
                + (targetTokens > 0 ? ", targetTokens=" + targetTokens : "") + "}";
    }

    /**
     * Builds a {@link CompactionRequest}. A null required argument throws
     * {@link NullPointerException}, a bad value {@link IllegalArgumentException} at once, and a
     * missing model or item list {@link IllegalStateException} at {@link #build()}. Not
     * thread-safe.
     */
    public static final class Builder {
        private String model;
        private List<? extends Item> items;
        private String instructions;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String traceId;
        private String previousResponseId;
        private String promptCacheKey;
        private String serviceTier;
        private String tools;
        private int targetTokens;
        private double minSavingRatio = DEFAULT_MIN_SAVING_RATIO;
        private int minSavingTokens;

        private Builder() {}

        /**
         * @param model the model the conversation runs on, e.g. {@code "gpt-5.1-codex-max"}
         * @return this
         * @throws IllegalArgumentException when it is blank
         */
        public Builder model(String model) {
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank: the model the conversation runs on,"
                        + " e.g. \"gpt-5.1\"");
            }
            this.model = model;
            return this;
        }

        /**
         * @param items the conversation (an empty list is allowed); copied at {@link #build()}
         * @return this
         * @throws InvalidConversationException when an item is null, naming its index
         */
        public Builder items(List<? extends Item> items) {
            Objects.requireNonNull(items, "items");
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) == null) {
                    throw new InvalidConversationException(i, null, "the item is null");
                }
            }
            this.items = items;
            return this;
        }

        /**
         * @param instructions the system or developer instructions, or null
         * @return this
         */
        public Builder instructions(String instructions) {
            this.instructions = instructions;
            return this;
        }

        /**
         * Adds an attribute that identifies the call; it appears in the MDC as
         * {@code compact4j.<name>} on every log line of the call.
         *
         * @param name letters, digits, {@code _ . -}, at most 64 characters, e.g. {@code agent_id}
         * @param value the value; null removes the attribute
         * @return this
         * @throws IllegalArgumentException when the name is not of that form
         */
        public Builder attribute(String name, String value) {
            checkAttributeName(name);
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        /**
         * Checks an attribute name the way {@link #attribute(String, String)} does, for builders
         * that collect attributes to pass on later.
         *
         * @param name the name
         * @throws NullPointerException when it is null
         * @throws IllegalArgumentException when it is not 1-64 letters, digits, {@code _ . -}
         */
        public static void checkAttributeName(String name) {
            Objects.requireNonNull(name, "name");
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("attribute name must be 1-64 letters, digits, '_', '.' or '-', got '"
                        + name + "'");
            }
        }

        /**
         * @param traceId a W3C trace id (32 hex characters; upper case is lowered), or null to
         *     take it from the logging context or generate one
         * @return this
         * @throws IllegalArgumentException when it is not a trace id
         */
        public Builder traceId(String traceId) {
            if (traceId == null) {
                this.traceId = null;
                return this;
            }
            String lower = traceId.toLowerCase(Locale.ROOT);
            if (!TraceIds.isValidTraceId(lower)) {
                throw new IllegalArgumentException("traceId must be 32 hex characters (W3C trace-id), not all zero, got '"
                        + traceId + "'");
            }
            this.traceId = lower;
            return this;
        }

        /**
         * @param id OpenAI's {@code previous_response_id}; only the native OpenAI strategy uses it
         * @return this
         */
        public Builder previousResponseId(String id) {
            this.previousResponseId = id;
            return this;
        }

        /**
         * @param key OpenAI's {@code prompt_cache_key} (at most 64 characters)
         * @return this
         * @throws IllegalArgumentException when it is longer
         */
        public Builder promptCacheKey(String key) {
            if (key != null && key.length() > 64) {
                throw new IllegalArgumentException("promptCacheKey must be at most 64 characters, got " + key.length());
            }
            this.promptCacheKey = key;
            return this;
        }

        /**
         * @param tier OpenAI's {@code service_tier}: {@code auto}, {@code default}, {@code flex},
         *     {@code priority}, ...
         * @return this
         */
        public Builder serviceTier(String tier) {
            this.serviceTier = tier;
            return this;
        }

        /**
         * The app's tool definitions, as the JSON array its own model requests carry, e.g.
         * {@code [{"name":"read_file","description":"...","input_schema":{...}}]}. Strategies that
         * send real messages to an API that needs them pass them on untouched.
         *
         * @param toolsJson a JSON array, or null for none
         * @return this
         * @throws IllegalArgumentException when it is not a JSON array
         */
        public Builder tools(String toolsJson) {
            if (toolsJson == null) {
                this.tools = null;
                return this;
            }
            JsonNode parsed;
            try {
                parsed = Json.MAPPER.readTree(toolsJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("tools must be a JSON array of tool definitions; it does not parse: "
                        + e.getOriginalMessage());
            }
            if (parsed == null || !parsed.isArray()) {
                throw new IllegalArgumentException("tools must be a JSON array of tool definitions, got "
                        + (parsed == null ? "nothing" : parsed.getNodeType().name().toLowerCase(Locale.ROOT)));
            }
            this.tools = toolsJson;
            return this;
        }

        /**
         * @param tools the app's tool definitions as a JSON array, or null for none
         * @return this
         * @throws IllegalArgumentException when it is not an array
         */
        public Builder tools(JsonNode tools) {
            if (tools == null) {
                this.tools = null;
                return this;
            }
            if (!tools.isArray()) {
                throw new IllegalArgumentException("tools must be a JSON array of tool definitions, got "
                        + tools.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            this.tools = tools.toString();
            return this;
        }

        /**
         * @param tokens the token count the compaction should bring the conversation to; 0 for
         *     none (each strategy then keeps its own configured amount)
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder targetTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("targetTokens must not be negative, got " + tokens);
            }
            this.targetTokens = tokens;
            return this;
        }

        /**
         * @param ratio the least share of the conversation's tokens a compaction must save to be
         *     applied, 0.0 to 1.0; {@value CompactionRequest#DEFAULT_MIN_SAVING_RATIO} by default
         * @return this
         * @throws IllegalArgumentException when out of range
         */
        public Builder minSavingRatio(double ratio) {
            if (!(ratio >= 0.0 && ratio <= 1.0)) {
                throw new IllegalArgumentException("minSavingRatio must be between 0.0 and 1.0, got " + ratio);
            }
            this.minSavingRatio = ratio;
            return this;
        }

        /**
         * @param tokens the least number of tokens a compaction must save to be applied; 0 by
         *     default (the ratio decides)
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder minSavingTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("minSavingTokens must not be negative, got " + tokens);
            }
            this.minSavingTokens = tokens;
            return this;
        }

        /**
         * @return the request
         * @throws IllegalStateException when the model or the items were not given
         */
        public CompactionRequest build() {
            if (model == null) {
                throw new IllegalStateException("model is required: the model the conversation runs on, e.g. \"gpt-5.1\"");
            }
            if (items == null) {
                throw new IllegalStateException("items are required (an empty list is allowed)");
            }
            return new CompactionRequest(this);
        }
    }
}
