package io.github.compact4j.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns an HTTP error answer into the exception compact4j raises for it, so a {@code Summarizer}
 * or compactor of your own (on an SDK compact4j does not ship) fails with the same typed, hinted
 * exceptions the library's clients do, and a fallback chain treats it the same way.
 *
 * <pre>{@code
 * if (!response.isSuccessful()) {
 *     throw ApiErrors.forStatus(ApiErrors.fromResponse("Bedrock summarization failed",
 *                     response.code(), response.body().bytes(), response.header("Content-Type"))
 *             .requestIds(List.of(response.header("x-amzn-requestid"))));
 * }
 * }</pre>
 *
 * <p>The one mapping from status to type, used by the library's own HTTP transport too:
 * 400 and 422 {@link BadRequestException} (or {@link StaleCompactionException} for
 * {@code invalid_encrypted_content} and Anthropic's codes for an edited or misplaced compaction
 * block, {@link StaleCompactionException#ERROR_CODES}), 401 {@link AuthenticationException}, 403
 * {@link PermissionDeniedException}, 404 {@link NotFoundException}, 409 {@link ConflictException},
 * 429 {@link RateLimitException}, 5xx (and Anthropic's 529) {@link ServerException}, anything
 * else {@link UnexpectedStatusException}.
 */
public final class ApiErrors {

    /** How much of an error body is worth reading: an error answer is small, a proxy's page need not be. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private ApiErrors() {}

    /**
     * Starts the description of a failed call from the backend's answer: its status, and what its
     * body says in any of the shapes backends use (OpenAI's
     * {@code {"error":{"message","type","param","code"}}}, Anthropic's
     * {@code {"type":"error","error":{"type","message"}}}, plain text, a proxy's HTML page).
     *
     * @param failed what failed, the start of the message, e.g. "Bedrock summarization failed"
     * @param status the HTTP status
     * @param body the body, or its first bytes; only the first {@value #MAX_BODY_BYTES} are read
     * @param contentType the answer's {@code Content-Type}, or null
     * @return the details, to complete (request ids, a hint) and pass to {@link #forStatus}
     */
    public static CompactionException.Details fromResponse(String failed, int status, byte[] body, String contentType) {
        Objects.requireNonNull(failed, "failed");
        Objects.requireNonNull(body, "body");
        boolean truncated = body.length > MAX_BODY_BYTES;
        byte[] head = truncated ? java.util.Arrays.copyOf(body, MAX_BODY_BYTES) : body;
        ErrorBody e = ErrorBody.parse(head, contentType, truncated);
        return CompactionException.details(failed)
                .status(status)
                .errorType(e.type())
                .errorCode(e.code())
                .errorParam(e.param())
                .backendMessage(e.message() != null ? e.message() : "HTTP " + status + " with an empty body");
    }

    /**
     * @param failed what failed
     * @param status the HTTP status
     * @param body the body as text, may be empty
     * @return the details, as {@link #fromResponse(String, int, byte[], String)} makes them
     */
    public static CompactionException.Details fromResponse(String failed, int status, String body) {
        return fromResponse(failed, status, Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * @param details the failure, with its HTTP status
     * @return the exception for it, as {@link #forStatus(CompactionException.Details, Duration)}
     */
    public static ApiException forStatus(CompactionException.Details details) {
        return forStatus(details, null);
    }

    /**
     * The exception of the right type for the status (and error code) the details carry. When the
     * details have no hint yet, a general one for the status is added.
     *
     * @param details the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait, or null
     * @return the exception, to throw
     * @throws IllegalArgumentException when the details carry no status
     */
    public static ApiException forStatus(CompactionException.Details details, Duration retryAfter) {
        Objects.requireNonNull(details, "details");
        Integer boxed = details.status();
        if (boxed == null) {
            throw new IllegalArgumentException("the details carry no HTTP status; set it with status(..)");
        }
        int status = boxed;
        String code = details.errorCode();
        if (details.hint() == null) {
            details.hint(defaultHint(status, code));
        }
        if ((status == 400 || status == 422) && StaleCompactionException.isStaleCode(code)) {
            return new StaleCompactionException(details);
        }
        return switch (status) {
            case 400, 422 -> new BadRequestException(details, retryAfter);
            case 401 -> new AuthenticationException(details, retryAfter);
            case 403 -> new PermissionDeniedException(details, retryAfter);
            case 404 -> new NotFoundException(details, retryAfter);
            case 409 -> new ConflictException(details, retryAfter);
            case 429 -> new RateLimitException(details, retryAfter);
            default -> status >= 500 ? new ServerException(details, retryAfter)
                    : new UnexpectedStatusException(details, retryAfter);
        };
    }

    /**
     * @param errorCode a backend's error code, or null
     * @return whether it says the account is out of quota or at its spend limit
     */
    public static boolean isQuotaExhausted(String errorCode) {
        return errorCode != null && RateLimitException.QUOTA_ERROR_CODES.contains(errorCode);
    }

    /**
     * What to do about an error code whose meaning does not depend on the endpoint: the stale or
     * tampered compaction codes, and Anthropic's other {@code compaction_*} codes.
     *
     * @param errorCode a backend's error code, or null
     * @return the hint, a full sentence or two, or null when the code has none of its own
     */
    public static String hintForCode(String errorCode) {
        if (errorCode == null) {
            return null;
        }
        return switch (errorCode) {
            case "compaction_signature_invalid", "compaction_content_mismatch", "compaction_tool_changes_mismatch" ->
                    "The conversation's compaction block was changed after Anthropic signed it: keep the block byte for"
                            + " byte, or rebuild the history from the original items (ManagedConversation.rebuild())"
                            + " and compact again.";
            case "compaction_block_misplaced" -> "Summarized messages were left in front of the compaction block: the"
                    + " block must come first in 'messages'. Send the compaction result's items as they are, or"
                    + " rebuild the history from the original items and compact again.";
            case "compaction_block_ambiguous" -> "The conversation holds more than one compaction block: keep only the"
                    + " newest one (each block covers the ones before it), or rebuild the history from the original"
                    + " items.";
            case "compaction_nothing_to_summarize" -> "There was nothing to summarize (no user or assistant content"
                    + " before the recent turns kept verbatim): compact later, or keep fewer recent tokens.";
            case "compaction_incomplete_turn" -> "The messages sent for summarizing end in a tool call without its"
                    + " result: send the tool results first, then compact.";
            case "compaction_too_many_tool_references" -> "The summarized turns reference more tools than the"
                    + " compaction can carry: compact earlier, or keep fewer tools in the conversation.";
            case "compaction_unavailable" -> "Anthropic could not run the compaction just now (it was retried): try"
                    + " again later; a fallback strategy can take over.";
            default -> null;
        };
    }

    private static String defaultHint(int status, String code) {
        String forCode = hintForCode(code);
        if (forCode != null && !StaleCompactionException.ERROR_CODE.equals(code)) {
            return forCode;
        }
        if ((status == 400 || status == 422) && StaleCompactionException.ERROR_CODE.equals(code)) {
            return "The conversation holds a compaction or encrypted reasoning item this account cannot read (made by"
                    + " another account or project, or stale): rebuild the history from the original items, or"
                    + " summarize it instead.";
        }
        if (status == 429 && isQuotaExhausted(code)) {
            return "The account has no quota left or reached its spend limit: check the plan, billing and spend"
                    + " limits; retrying will not help.";
        }
        return switch (status) {
            case 400, 422 -> "The backend rejected the request itself; sending it again will not help: check the model"
                    + " name and the conversation.";
            case 401 -> "Check the API key: it is missing, wrong or revoked, or it belongs to another service.";
            case 403 -> "The key may not use this model or endpoint: check its permissions and model access.";
            case 404 -> "Check the base URL and the model name.";
            case 409 -> "The request conflicted with another operation. Try again later.";
            case 429 -> "Rate limit reached. Slow down, spread calls over time, or ask for a higher limit.";
            default -> status >= 500 ? "The backend (or a proxy in front of it) failed. Try again later."
                    : "The backend answered with a status compact4j does not expect here.";
        };
    }
}
