package io.github.compact4j.micrometer;

/** The names this integration records, the same as compact4j-opentelemetry's where they can be. */
final class Keys {

    private Keys() {}

    static final String COMPACTION = "compact4j.compaction";
    static final String SERVER_COMPACTION = "compact4j.server.compaction";

    // low cardinality: on the timer, the same set on every observation
    static final String OPERATION = "gen_ai.operation.name";
    static final String PROVIDER = "gen_ai.provider.name";
    static final String REQUEST_MODEL = "gen_ai.request.model";
    static final String STRATEGY = "compact4j.strategy";
    static final String OUTCOME = "compact4j.outcome";
    static final String ERROR_TYPE = "error.type";
    static final String TOKEN_TYPE = "gen_ai.token.type";

    // high cardinality: on the span only
    static final String TRACE_ID = "compact4j.trace_id";
    static final String SPAN_ID = "compact4j.span_id";
    static final String COMPACTOR = "compact4j.compactor";
    static final String TOKENS_BEFORE = "compact4j.tokens.before";
    static final String TOKENS_AFTER = "compact4j.tokens.after";
    static final String TOKENS_SAVED = "compact4j.tokens.saved";
    static final String ITEMS_BEFORE = "compact4j.items.before";
    static final String ITEMS_AFTER = "compact4j.items.after";
    static final String FELL_BACK = "compact4j.fell_back";
    static final String ATTEMPTS = "compact4j.attempts";
    static final String REQUEST_ID = "compact4j.request_id";
    static final String REQUEST_IDS = "compact4j.request_ids";
    static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
    static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    static final String COMPACTED = "gen_ai.conversation.compacted";
    static final String ERROR_STATUS = "compact4j.error.status";
    static final String ERROR_CODE = "compact4j.error.code";
    static final String APPLIED_EDITS = "compact4j.applied_edits";

    static final String OP_COMPACT = "compact";
    static final String OP_CHAT = "chat";
    static final String SUCCESS = "success";
    static final String FALLBACK = "fallback";
    static final String FAILURE = "failure";
    static final String SERVER = "server";
    /** A low-cardinality key without a value for this observation. */
    static final String NONE = "none";

    // events on the compaction's observation (a tracer's span events; counters named compact4j.compaction.<event>)
    static final String EVENT_ATTEMPT_FAILED = "attempt.failed";
    static final String EVENT_FALLBACK = "fallback";
    static final String EVENT_HTTP_ATTEMPT = "http.attempt";
    static final String EVENT_SUMMARIZER_CALL = "summarizer.call";
    static final String EVENT_SERVER_COMPACTION = "server.compaction";

    // meters of CompactionMeterHandler
    static final String TOKENS_SAVED_METER = "compact4j.tokens.saved";
    static final String COMPACTIONS_METER = "compact4j.compactions";
    static final String TOKEN_USAGE_METER = "compact4j.token.usage";
    static final String SUMMARIZER_CALL_METER = "compact4j.summarizer.call";
    static final String HTTP_ATTEMPT_METER = "compact4j.http.attempt";
    static final String HTTP_METHOD = "http.request.method";
    static final String HTTP_STATUS = "http.response.status_code";

    /** compact4j's provider ids as the GenAI conventions' {@code gen_ai.provider.name} values. */
    static String provider(String backend, String compactor) {
        if (backend != null && !backend.isBlank()) {
            return switch (backend) {
                case "azure-openai" -> "azure.ai.openai";
                case "gemini" -> "gcp.gemini";
                case "xai" -> "x_ai";
                case "mistral" -> "mistral_ai";
                default -> backend;
            };
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
