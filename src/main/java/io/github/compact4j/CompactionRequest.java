package io.github.compact4j;

import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.logging.TraceContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to compact: the conversation, the model it runs on, and the context that identifies the
 * call in logs. Immutable; the item list is copied, so later changes to the caller's list do not
 * reach the request, and nothing the library does reaches the caller's list.
 *
 * <pre>{@code
 * CompactionRequest request = CompactionRequest.builder()
 *         .model("gpt-5.1-codex-max")
 *         .items(items)
 *         .instructions("You are a coding agent.")
 *         .attribute("agent_id", "agent_a")        // logged as compact4j.agent_id
 *         .build();
 * }</pre>
 */
public final class CompactionRequest {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String model;
    private final List<Item> items;
    private final String instructions;
    private final Map<String, String> attributes;
    private final String traceId;
    private final String previousResponseId;
    private final String promptCacheKey;
    private final String serviceTier;

    private CompactionRequest(Builder b) {
        if (b.model == null || b.model.isBlank()) {
            throw new IllegalArgumentException("model is required: the model the conversation runs on, e.g. \"gpt-5.1\"");
        }
        if (b.items == null) {
            throw new IllegalArgumentException("items are required (an empty list is allowed)");
        }
        this.model = b.model;
        this.items = List.copyOf(b.items);
        this.instructions = b.instructions;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.traceId = b.traceId;
        this.previousResponseId = b.previousResponseId;
        this.promptCacheKey = b.promptCacheKey;
        this.serviceTier = b.serviceTier;
    }

    /** @return a new builder */
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

    /** Names the call, never its content: conversation content is logged only when asked. */
    @Override
    public String toString() {
        return "CompactionRequest{model=" + model + ", items=" + items.size()
                + (traceId != null ? ", traceId=" + traceId : "")
                + (attributes.isEmpty() ? "" : ", attributes=" + attributes)
                + (instructions != null ? ", instructionsChars=" + instructions.length() : "") + "}";
    }

    /** Builds a {@link CompactionRequest}. Not thread-safe. */
    public static final class Builder {
        private String model;
        private List<? extends Item> items;
        private String instructions;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String traceId;
        private String previousResponseId;
        private String promptCacheKey;
        private String serviceTier;

        private Builder() {}

        /**
         * @param model the model the conversation runs on, e.g. {@code "gpt-5.1-codex-max"}
         * @return this
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * @param items the conversation; copied at {@link #build()}
         * @return this
         */
        public Builder items(List<? extends Item> items) {
            this.items = Objects.requireNonNull(items, "items");
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) == null) {
                    throw new InvalidConversationException(i, null, "the item is null");
                }
            }
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
         */
        public Builder attribute(String name, String value) {
            if (name == null || !ATTRIBUTE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("attribute name must be 1-64 letters, digits, '_', '.' or '-', got '"
                        + name + "'");
            }
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        /**
         * @param traceId a W3C trace id (32 hex characters; upper case is lowered), or null to
         *     take it from the logging context or generate one
         * @return this
         */
        public Builder traceId(String traceId) {
            if (traceId == null) {
                this.traceId = null;
                return this;
            }
            String lower = traceId.toLowerCase(Locale.ROOT);
            if (!TraceContext.isValidTraceId(lower)) {
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
         * @return the request
         * @throws IllegalArgumentException when the model or the items are missing
         */
        public CompactionRequest build() {
            return new CompactionRequest(this);
        }
    }
}
