package io.github.compact4j.context;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.tokens.ModelCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The request fragments that switch on a provider's server-side compaction, for the app's own
 * model requests: OpenAI's {@code context_management} and {@code compaction_trigger} in
 * {@code POST /v1/responses}, Anthropic's {@code context_management.edits} in
 * {@code POST /v1/messages} with the betas each edit needs. Thresholds come from the model
 * catalogue's context window and a {@link CompactionPolicy}, unless given.
 *
 * <pre>{@code
 * ServerSideCompaction.OpenAi openai = ServerSideCompaction.openAi().model("gpt-5.1-codex-max").build();
 * body.set("context_management", openai.contextManagement());   // [{"type":"compaction","compact_threshold":..}]
 *
 * ServerSideCompaction.Anthropic claude = ServerSideCompaction.anthropic().model("claude-sonnet-4-6")
 *         .compact().clearToolUses().build();
 * body.set("context_management", claude.contextManagement());   // {"edits":[...]}
 * headers.put("anthropic-beta", claude.betaHeader());           // compact-2026-01-12,context-management-2025-06-27
 * }</pre>
 *
 * <p>The server then compacts on its side; hand the model's output to
 * {@link ManagedConversation#appendAll(List, ResponseMetadata)}, which journals what the server
 * replaced. See {@code docs/native-compaction.md}.
 */
public final class ServerSideCompaction {

    /** Anthropic's threshold compaction edit. */
    public static final String COMPACT_EDIT = "compact_20260112";
    /** Anthropic's tool-result clearing edit. */
    public static final String CLEAR_TOOL_USES_EDIT = "clear_tool_uses_20250919";
    /** Anthropic's thinking clearing edit. */
    public static final String CLEAR_THINKING_EDIT = "clear_thinking_20251015";
    /** The beta of Anthropic's context editing ({@value #CLEAR_TOOL_USES_EDIT}, {@value #CLEAR_THINKING_EDIT}). */
    public static final String CONTEXT_MANAGEMENT_BETA = "context-management-2025-06-27";
    /** The lowest trigger Anthropic documents for {@value #COMPACT_EDIT}. */
    public static final int ANTHROPIC_MIN_COMPACT_TRIGGER = 50_000;
    /**
     * The lowest {@code compact_threshold} accepted here: OpenAI's SDK sets none, a schema is said
     * to set 1,000, so a value that is valid under both readings is asked for.
     */
    public static final int OPENAI_MIN_COMPACT_THRESHOLD = 1_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ServerSideCompaction() {}

    /** @return a builder of OpenAI's {@code context_management} */
    public static OpenAi.Builder openAi() {
        return new OpenAi.Builder();
    }

    /** @return a builder of Anthropic's {@code context_management} */
    public static Anthropic.Builder anthropic() {
        return new Anthropic.Builder();
    }

    /**
     * OpenAI's on-demand compaction inside {@code /v1/responses}: an input item that must be the
     * last one; the server compacts the context and answers with the compaction item.
     *
     * @return {@code {"type":"compaction_trigger"}} as an item, to append to the input last
     */
    public static Item compactionTrigger() {
        return ResponsesItems.itemFromJson("{\"type\":\"compaction_trigger\"}");
    }

    /** The threshold from the catalogue's window for the model and the policy's trigger. */
    private static int derived(String model, ModelCatalog catalog, CompactionPolicy policy, String what) {
        if (model == null) {
            throw new IllegalStateException("a model is required to derive the " + what + " from its context window:"
                    + " model(...), or give the threshold");
        }
        return policy.triggerAt(catalog.lookup(model).contextWindow());
    }

    /** OpenAI's {@code context_management} for {@code POST /v1/responses}. Immutable. */
    public static final class OpenAi {
        private final int threshold;

        private OpenAi(int threshold) {
            this.threshold = threshold;
        }

        /** @return the token count at which the server compacts */
        public int compactThreshold() {
            return threshold;
        }

        /** @return a new {@code [{"type":"compaction","compact_threshold":N}]} for the request body */
        public ArrayNode contextManagement() {
            ArrayNode a = NODES.arrayNode();
            a.addObject().put("type", "compaction").put("compact_threshold", threshold);
            return a;
        }

        /** @return {@link #contextManagement()} as JSON text */
        public String contextManagementJson() {
            return contextManagement().toString();
        }

        @Override
        public String toString() {
            return "ServerSideCompaction.OpenAi{compactThreshold=" + threshold + "}";
        }

        /** Builds an {@link OpenAi}. Not thread-safe. */
        public static final class Builder {
            private String model;
            private ModelCatalog catalog = ModelCatalog.defaults();
            private CompactionPolicy policy = CompactionPolicy.defaults();
            private int threshold;

            private Builder() {}

            /**
             * @param model the model the requests run on, for its context window
             * @return this
             */
            public Builder model(String model) {
                this.model = Objects.requireNonNull(model, "model");
                return this;
            }

            /**
             * @param catalog where the window comes from; {@link ModelCatalog#defaults()} by default
             * @return this
             */
            public Builder modelCatalog(ModelCatalog catalog) {
                this.catalog = Objects.requireNonNull(catalog, "catalog");
                return this;
            }

            /**
             * @param policy whose trigger becomes the threshold; {@link CompactionPolicy#defaults()} by default
             * @return this
             */
            public Builder policy(CompactionPolicy policy) {
                this.policy = Objects.requireNonNull(policy, "policy");
                return this;
            }

            /**
             * @param tokens the threshold to send instead of the derived one
             * @return this
             * @throws IllegalArgumentException when under {@value ServerSideCompaction#OPENAI_MIN_COMPACT_THRESHOLD}
             */
            public Builder compactThreshold(int tokens) {
                if (tokens < OPENAI_MIN_COMPACT_THRESHOLD) {
                    throw new IllegalArgumentException("compactThreshold must be at least " + OPENAI_MIN_COMPACT_THRESHOLD
                            + ", got " + tokens);
                }
                this.threshold = tokens;
                return this;
            }

            /**
             * @return the fragment
             * @throws IllegalStateException when neither a threshold nor a model was given
             */
            public OpenAi build() {
                int t = threshold > 0 ? threshold : derived(model, catalog, policy, "compact_threshold");
                return new OpenAi(Math.max(OPENAI_MIN_COMPACT_THRESHOLD, t));
            }
        }
    }

    /** Anthropic's {@code context_management} for {@code POST /v1/messages}, and its betas. Immutable. */
    public static final class Anthropic {
        private final ObjectNode contextManagement;
        private final List<String> betas;

        private Anthropic(ObjectNode contextManagement, List<String> betas) {
            this.contextManagement = contextManagement;
            this.betas = List.copyOf(betas);
        }

        /** @return a new {@code {"edits":[...]}} for the request body; thinking clearing first */
        public ObjectNode contextManagement() {
            return contextManagement.deepCopy();
        }

        /** @return {@link #contextManagement()} as JSON text */
        public String contextManagementJson() {
            return contextManagement.toString();
        }

        /** @return the betas the edits need, each once */
        public List<String> betas() {
            return betas;
        }

        /** @return the {@code anthropic-beta} header value: the betas, comma-separated */
        public String betaHeader() {
            return String.join(",", betas);
        }

        @Override
        public String toString() {
            return "ServerSideCompaction.Anthropic{" + contextManagement + ", betas=" + betas + "}";
        }

        /** Builds an {@link Anthropic}. Choose at least one edit. Not thread-safe. */
        public static final class Builder {
            private String model;
            private ModelCatalog catalog = ModelCatalog.defaults();
            private CompactionPolicy policy = CompactionPolicy.defaults();
            private boolean compact;
            private int compactTrigger;
            private String compactInstructions;
            private Boolean pauseAfterCompaction;
            private boolean clearToolUses;
            private int clearToolUsesTrigger;
            private int keepToolUses;
            private int clearAtLeast;
            private List<String> excludeTools;
            private Boolean clearToolInputs;
            private boolean clearThinking;
            private int keepThinkingTurns;
            private boolean keepAllThinking;

            private Builder() {}

            /**
             * @param model the model the requests run on, for its context window
             * @return this
             */
            public Builder model(String model) {
                this.model = Objects.requireNonNull(model, "model");
                return this;
            }

            /**
             * @param catalog where the window comes from; {@link ModelCatalog#defaults()} by default
             * @return this
             */
            public Builder modelCatalog(ModelCatalog catalog) {
                this.catalog = Objects.requireNonNull(catalog, "catalog");
                return this;
            }

            /**
             * @param policy whose trigger becomes the edits' trigger; {@link CompactionPolicy#defaults()} by default
             * @return this
             */
            public Builder policy(CompactionPolicy policy) {
                this.policy = Objects.requireNonNull(policy, "policy");
                return this;
            }

            /**
             * Adds {@value ServerSideCompaction#COMPACT_EDIT} (beta
             * {@value CompactionBlock#THRESHOLD_BETA}), triggered at the policy's threshold (at
             * least {@value ServerSideCompaction#ANTHROPIC_MIN_COMPACT_TRIGGER} tokens).
             *
             * @return this
             */
            public Builder compact() {
                this.compact = true;
                return this;
            }

            /**
             * @param inputTokens the input tokens at which the server compacts, instead of the derived trigger
             * @return this, with the compaction edit added
             * @throws IllegalArgumentException when under {@value ServerSideCompaction#ANTHROPIC_MIN_COMPACT_TRIGGER}
             */
            public Builder compactTrigger(int inputTokens) {
                if (inputTokens < ANTHROPIC_MIN_COMPACT_TRIGGER) {
                    throw new IllegalArgumentException("the compaction trigger must be at least "
                            + ANTHROPIC_MIN_COMPACT_TRIGGER + " input tokens, got " + inputTokens);
                }
                this.compact = true;
                this.compactTrigger = inputTokens;
                return this;
            }

            /**
             * @param instructions replaces the server's summary prompt entirely; null for the default
             * @return this, with the compaction edit added
             */
            public Builder compactInstructions(String instructions) {
                this.compact = true;
                this.compactInstructions = instructions;
                return this;
            }

            /**
             * @param pause whether the response ends right after the compaction block
             *     ({@code stop_reason: "compaction"})
             * @return this, with the compaction edit added
             */
            public Builder pauseAfterCompaction(boolean pause) {
                this.compact = true;
                this.pauseAfterCompaction = pause;
                return this;
            }

            /**
             * Adds {@value ServerSideCompaction#CLEAR_TOOL_USES_EDIT} (beta
             * {@value ServerSideCompaction#CONTEXT_MANAGEMENT_BETA}), triggered at the policy's
             * threshold: old tool results are replaced by placeholders, oldest first.
             *
             * @return this
             */
            public Builder clearToolUses() {
                this.clearToolUses = true;
                return this;
            }

            /**
             * @param inputTokens the input tokens at which tool results are cleared
             * @return this, with the clearing edit added
             * @throws IllegalArgumentException when under 1
             */
            public Builder clearToolUsesTrigger(int inputTokens) {
                this.clearToolUsesTrigger = positive(inputTokens, "clearToolUsesTrigger");
                this.clearToolUses = true;
                return this;
            }

            /**
             * @param toolUses how many recent tool uses keep their results (the API's default is 3)
             * @return this, with the clearing edit added
             * @throws IllegalArgumentException when negative
             */
            public Builder keepToolUses(int toolUses) {
                if (toolUses < 0) {
                    throw new IllegalArgumentException("keepToolUses must not be negative, got " + toolUses);
                }
                this.keepToolUses = toolUses;
                this.clearToolUses = true;
                return this;
            }

            /**
             * @param inputTokens the least a clearing must free, or it is not applied (worth it for the cache)
             * @return this, with the clearing edit added
             * @throws IllegalArgumentException when under 1
             */
            public Builder clearAtLeast(int inputTokens) {
                this.clearAtLeast = positive(inputTokens, "clearAtLeast");
                this.clearToolUses = true;
                return this;
            }

            /**
             * @param tools names of tools whose results are never cleared
             * @return this, with the clearing edit added
             */
            public Builder excludeTools(String... tools) {
                this.excludeTools = List.of(tools);
                this.clearToolUses = true;
                return this;
            }

            /**
             * @param clear whether the tool calls' inputs are cleared too
             * @return this, with the clearing edit added
             */
            public Builder clearToolInputs(boolean clear) {
                this.clearToolInputs = clear;
                this.clearToolUses = true;
                return this;
            }

            /**
             * Adds {@value ServerSideCompaction#CLEAR_THINKING_EDIT} (beta
             * {@value ServerSideCompaction#CONTEXT_MANAGEMENT_BETA}), keeping the API's default
             * (the last assistant turn's thinking); it goes first among the edits, as the API asks.
             *
             * @return this
             */
            public Builder clearThinking() {
                this.clearThinking = true;
                return this;
            }

            /**
             * @param turns how many recent assistant turns keep their thinking
             * @return this, with the thinking edit added
             * @throws IllegalArgumentException when under 1
             */
            public Builder keepThinkingTurns(int turns) {
                this.keepThinkingTurns = positive(turns, "keepThinkingTurns");
                this.keepAllThinking = false;
                this.clearThinking = true;
                return this;
            }

            /**
             * Keeps all thinking ({@code keep: {"type":"all"}}), which keeps the prompt cache.
             *
             * @return this, with the thinking edit added
             */
            public Builder keepAllThinking() {
                this.keepAllThinking = true;
                this.keepThinkingTurns = 0;
                this.clearThinking = true;
                return this;
            }

            private static int positive(int v, String name) {
                if (v < 1) {
                    throw new IllegalArgumentException(name + " must be at least 1, got " + v);
                }
                return v;
            }

            /**
             * @return the fragment
             * @throws IllegalStateException when no edit was chosen, or a trigger must be derived and
             *     no model was given
             */
            public Anthropic build() {
                if (!compact && !clearToolUses && !clearThinking) {
                    throw new IllegalStateException("choose at least one edit: compact(), clearToolUses() or"
                            + " clearThinking()");
                }
                ObjectNode cm = NODES.objectNode();
                ArrayNode edits = cm.putArray("edits");
                Set<String> betas = new LinkedHashSet<>();
                if (clearThinking) {
                    ObjectNode e = edits.addObject().put("type", CLEAR_THINKING_EDIT);
                    if (keepAllThinking) {
                        e.putObject("keep").put("type", "all");
                    } else if (keepThinkingTurns > 0) {
                        e.putObject("keep").put("type", "thinking_turns").put("value", keepThinkingTurns);
                    }
                    betas.add(CONTEXT_MANAGEMENT_BETA);
                }
                if (clearToolUses) {
                    ObjectNode e = edits.addObject().put("type", CLEAR_TOOL_USES_EDIT);
                    int trigger = clearToolUsesTrigger > 0 ? clearToolUsesTrigger
                            : derived(model, catalog, policy, "clear_tool_uses trigger");
                    e.putObject("trigger").put("type", "input_tokens").put("value", trigger);
                    if (keepToolUses > 0) {
                        e.putObject("keep").put("type", "tool_uses").put("value", keepToolUses);
                    }
                    if (clearAtLeast > 0) {
                        e.putObject("clear_at_least").put("type", "input_tokens").put("value", clearAtLeast);
                    }
                    if (excludeTools != null) {
                        ArrayNode names = e.putArray("exclude_tools");
                        excludeTools.forEach(names::add);
                    }
                    if (clearToolInputs != null) {
                        e.put("clear_tool_inputs", clearToolInputs);
                    }
                    betas.add(CONTEXT_MANAGEMENT_BETA);
                }
                if (compact) {
                    ObjectNode e = edits.addObject().put("type", COMPACT_EDIT);
                    int trigger = compactTrigger > 0 ? compactTrigger
                            : Math.max(ANTHROPIC_MIN_COMPACT_TRIGGER, derived(model, catalog, policy, "compaction trigger"));
                    e.putObject("trigger").put("type", "input_tokens").put("value", trigger);
                    if (pauseAfterCompaction != null) {
                        e.put("pause_after_compaction", pauseAfterCompaction);
                    }
                    if (compactInstructions != null) {
                        e.put("instructions", compactInstructions);
                    }
                    betas.add(CompactionBlock.THRESHOLD_BETA);
                }
                return new Anthropic(cm, new ArrayList<>(betas));
            }
        }
    }
}
