package io.github.compact4j.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.http.AuthStyle;
import io.github.compact4j.http.ClientBuilder;
import io.github.compact4j.internal.http.AnswerJson;
import io.github.compact4j.internal.http.Endpoint;
import io.github.compact4j.internal.http.ErrorContext;
import io.github.compact4j.internal.http.HttpResult;
import io.github.compact4j.internal.http.InvalidBodyException;
import io.github.compact4j.internal.http.JsonBody;
import io.github.compact4j.logging.TracedCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okio.BufferedSource;

/**
 * Compacts a conversation with OpenAI's native {@code POST /v1/responses/compact}: the model
 * reads the whole history and returns a short one, the user messages it kept followed by one
 * opaque, encrypted compaction item. Send {@link CompactionResult#items()} as the next
 * {@code /v1/responses} input. Only OpenAI and Azure OpenAI can read the compaction item
 * ({@link CompactionResult#portable()} is false). xAI serves the same endpoint at
 * {@code https://api.x.ai/v1} (key in {@code XAI_API_KEY}); its answer is one compaction item
 * and no kept messages, the item to put at the head of the next input, readable by xAI only.
 *
 * <pre>{@code
 * OpenAiCompactClient compactor = OpenAiCompactClient.fromEnv();   // OPENAI_API_KEY, ...
 * CompactionResult result = compactor.compact(CompactionRequest.builder()
 *         .model("gpt-5.1-codex-max")
 *         .items(history)
 *         .build());
 * history = new ArrayList<>(result.items());   // then append the next user message
 * }</pre>
 *
 * <p>Configuration:
 * <pre>{@code
 * OpenAiCompactClient.builder()
 *         .apiKey(key)                                // required
 *         .baseUrl("https://api.openai.com/v1")       // the default
 *         .organization("org-...").project("proj_...")
 *         .maxRetries(2).timeout(Duration.ofMinutes(10))
 *         .build();
 * OpenAiCompactClient.builder().azureResource("my-resource").apiKey(azureKey).build();  // Azure OpenAI
 * }</pre>
 *
 * <p>A conversation read from another format that holds what the Responses API cannot take (an
 * Anthropic thinking or server-tool block, see {@link ResponsesItems}) fails before any call with a
 * plain {@link CompactionException} whose cause names the item, so a chain falls back to
 * summarizing.
 *
 * <p>Failures are {@link CompactionException}s: an {@code ApiException} subtype for each error
 * status ({@code AuthenticationException} for 401, {@code RateLimitException} for 429, ...),
 * {@code StaleCompactionException} when the conversation holds a compaction item the account can
 * no longer read, {@code CompactionTimeoutException}, {@code ConnectionException}, and
 * {@code InvalidResponseException} when the server's answer is not a valid compaction (a
 * fallback strategy can take over). Connection failures, timeouts, 408, 409, 429 and 5xx are
 * retried first.
 *
 * <p>Thread-safe; build one per configuration and share it. {@code compactAsync} can be
 * cancelled: that cancels the HTTP call in flight.
 */
public final class OpenAiCompactClient extends TracedCompactor {

    /** The strategy name, as {@link CompactionResult#strategy()} reports it. */
    public static final String NAME = "openai-compact";

    /** OpenAI's API base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private static final String COMPACTION_OBJECT = "response.compaction";

    private final Endpoint endpoint;
    private final TokenCounter tokenCounter;
    private final String ownSettings;

    private OpenAiCompactClient(Builder b, Endpoint endpoint) {
        this.endpoint = endpoint;
        this.tokenCounter = b.tokenCounter;
        this.ownSettings = (b.organization != null ? ", organization=" + b.organization : "")
                + (b.project != null ? ", project=" + b.project : "")
                + (b.apiVersion != null ? ", apiVersion=" + b.apiVersion : "");
    }

    /** @return a builder; {@link Builder#apiKey(String)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client configured from the process environment: {@code OPENAI_API_KEY} (required),
     * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}.
     *
     * @return the client
     * @throws IllegalStateException when {@code OPENAI_API_KEY} is not set
     */
    public static OpenAiCompactClient fromEnv() {
        return builder().fromEnv().build();
    }

    /**
     * A client configured from the given variables, as {@link #fromEnv()} does from the
     * environment.
     *
     * @param env variables such as {@code OPENAI_API_KEY}
     * @return the client
     * @throws IllegalStateException when {@code OPENAI_API_KEY} is missing or blank
     */
    public static OpenAiCompactClient fromEnv(Map<String, String> env) {
        return builder().fromEnv(env).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Compacts the conversation with one call to {@code /responses/compact} (plus retries).
     *
     * @param request the conversation and the model it runs on; the model must support compaction
     * @return the compacted history: the kept messages and one compaction item
     * @throws CompactionException when the call fails; the request is unchanged
     */
    @Override
    protected CompactionResult.Builder doCompact(CompactionRequest request) {
        TokenCounter counter = tokenCounter != null ? tokenCounter : TokenCounter.forModel(request.model());
        List<Item> before = request.items();
        if (before.isEmpty() && request.previousResponseId().isEmpty()) {
            return CompactionResult.builder()
                    .items(before)
                    .note("the conversation is empty: nothing to compact, no call made");
        }
        long inputChars;
        try {
            inputChars = ResponsesItems.checkWritable(before);
        } catch (InvalidConversationException e) {
            // not a broken conversation, one the Responses API cannot take: a summary still can
            throw new CompactionException("Native compaction (/responses/compact) failed: the conversation has no"
                    + " Responses form (" + e.summary() + "). Only a history the Responses API takes can be compacted"
                    + " natively; a fallback strategy can summarize it. Nothing was sent, and the conversation was left"
                    + " as it was", e);
        }
        HttpResult<Compacted> r = endpoint.post(JsonBody.withMinimumSize(inputChars, g -> writeBody(request, g)),
                OpenAiCompactClient::read);
        Compacted c = r.value();
        Stripped stripped = stripOrphanedMessageIds(c.items());
        return CompactionResult.builder()
                .items(stripped.items())
                .tokensBefore(counter.count(before))
                .tokensAfter(counter.count(stripped.items()))
                .itemsBefore(before.size())
                .usage(c.usage())
                .requestIds(r.requestIds())
                .note(stripped.count() == 0 ? null : "rewrote " + stripped.count() + " assistant message(s) whose reasoning item"
                        + " is not in the output as input messages without an id (text kept, annotations dropped),"
                        + " so the history can be sent again");
    }

    /** The body of {@code CompactResponseMethodPublicBody}, streamed; optional fields only when set. */
    static void writeBody(CompactionRequest request, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", request.model());
        if (!request.items().isEmpty() || request.previousResponseId().isEmpty()) {
            g.writeFieldName("input");
            ResponsesItems.write(request.items(), g);
        }
        if (request.instructions().isPresent()) {
            g.writeStringField("instructions", request.instructions().get());
        }
        if (request.previousResponseId().isPresent()) {
            g.writeStringField("previous_response_id", request.previousResponseId().get());
        }
        if (request.promptCacheKey().isPresent()) {
            g.writeStringField("prompt_cache_key", request.promptCacheKey().get());
        }
        if (request.serviceTier().isPresent()) {
            g.writeStringField("service_tier", request.serviceTier().get());
        }
        g.writeEndObject();
    }

    /** What a {@code CompactResource} holds that the result needs. */
    record Compacted(List<Item> items, Usage usage) {}

    /** Reads and checks a {@code CompactResource} from the stream. */
    static Compacted read(BufferedSource body) throws IOException {
        JsonNode root = AnswerJson.readObject(body);
        JsonNode object = root.get("object");
        if (object == null || !object.isTextual()) {
            throw new InvalidBodyException("the answer has no 'object' field; expected '" + COMPACTION_OBJECT + "'");
        }
        if (!COMPACTION_OBJECT.equals(object.textValue())) {
            throw new InvalidBodyException("expected 'object' to be '" + COMPACTION_OBJECT + "' but got '"
                    + AnswerJson.shorten(object.textValue()) + "'");
        }
        JsonNode output = root.get("output");
        if (output == null || !output.isArray()) {
            throw new InvalidBodyException("the answer has no 'output' array");
        }
        List<Item> items;
        try {
            items = ResponsesItems.fromJsonNode(output);
        } catch (InvalidConversationException e) {
            throw new InvalidBodyException("'output' holds an invalid item: " + e.summary());
        }
        long compactions = items.stream().filter(Compaction.class::isInstance).count();
        if (compactions != 1) {
            throw new InvalidBodyException("expected exactly one compaction item in 'output' but found " + compactions);
        }
        return new Compacted(items, usage(root.get("usage")));
    }

    /**
     * The usage figures; the detail objects may be absent, and figures that are not non-negative
     * integers count as 0 rather than discarding a good compaction.
     */
    static Usage usage(JsonNode u) {
        return AnswerJson.usage(u, "input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");
    }

    record Stripped(List<Item> items, int count) {}

    /**
     * An assistant message that came out of a reasoning model carries an id the API ties to the
     * reasoning item before it; sending the id without that item gets a 400 ("provided without its
     * required 'reasoning' item"). Without its id the message is no valid output message any more
     * (the spec requires {@code id} there), and its {@code output_text} parts are no valid input
     * content either, so it becomes what the spec calls an input message: role {@code assistant},
     * its text (every text and refusal part, joined with newlines) as string content, its
     * {@code phase} kept. That happens whenever no reasoning item precedes the message in the same
     * turn. Annotations on its text parts (citations) do not survive the change.
     */
    static Stripped stripOrphanedMessageIds(List<Item> items) {
        List<Item> out = null;
        boolean reasoningInTurn = false;
        int stripped = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item instanceof Reasoning) {
                reasoningInTurn = true;
            } else if (item instanceof Compaction) {
                reasoningInTurn = false;
            } else if (item instanceof Message m) {
                if (!Message.ASSISTANT.equals(m.role())) {
                    reasoningInTurn = false;
                } else if (m.has("id") && !reasoningInTurn) {
                    if (out == null) {
                        out = new ArrayList<>(items);
                    }
                    out.set(i, asInputMessage(m));
                    stripped++;
                }
            }
        }
        return new Stripped(out == null ? items : Collections.unmodifiableList(out), stripped);
    }

    /** The assistant message as the spec's input message ({@code EasyInputMessage}): string content, phase kept. */
    private static Message asInputMessage(Message m) {
        Message input = Message.assistant(m.text());
        Optional<JsonNode> phase = m.field("phase");
        return phase.isPresent() && phase.get().isTextual() ? (Message) input.with("phase", phase.get()) : input;
    }

    /** Describes the configuration; never shows the API key. */
    @Override
    public String toString() {
        return "OpenAiCompactClient{" + endpoint.describe() + ownSettings + "}";
    }

    private static ErrorContext errors(Endpoint.Target t) {
        boolean azure = t.auth() == AuthStyle.AZURE_API_KEY;
        // xAI serves the same endpoint; only the wording names it
        boolean xai = t.baseUrl().host().equals("x.ai") || t.baseUrl().host().endsWith(".x.ai");
        return new ErrorContext(xai ? "xAI compaction failed" : "OpenAI compaction failed", t.apiKeySource(),
                (azure
                        ? "The Azure OpenAI endpoint (" + t.display() + ") or the deployment named as the model"
                                + " does not support /responses/compact: use the v1 endpoint"
                                + " (https://{resource}.openai.azure.com/openai/v1) and a deployment of a model that"
                                + " supports compaction."
                        : xai
                        ? "The base URL (" + t.display() + ") or the model does not support /responses/compact: use"
                                + " https://api.x.ai/v1 and a Grok model that supports context compaction."
                        : "The base URL (" + t.display() + ") or the model does not support /responses/compact:"
                                + " use " + DEFAULT_BASE_URL + " (or a proxy that forwards /responses/compact) and a"
                                + " model that supports compaction.")
                        + " A fallback strategy such as summarization can take over.");
    }

    /**
     * Builds an {@link OpenAiCompactClient}: OpenAI's organization, project and API version here,
     * every transport setting (base URL, key, headers, retries, timeouts, OkHttp client) from
     * {@link ClientBuilder}. Not thread-safe. Its {@code toString()} never shows the API key.
     */
    public static final class Builder extends ClientBuilder<Builder> {

        private static final Pattern AZURE_RESOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

        private String organization;
        private String project;
        private String apiVersion;
        private TokenCounter tokenCounter;

        private Builder() {}

        /**
         * Takes the configuration from the process environment: {@code OPENAI_API_KEY},
         * {@code OPENAI_BASE_URL}, {@code OPENAI_ORG_ID}, {@code OPENAI_PROJECT_ID}. Unset
         * variables leave the builder's values alone.
         *
         * @return this
         */
        public Builder fromEnv() {
            return fromEnv(System.getenv());
        }

        /**
         * Takes the configuration from the given variables, as {@link #fromEnv()} does.
         *
         * @param env variables such as {@code OPENAI_API_KEY}
         * @return this
         */
        public Builder fromEnv(Map<String, String> env) {
            readEnvironment(env, "OPENAI_API_KEY", "OPENAI_BASE_URL");
            String org = blankToNull(env.get("OPENAI_ORG_ID"));
            if (org != null) {
                organization(org);
            }
            String proj = blankToNull(env.get("OPENAI_PROJECT_ID"));
            if (proj != null) {
                project(proj);
            }
            return this;
        }

        /**
         * Targets an Azure OpenAI resource through its v1 API:
         * {@code https://{resourceName}.openai.azure.com/openai/v1}, with the key sent in the
         * {@code api-key} header. Pass the deployment name as the request's model.
         *
         * @param resourceName the resource name, e.g. {@code my-resource}
         * @return this
         * @throws IllegalArgumentException when it is not a resource name
         */
        public Builder azureResource(String resourceName) {
            Objects.requireNonNull(resourceName, "resourceName");
            if (!AZURE_RESOURCE.matcher(resourceName).matches()) {
                throw new IllegalArgumentException("azureResource must be an Azure resource name (letters, digits,"
                        + " '-'), got '" + resourceName + "'");
            }
            return baseUrl("https://" + resourceName + ".openai.azure.com/openai/v1").authStyle(AuthStyle.AZURE_API_KEY);
        }

        /**
         * @param apiVersion an {@code api-version} query parameter to send, for Azure OpenAI's
         *     dated API ({@code .../openai/deployments/...?api-version=...}) or features that still
         *     need one; none by default, as the v1 API does not need it
         * @return this
         */
        public Builder apiVersion(String apiVersion) {
            this.apiVersion = blankToNull(apiVersion);
            return this;
        }

        /**
         * @param organization sent as {@code OpenAI-Organization}; null for none
         * @return this
         * @throws IllegalArgumentException when it has a character HTTP headers cannot carry
         */
        public Builder organization(String organization) {
            this.organization = checkHeaderValue("OpenAI-Organization", organization);
            return this;
        }

        /**
         * @param project sent as {@code OpenAI-Project}; null for none
         * @return this
         * @throws IllegalArgumentException when it has a character HTTP headers cannot carry
         */
        public Builder project(String project) {
            this.project = checkHeaderValue("OpenAI-Project", project);
            return this;
        }

        /**
         * @param counter counts tokens before and after; default {@link TokenCounter#forModel(String)}
         *     of the request's model
         * @return this
         */
        public Builder tokenCounter(TokenCounter counter) {
            this.tokenCounter = counter;
            return this;
        }

        /**
         * @return the client; the base URL defaults to {@value OpenAiCompactClient#DEFAULT_BASE_URL}
         *     and the key goes as {@code Authorization: Bearer} ({@code api-key} on Azure OpenAI hosts)
         * @throws IllegalStateException when no API key was given
         */
        public OpenAiCompactClient build() {
            Endpoint.Builder e = Endpoint.builder(options())
                    .defaultBaseUrl(DEFAULT_BASE_URL)
                    .path("responses/compact")
                    .defaultAuth(AuthStyle.BEARER)
                    .azureAware()
                    .defaultApiKeySource("OPENAI_API_KEY")
                    .keyRequired(missingKeyMessage("An API key is required: call apiKey(...), or fromEnv() with"
                            + " OPENAI_API_KEY set"))
                    .errors(OpenAiCompactClient::errors);
            if (apiVersion != null) {
                e.queryParameter("api-version", apiVersion);
            }
            // OpenAI's account headers mean nothing to Azure, whose key names the resource
            if (organization != null) {
                e.header("OpenAI-Organization", organization, t -> t.auth() != AuthStyle.AZURE_API_KEY);
            }
            if (project != null) {
                e.header("OpenAI-Project", project, t -> t.auth() != AuthStyle.AZURE_API_KEY);
            }
            return new OpenAiCompactClient(this, e.build());
        }

        @Override
        protected java.util.Set<String> ownHeaders() {
            return java.util.Set.of("openai-organization", "openai-project");
        }

        /** Describes the configuration so far; never shows the API key. */
        @Override
        public String toString() {
            return "OpenAiCompactClient.Builder{" + options().describe()
                    + (organization != null ? ", organization=" + organization : "")
                    + (project != null ? ", project=" + project : "") + "}";
        }
    }
}
