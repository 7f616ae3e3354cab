package io.github.compact4j.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.CompactionBlock;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.http.AuthStyle;
import io.github.compact4j.http.ClientBuilder;
import io.github.compact4j.internal.http.AnswerJson;
import io.github.compact4j.internal.http.Endpoint;
import io.github.compact4j.internal.http.ErrorContext;
import io.github.compact4j.internal.http.HttpResult;
import io.github.compact4j.internal.http.InvalidBodyException;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okio.BufferedSource;

/**
 * Compacts a conversation with Anthropic's own compaction: {@code POST /v1/messages} with
 * {@code "compaction": {"type": "summarize"}} (beta {@code compact-2026-09-04}). The older turns
 * go to the API, which answers with one signed {@code compaction} block summarizing them; the
 * most recent turns stay word for word. The result is {@code [system prompt, block, recent
 * turns...]}.
 *
 * <pre>{@code
 * AnthropicCompactClient compactor = AnthropicCompactClient.builder()
 *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *         .baseUrl("https://api.anthropic.com")
 *         .keepRecentTokens(20_000)
 *         .build();
 * CompactionResult r = compactor.compact(CompactionRequest.builder()
 *         .model("claude-sonnet-4-6").items(conversation.items()).tools(toolsJson).build());
 * AnthropicConversation next = conversation.withItems(r.items());
 * // every later request: anthropic-beta: String.join(",", next.requiredBetas())
 * }</pre>
 *
 * <p>The request carries what the conversation's own requests carry, as the API asks: the
 * request's instructions and leading system messages as {@code system}, its
 * {@linkplain CompactionRequest#tools() tools} untouched, and the {@link Builder#thinking(String)
 * thinking} setting. It never carries what the API refuses beside {@code compaction}
 * ({@code context_management}, {@code stop_sequences}, {@code tool_choice},
 * {@code output_config}). The cut never separates a {@code tool_use} from its
 * {@code tool_result}, never splits a message, and leaves calls still waiting for their results
 * in the verbatim tail, so what is sent never ends in an unanswered {@code tool_use}.
 *
 * <p>Failures: an answer without a summary ({@code stop_reason} {@code max_tokens},
 * {@code refusal}, {@code model_context_window_exceeded}, {@code tool_use}, {@code end_turn}, or
 * empty content) is an {@code InvalidResponseException}, so a fallback chain moves on; an edited
 * or misplaced block in the history is a {@code StaleCompactionException} (rebuild from the
 * journal); 529 {@code compaction_unavailable} is retried like every 5xx. See
 * {@code docs/native-compaction.md}.
 *
 * <p>Thread-safe; build one per configuration and share it.
 */
public final class AnthropicCompactClient extends TracedCompactor {

    /** The strategy name, as {@link CompactionResult#strategy()} reports it. */
    public static final String NAME = "anthropic-compact";

    /** Anthropic's API base URL, the default (without {@code /v1}). */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

    /** The {@code anthropic-version} sent by default. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    /** The {@code anthropic-beta} every compaction request sends. */
    public static final String BETA = CompactionBlock.ON_DEMAND_BETA;

    /** Default {@code max_tokens}: it caps the whole call, thinking included. */
    public static final int DEFAULT_MAX_TOKENS = 16_384;

    /** Default size of the recent turns kept verbatim, in tokens. */
    public static final int DEFAULT_KEEP_RECENT_TOKENS = 20_000;

    /** The longest compaction instructions the API takes, in characters. */
    public static final int MAX_INSTRUCTIONS_CHARS = 16_384;

    /** What a summary is expected to take when the tail is sized from the request's target. */
    static final int EXPECTED_SUMMARY_TOKENS = 4_096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final int keepRecentTokens;
    private final int maxTokens;
    private final String instructions;
    private final String thinking;
    private final TokenCounter tokenCounter;
    private final String version;

    private AnthropicCompactClient(Builder b, Endpoint endpoint) {
        this.endpoint = endpoint;
        this.keepRecentTokens = b.keepRecentTokens;
        this.maxTokens = b.maxTokens;
        this.instructions = b.instructions;
        this.thinking = b.thinking;
        this.tokenCounter = b.tokenCounter;
        this.version = b.version;
    }

    /** @return a builder; {@link Builder#apiKey(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a client configured from the process environment: {@code ANTHROPIC_API_KEY}
     *     (required), {@code ANTHROPIC_BASE_URL}
     * @throws IllegalStateException when {@code ANTHROPIC_API_KEY} is not set
     */
    public static AnthropicCompactClient fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * @param env variables such as {@code ANTHROPIC_API_KEY}
     * @return a client configured from them, as {@link #fromEnv()} does from the environment
     * @throws IllegalStateException when {@code ANTHROPIC_API_KEY} is missing or blank
     */
    public static AnthropicCompactClient fromEnv(Map<String, String> env) {
        return builder().fromEnv(env).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Compacts the older turns with one call to {@code /v1/messages} (plus retries).
     *
     * @param request the conversation, the model it runs on, its tools and instructions
     * @return {@code [system, compaction block, recent turns...]}, or the conversation unchanged
     *     (with a note) when too little would be saved
     * @throws CompactionException when the call fails or the answer holds no summary; the
     *     request is unchanged
     */
    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        List<Item> items = request.items();
        TokenCounter counter = tokenCounter != null ? tokenCounter : TokenCounter.forModel(request.model());
        int n = items.size();
        int[] suffix = new int[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            suffix[i] = suffix[i + 1] + counter.count(items.get(i));
        }
        int before = suffix[0];
        int start = 0;
        while (start < n && items.get(start) instanceof Message m && m.isInstruction()) {
            start++;
        }
        int cut = cut(items, start, suffix, request);
        int sent = suffix[start] - suffix[cut];
        int required = request.minimumSaving(before);
        if (cut == start) {
            return unchanged(request, before, "nothing to compact: after the system messages, the conversation ("
                    + suffix[start] + " tokens) fits in the recent turns kept verbatim, or cannot be cut without"
                    + " separating a tool call from its result", Usage.NONE, List.of());
        }
        if (sent < required) {
            return unchanged(request, before, "compacting would save at most " + sent + " of " + before
                    + " tokens, below the minimum saving of " + required, Usage.NONE, List.of());
        }
        List<Item> older = new ArrayList<>(items.subList(0, cut));
        request.instructions().ifPresent(s -> older.add(0, Message.system(s)));
        AnthropicConversation conversation;
        try {
            conversation = AnthropicMessages.toConversation(older);
        } catch (InvalidConversationException e) {
            // not a broken conversation, one Anthropic's API cannot take: a summary still can
            throw new CompactionException("Anthropic compaction failed: the turns to compact have no Messages form ("
                    + e.summary() + "). Only a history in Anthropic's Messages form can be compacted by Anthropic; a fallback"
                    + " strategy can summarize it. The conversation was left as it was", e);
        }
        HttpResult<Answer> r = endpoint.post(g -> writeBody(g, request, conversation), AnthropicCompactClient::read);
        Answer a = r.value();
        if (a.block() == null) {
            throw missingSummary(a, r);
        }
        List<Item> out = new ArrayList<>(start + 1 + n - cut);
        out.addAll(items.subList(0, start));
        out.add(CompactionBlock.item(a.block()));
        out.addAll(items.subList(cut, n));
        int after = counter.count(out);
        if (!request.worthApplying(before, after)) {
            return unchanged(request, before, "the compaction saves " + (before - after) + " of " + before
                    + " tokens, below the minimum saving of " + required, a.usage(), r.requestIds());
        }
        return CompactionResult.builder()
                .items(out)
                .tokensBefore(before)
                .tokensAfter(after)
                .itemsBefore(n)
                .usage(a.usage())
                .requestIds(r.requestIds());
    }

    /**
     * Where the verbatim tail starts: the longest run of recent items within the budget, at a safe
     * cut, and before any call still waiting for its result.
     */
    private int cut(List<Item> items, int start, int[] suffix, CompactionRequest request) {
        int n = items.size();
        BitSet cuts = Turns.safeCuts(items);
        int keep = keepRecentTokens;
        if (request.targetTokens().isPresent()) {
            int systemTokens = suffix[0] - suffix[start];
            keep = Math.min(keep, Math.max(0, request.targetTokens().getAsInt() - systemTokens - EXPECTED_SUMMARY_TOKENS));
        }
        int tail = cuts.nextSetBit(start);
        while (tail < n && suffix[tail] > keep) {
            tail = cuts.nextSetBit(tail + 1);
        }
        // a tool_use without its tool_result may not be sent: the API refuses an unanswered call
        for (int i : Turns.unpaired(items)) {
            if (i < tail && items.get(i) instanceof ToolCall) {
                tail = Math.max(start, cuts.previousSetBit(i));
                break;
            }
        }
        return Math.max(start, tail);
    }

    /** The Messages body: the conversation's own system, tools and thinking, plus {@code compaction}. */
    private void writeBody(JsonGenerator g, CompactionRequest request, AnthropicConversation conversation)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("model", request.model());
        g.writeNumberField("max_tokens", maxTokens);
        if (conversation.system().isPresent()) {
            g.writeFieldName("system");
            g.writeTree(conversation.system().get());
        }
        g.writeFieldName("messages");
        g.writeTree(conversation.messages());
        if (request.tools().isPresent()) {
            g.writeFieldName("tools");
            g.writeRawValue(request.tools().get());
        }
        if (thinking != null) {
            g.writeFieldName("thinking");
            g.writeRawValue(thinking);
        }
        g.writeObjectFieldStart("compaction");
        g.writeStringField("type", "summarize");
        if (instructions != null) {
            g.writeStringField("instructions", instructions);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * What the answer holds: the block when it is a valid compaction, else why there is none.
     *
     * @param block the one {@code compaction} block, or null
     * @param stopReason the answer's {@code stop_reason}, or null
     * @param usage what the call cost, from {@code usage.iterations} when present
     */
    record Answer(JsonNode block, String stopReason, Usage usage) {}

    /** Reads a Messages API {@code message} and checks that a compaction holds exactly one valid block. */
    static Answer read(BufferedSource body) throws IOException {
        JsonNode root = AnswerJson.readObject(body);
        String type = AnswerJson.text(root.get("type"));
        if (type != null && !type.equals("message")) {
            throw new InvalidBodyException("expected 'type' to be 'message' but got '" + AnswerJson.shorten(type) + "'");
        }
        JsonNode content = root.get("content");
        if (content == null || !content.isArray()) {
            throw new InvalidBodyException("the answer has no 'content' array");
        }
        JsonNode u = root.get("usage");
        Usage iterations = AnswerJson.anthropicIterations(u, null);
        Usage usage = iterations != null ? iterations : AnswerJson.anthropicUsage(u);
        String stop = AnswerJson.text(root.get("stop_reason"));
        if (!"compaction".equals(stop) || content.isEmpty()) {
            return new Answer(null, stop, usage);
        }
        if (content.size() != 1) {
            throw new InvalidBodyException("expected exactly one block in 'content' after stop_reason 'compaction' but"
                    + " found " + content.size());
        }
        JsonNode block = content.get(0);
        if (!block.isObject() || !CompactionBlock.TYPE.equals(AnswerJson.text(block.get("type")))) {
            throw new InvalidBodyException("expected a 'compaction' block but found "
                    + (block.isObject() ? "a '" + AnswerJson.shorten(String.valueOf(AnswerJson.text(block.get("type"))))
                            + "' block" : "no block object"));
        }
        String summary = AnswerJson.text(block.get("content"));
        if (summary == null || summary.isBlank()) {
            return new Answer(null, "empty content", usage);
        }
        String signature = AnswerJson.text(block.get("signature"));
        if (signature == null || signature.isEmpty()) {
            throw new InvalidBodyException("the compaction block has no 'signature', so the API would not accept it"
                    + " back; is the beta " + BETA + " reaching the API?");
        }
        return new Answer(block, stop, usage);
    }

    /** An answer without a summary: the chain moves on, the conversation stays as it was. */
    private static InvalidResponseException missingSummary(Answer a, HttpResult<Answer> r) {
        String stop = a.stopReason();
        String what;
        String hint;
        switch (stop == null ? "" : stop) {
            case "max_tokens" -> {
                what = "the summary did not fit max_tokens (stop_reason 'max_tokens')";
                hint = "Raise maxTokens: it caps the whole call, thinking included.";
            }
            case "refusal" -> {
                what = "the model declined to write the summary (stop_reason 'refusal')";
                hint = "Check compactionInstructions, which a classifier screens, or let a fallback summarize.";
            }
            case "model_context_window_exceeded" -> {
                what = "the turns sent for summarizing do not fit the model's window"
                        + " (stop_reason 'model_context_window_exceeded')";
                hint = "Compact earlier (a lower trigger in the CompactionPolicy): the conversation must still fit the"
                        + " window when it is compacted.";
            }
            case "tool_use" -> {
                what = "the model called a tool instead of summarizing (stop_reason 'tool_use')";
                hint = "Try again, or let a fallback summarize.";
            }
            case "end_turn" -> {
                what = "the model answered without a compaction block (stop_reason 'end_turn')";
                hint = "Check that the model supports compaction and that the header anthropic-beta: " + BETA
                        + " reaches the API (a proxy may drop it).";
            }
            case "empty content", "compaction" -> {
                what = "the compaction came back without a summary";
                hint = "Try again, or let a fallback summarize.";
            }
            default -> {
                what = "the answer holds no compaction block (stop_reason " + (stop == null ? "missing" : "'"
                        + AnswerJson.shorten(stop) + "'") + ")";
                hint = "Check that the base URL points at Anthropic's API and the model supports compaction.";
            }
        }
        return new InvalidResponseException(CompactionException.details("Anthropic compaction failed: " + what)
                .hint(hint + " The conversation was left as it was; a fallback strategy can take over.")
                .requestIds(r.requestIds())
                .clientRequestIds(r.clientRequestIds())
                .attempts(r.attempts()));
    }

    private static CompactionResult.Builder unchanged(CompactionRequest request, int before, String why, Usage usage,
            List<String> requestIds) {
        return CompactionResult.builder()
                .items(request.items())
                .tokensBefore(before)
                .tokensAfter(before)
                .itemsBefore(request.items().size())
                .usage(usage)
                .requestIds(requestIds)
                .note("Unchanged: " + why + ".");
    }

    private static ErrorContext errors(Endpoint.Target t) {
        return new ErrorContext("Anthropic compaction failed", t.apiKeySource(),
                "Check the base URL (" + t.display() + "): it is the host only, without /v1, e.g. "
                        + DEFAULT_BASE_URL + ".")
                .withHint(400, "Anthropic rejected the request itself; sending it again will not help. If it names the"
                        + " beta, the compaction parameter or the model, the model or platform does not support"
                        + " on-demand compaction: a fallback strategy can take over. If it says a tool_use has no"
                        + " tool definition, pass the conversation's tools with CompactionRequest.tools(..).")
                .withHint(403, "The key may not use this model or beta: check the workspace the key belongs to and"
                        + " its model access in the Anthropic Console.")
                .withHint(413, "The request is larger than Anthropic accepts: compact earlier.")
                .withHint(429, "Anthropic's rate limit for this organization was reached (compaction counts like any"
                        + " request): slow down, or ask for a higher usage tier.")
                .withHint(529, "Anthropic's API is overloaded (for all users; not a limit of this account): try again"
                        + " later. A fallback strategy can take over.");
    }

    /** Describes the configuration; never shows the API key or the instructions. */
    @Override
    public String toString() {
        return "AnthropicCompactClient{" + endpoint.describe() + ", anthropicVersion=" + version + ", keepRecentTokens="
                + keepRecentTokens + ", maxTokens=" + maxTokens + (instructions != null ? ", instructionsChars="
                + instructions.length() : "") + (thinking != null ? ", thinking=set" : "") + "}";
    }

    /**
     * Builds an {@link AnthropicCompactClient}: the tail size, the output cap, the compaction
     * instructions, thinking and the API version here, every transport setting (base URL, key,
     * headers, retries, timeouts, OkHttp client) from {@link ClientBuilder}. Not thread-safe.
     */
    public static final class Builder extends ClientBuilder<Builder> {

        private int keepRecentTokens = DEFAULT_KEEP_RECENT_TOKENS;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private String instructions;
        private String thinking;
        private TokenCounter tokenCounter;
        private String version = DEFAULT_VERSION;

        private Builder() {}

        /**
         * Takes {@code ANTHROPIC_API_KEY} and {@code ANTHROPIC_BASE_URL} from the process
         * environment; unset variables leave the builder's values alone.
         *
         * @return this
         */
        public Builder fromEnv() {
            return fromEnv(System.getenv());
        }

        /**
         * @param env variables such as {@code ANTHROPIC_API_KEY}, read as {@link #fromEnv()} does
         * @return this
         */
        public Builder fromEnv(Map<String, String> env) {
            readEnvironment(env, "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL");
            return this;
        }

        /**
         * @param tokens how many tokens of the most recent turns stay verbatim (default 20,000);
         *     a request's target lowers it
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder keepRecentTokens(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("keepRecentTokens must not be negative, got " + tokens);
            }
            this.keepRecentTokens = tokens;
            return this;
        }

        /**
         * @param tokens {@code max_tokens} of the compaction call, thinking included (default
         *     {@value AnthropicCompactClient#DEFAULT_MAX_TOKENS}); the API refuses 0
         * @return this
         * @throws IllegalArgumentException when under 1
         */
        public Builder maxTokens(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("maxTokens must be at least 1, got " + tokens);
            }
            this.maxTokens = tokens;
            return this;
        }

        /**
         * @param instructions replaces Anthropic's default summary prompt entirely (up to
         *     {@value AnthropicCompactClient#MAX_INSTRUCTIONS_CHARS} characters); null or blank for
         *     the default
         * @return this
         * @throws IllegalArgumentException when longer
         */
        public Builder compactionInstructions(String instructions) {
            String v = blankToNull(instructions);
            if (v != null && instructions.length() > MAX_INSTRUCTIONS_CHARS) {
                throw new IllegalArgumentException("compactionInstructions must be at most " + MAX_INSTRUCTIONS_CHARS
                        + " characters, got " + instructions.length());
            }
            this.instructions = v == null ? null : instructions;
            return this;
        }

        /**
         * @param thinkingJson the conversation's own {@code thinking} setting, a JSON object such as
         *     {@code {"type":"enabled","budget_tokens":4000}}, sent as it is; null for none
         * @return this
         * @throws IllegalArgumentException when it is not a JSON object
         */
        public Builder thinking(String thinkingJson) {
            if (thinkingJson == null) {
                this.thinking = null;
                return this;
            }
            JsonNode n;
            try {
                n = JSON.readTree(thinkingJson);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("thinking must be a JSON object; it does not parse: "
                        + e.getOriginalMessage());
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("thinking must be a JSON object, such as"
                        + " {\"type\":\"enabled\",\"budget_tokens\":4000}");
            }
            this.thinking = n.toString();
            return this;
        }

        /**
         * @param counter counts tokens; default {@link TokenCounter#forModel(String)} of the
         *     request's model
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = counter;
            return this;
        }

        /**
         * @param version the {@code anthropic-version} header; default
         *     {@value AnthropicCompactClient#DEFAULT_VERSION}
         * @return this
         * @throws IllegalArgumentException when blank or not a valid header value
         */
        public Builder anthropicVersion(String version) {
            Objects.requireNonNull(version, "version");
            if (version.isBlank()) {
                throw new IllegalArgumentException("anthropicVersion must not be blank");
            }
            this.version = checkHeaderValue("anthropic-version", version);
            return this;
        }

        @Override
        protected Set<String> ownHeaders() {
            return Set.of("anthropic-version");
        }

        /**
         * @return the client; the base URL defaults to {@value AnthropicCompactClient#DEFAULT_BASE_URL},
         *     the key goes as {@code x-api-key}, and {@code anthropic-beta} carries
         *     {@value AnthropicCompactClient#BETA} with any betas given with {@code header(..)}
         * @throws IllegalStateException when no API key was given
         */
        public AnthropicCompactClient build() {
            Set<String> betas = new LinkedHashSet<>();
            betas.add(BETA);
            options().headers().forEach((name, value) -> {
                if (name.toLowerCase(Locale.ROOT).equals("anthropic-beta")) {
                    for (String b : value.split(",")) {
                        if (!b.isBlank()) {
                            betas.add(b.strip());
                        }
                    }
                }
            });
            Endpoint endpoint = Endpoint.builder(options())
                    .defaultBaseUrl(DEFAULT_BASE_URL)
                    .path("v1/messages")
                    .defaultAuth(AuthStyle.X_API_KEY)
                    .defaultApiKeySource("ANTHROPIC_API_KEY")
                    .keyRequired(missingKeyMessage("an API key is required: apiKey(...), or fromEnv() with"
                            + " ANTHROPIC_API_KEY set"))
                    .header("anthropic-version", version)
                    .header("anthropic-beta", String.join(",", betas))
                    .errors(AnthropicCompactClient::errors)
                    .build();
            return new AnthropicCompactClient(this, endpoint);
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "AnthropicCompactClient.Builder{" + options().describe() + ", anthropicVersion=" + version
                    + ", keepRecentTokens=" + keepRecentTokens + ", maxTokens=" + maxTokens + "}";
        }
    }
}
