package io.github.compact4j.internal.http;

import io.github.compact4j.errors.ApiErrors;
import io.github.compact4j.errors.ApiException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.CompactionTimeoutException;
import io.github.compact4j.errors.ConnectionException;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.errors.StaleCompactionException;
import io.github.compact4j.internal.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Turns a failed exchange into the exception a caller can act on: the backend's own words, a hint
 * worded for this endpoint (its host, where its key comes from, how often it was retried), and
 * the type {@link ApiErrors} gives the status, the one mapping the library has.
 */
final class ErrorMapper {

    private final ErrorContext ctx;
    private final String host;
    private final String url;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final List<String> requestIds;
    private final List<String> clientRequestIds;
    private final Secrets secrets;

    ErrorMapper(ApiRequest request, RetryPolicy policy, Duration timeout, Duration connectTimeout,
            List<String> requestIds, List<String> clientRequestIds, Secrets secrets) {
        this.ctx = request.errors();
        this.host = request.url().host();
        this.url = Redaction.url(request.url(), secrets);
        this.secrets = secrets;
        this.policy = policy;
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        this.requestIds = requestIds;
        this.clientRequestIds = clientRequestIds;
    }

    /** @return what failed, the start of every message */
    String failed() {
        return ctx.failed();
    }

    private CompactionException.Details details(int attempts) {
        return CompactionException.details(ctx.failed())
                .requestIds(requestIds)
                .clientRequestIds(clientRequestIds)
                .attempts(attempts);
    }

    /**
     * @param status the answer's status
     * @param d what its body said ({@link ApiErrors#fromResponse}), completed here
     * @param decision the retry policy's last decision
     * @param attempts attempts made
     * @param location the {@code Location} header, for a redirect
     * @return the exception
     */
    ApiException forStatus(int status, CompactionException.Details d, RetryPolicy.Decision decision, int attempts,
            String location) {
        d.requestIds(requestIds).clientRequestIds(clientRequestIds).attempts(attempts)
                .backendMessage(secrets.scrub(d.backendMessage()));
        String code = d.errorCode();
        String retried = retried(attempts, decision);
        String own = ctx.hintFor(status);
        String forCode = ApiErrors.hintForCode(code);
        String hint;
        if ((status == 400 || status == 422) && StaleCompactionException.ERROR_CODE.equals(code)) {
            hint = null; // the general hint says all there is to say
        } else if (forCode != null) {
            hint = forCode + retried;
        } else if (status == 429 && ApiErrors.isQuotaExhausted(code)) {
            hint = "The account has no quota left or reached its spend limit: check the plan, billing and spend"
                    + " limits of the organization or project; retrying will not help, so it was not retried.";
        } else if (own != null) {
            hint = own + retried;
        } else {
            hint = switch (status) {
                case 400, 422 -> "The backend rejected the request itself; sending it again will not help: check the"
                        + " model name and the conversation items"
                        + (d.errorParam() != null ? " (it points at '" + d.errorParam() + "')" : "") + "." + retried;
                case 401 -> "Check the API key (" + ctx.apiKeySource() + "): it is missing, wrong or revoked, or it"
                        + " belongs to another service than " + host + ".";
                case 403 -> "The key may not use this model or endpoint: check the project's and organization's"
                        + " permissions and model access, and the region the call comes from." + retried;
                case 404 -> "Check the base URL (" + url + ") and the model name." + retried;
                case 408 -> "The server timed out waiting for the request." + retried + " Check the network and any"
                        + " proxy between here and " + host + ".";
                case 409 -> "The request conflicted with another operation." + retried + " Try again later.";
                case 429 -> "Rate limit reached." + retried + " Slow down, spread calls over time, or ask for a higher"
                        + " limit.";
                default -> status >= 300 && status < 400
                        ? "The server redirects" + (location != null ? " to " + Redaction.location(location, secrets) : "")
                                + "; compact4j does not follow redirects of API calls: set the base URL to where it"
                                + " points."
                        : status >= 500 ? "The backend (or a proxy in front of it) failed." + retried + " Try again later."
                        : "The backend answered with a status compact4j does not expect here." + retried;
            };
        }
        if (hint != null) {
            d.hint(hint);
        }
        return ApiErrors.forStatus(d, decision.requestedWait());
    }

    CompactionException forIo(IOException e, RetryPolicy.Decision decision, int attempts) {
        String retried = retried(attempts, decision);
        String what = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + secrets.scrub(e.getMessage()) : "");
        if (e instanceof java.io.InterruptedIOException) {
            boolean connect = e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("connect");
            String message = connect
                    ? "could not connect to " + host + " within " + human(connectTimeout)
                    : "no complete answer from " + host + " within " + human(timeout);
            String hint = connect
                    ? "Check the network, any proxy and the base URL, or raise connectTimeout." + retried
                    : "Large conversations take longer: raise the timeout (now " + human(timeout)
                            + " per attempt), or compact earlier." + retried;
            return new CompactionTimeoutException(details(attempts).backendMessage(message).hint(hint).cause(e));
        }
        return new ConnectionException(details(attempts)
                .backendMessage("could not talk to " + host + " (" + what + ")")
                .hint("Check the base URL (" + url + "), DNS, the network and any proxy in between." + retried)
                .cause(e));
    }

    /**
     * @param e why the request body could not be written
     * @return the failure: nothing was sent
     */
    CompactionException unsendable(IOException e) {
        return new CompactionException(ctx.failed() + ": the request body could not be written ("
                + secrets.scrub(String.valueOf(e.getMessage())) + "). Nothing was sent; this is a bug in the client"
                + " that wrote the body, and the conversation was left as it was", e);
    }

    InvalidResponseException invalid(int status, String problem, int attempts, Throwable cause) {
        return new InvalidResponseException(details(attempts)
                .status(status)
                .backendMessage(secrets.scrub(problem))
                .hint("The server at " + host + " did not answer like the API it should be: check that the base URL"
                        + " points at the real API and not at a proxy, a login page or an incompatible server."
                        + " Not retried; a fallback strategy can take over.")
                .cause(cause));
    }

    private String retried(int attempts, RetryPolicy.Decision decision) {
        String s = attempts > 1 ? " Retried " + (attempts - 1) + (attempts == 2 ? " time." : " times.") : "";
        RetryPolicy.Stop stop = decision == null ? null : decision.stop();
        if (stop == RetryPolicy.Stop.WAIT_TOO_LONG) {
            s += " The backend asked to wait " + human(decision.requestedWait()) + ", longer than maxRetryAfter ("
                    + human(policy.maxRetryAfter()) + "), so it was not retried: try again later, or raise"
                    + " maxRetryAfter.";
        } else if (stop == RetryPolicy.Stop.SERVER_SAID_NO) {
            s += " The backend said not to retry (x-should-retry: false).";
        }
        return s;
    }

    static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0 && ms < 120_000) {
            return ms / 1000 + " s";
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
    }

    /** Why the DEBUG line says an attempt was not retried. */
    static String stopReason(RetryPolicy.Decision d) {
        if (d == null || d.stop() == null) {
            return null;
        }
        return switch (d.stop()) {
            case NOT_RETRYABLE -> "status not retryable";
            case EXHAUSTED -> "no retries left";
            case SERVER_SAID_NO -> "x-should-retry: false";
            case QUOTA -> "quota or spend limit used up";
            case WAIT_TOO_LONG -> "retry-after " + human(d.requestedWait()) + " exceeds the cap";
        };
    }
}
