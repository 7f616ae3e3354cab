package io.github.compact4j.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * Every name this integration records: the GenAI and HTTP semantic conventions' where they apply,
 * {@code compact4j.*} for the rest. The conventions' names are written out here rather than taken
 * from the incubating semantic-conventions artifact, so the integration depends on the API alone.
 */
final class Names {

    private Names() {}

    /** The instrumentation scope of the tracer and the meter. */
    static final String SCOPE = "io.github.compact4j.opentelemetry";

    // GenAI semantic conventions
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Boolean> COMPACTED = AttributeKey.booleanKey("gen_ai.conversation.compacted");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** {@code gen_ai.operation.name} of a compaction: none of the conventions' values fits, so a custom one. */
    static final String OP_COMPACT = "compact";
    /** {@code gen_ai.operation.name} of a summarizer call: a chat completion. */
    static final String OP_CHAT = "chat";

    // HTTP semantic conventions, for each attempt
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> HTTP_RESEND = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    // compact4j's own
    static final AttributeKey<String> TRACE_ID = AttributeKey.stringKey("compact4j.trace_id");
    static final AttributeKey<String> SPAN_ID = AttributeKey.stringKey("compact4j.span_id");
    static final AttributeKey<String> COMPACTOR = AttributeKey.stringKey("compact4j.compactor");
    static final AttributeKey<String> STRATEGY = AttributeKey.stringKey("compact4j.strategy");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("compact4j.outcome");
    static final AttributeKey<Long> TOKENS_BEFORE = AttributeKey.longKey("compact4j.tokens.before");
    static final AttributeKey<Long> TOKENS_AFTER = AttributeKey.longKey("compact4j.tokens.after");
    static final AttributeKey<Long> TOKENS_SAVED = AttributeKey.longKey("compact4j.tokens.saved");
    static final AttributeKey<Long> ITEMS_BEFORE = AttributeKey.longKey("compact4j.items.before");
    static final AttributeKey<Long> ITEMS_AFTER = AttributeKey.longKey("compact4j.items.after");
    static final AttributeKey<Boolean> FELL_BACK = AttributeKey.booleanKey("compact4j.fell_back");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("compact4j.attempts");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("compact4j.request_id");
    static final AttributeKey<List<String>> REQUEST_IDS = AttributeKey.stringArrayKey("compact4j.request_ids");
    static final AttributeKey<String> CLIENT_REQUEST_ID = AttributeKey.stringKey("compact4j.client_request_id");
    static final AttributeKey<Long> HTTP_ATTEMPT = AttributeKey.longKey("compact4j.http.attempt");
    static final AttributeKey<Long> HTTP_MAX_ATTEMPTS = AttributeKey.longKey("compact4j.http.max_attempts");
    static final AttributeKey<Long> HTTP_RETRY_IN_MS = AttributeKey.longKey("compact4j.http.retry_in_ms");
    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("compact4j.error.code");
    static final AttributeKey<Long> ERROR_STATUS = AttributeKey.longKey("compact4j.error.status");
    static final AttributeKey<String> FROM = AttributeKey.stringKey("compact4j.fallback.from");
    static final AttributeKey<String> TO = AttributeKey.stringKey("compact4j.fallback.to");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("compact4j.fallback.reason");
    static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("compact4j.duration_ms");
    static final AttributeKey<Long> PART = AttributeKey.longKey("compact4j.summary.part");
    static final AttributeKey<Long> PARTS = AttributeKey.longKey("compact4j.summary.parts");
    static final AttributeKey<List<String>> APPLIED_EDITS = AttributeKey.stringArrayKey("compact4j.applied_edits");

    // compact4j.outcome values
    static final String SUCCESS = "success";
    static final String FALLBACK = "fallback";
    static final String FAILURE = "failure";
    /** compact4j.strategy of a compaction a provider made on its side. */
    static final String SERVER = "server";

    // span events
    static final String EVENT_ATTEMPT_FAILED = "compact4j.attempt_failed";
    static final String EVENT_FALLBACK = "compact4j.fallback";
    static final String EVENT_SERVER_COMPACTION = "compact4j.server_compaction";

    // metrics
    static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String TOKENS_SAVED_METRIC = "compact4j.tokens.saved";
    static final String COMPACTIONS = "compact4j.compactions";

    /** The conventions' bucket advice for {@code gen_ai.client.operation.duration}, in seconds. */
    static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
            10.24, 20.48, 40.96, 81.92);
    /** The conventions' bucket advice for {@code gen_ai.client.token.usage}, used for tokens saved too. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L, 4194304L, 16777216L, 67108864L);
}
