package io.github.compact4j.errors;

import java.time.Duration;
import java.util.Set;

/**
 * HTTP 429: too many requests or tokens for the account's rate limit, or no quota left. Rate
 * limits are retried automatically (honouring {@code retry-after}); an exhausted quota
 * ({@link #isQuotaExhausted()}) is not, since only a change of plan or billing helps.
 */
public class RateLimitException extends ApiException {

    private static final long serialVersionUID = 1L;

    /**
     * Error codes that mean the account is out of quota or at its spend limit rather than over a
     * rate limit: OpenAI's {@code insufficient_quota}, Anthropic's
     * {@code enforced_spend_limit_reached}. Such a 429 is not retried.
     */
    public static final Set<String> QUOTA_ERROR_CODES = Set.of("insufficient_quota", "enforced_spend_limit_reached");

    /**
     * For backend clients.
     *
     * @param details what is known about the failure, with its HTTP status
     */
    public RateLimitException(Details details) {
        super(details);
    }

    /**
     * For backend clients, with the wait the backend asked for.
     *
     * @param details what is known about the failure, with its HTTP status
     * @param retryAfter how long the backend asked to wait before trying again, or null
     */
    public RateLimitException(Details details, Duration retryAfter) {
        super(details, retryAfter);
    }

    /**
     * @return true when the backend said the account is out of quota or at its spend limit
     *     (OpenAI's {@code insufficient_quota}, Anthropic's {@code enforced_spend_limit_reached})
     *     rather than over a rate limit; waiting will not help
     */
    public boolean isQuotaExhausted() {
        return errorCode().map(QUOTA_ERROR_CODES::contains).orElse(false);
    }
}
