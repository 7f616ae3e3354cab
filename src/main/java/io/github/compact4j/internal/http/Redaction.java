package io.github.compact4j.internal.http;

import io.github.compact4j.internal.Secrets;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * What of a URL or a header may appear in a log line. Headers go through an allow-list: a header
 * the library does not know might carry a credential (a gateway's own key header, say), so its
 * value shows as {@code REDACTED}; credentials and cookies are redacted even if someone adds them
 * to the list.
 */
final class Redaction {

    private static final Set<String> ALWAYS_REDACTED = Set.of("authorization", "proxy-authorization", "api-key",
            "x-api-key", "x-goog-api-key", "cookie", "set-cookie", "ocp-apim-subscription-key");

    private static final Set<String> ALLOWED = Set.of("accept", "accept-encoding", "connection", "content-encoding",
            "content-length", "content-type", "date", "host", "server", "transfer-encoding", "user-agent", "via",
            "x-request-id", "request-id", "x-client-request-id", "openai-processing-ms", "openai-version",
            "openai-organization", "openai-project", "openai-model", "retry-after", "retry-after-ms",
            "x-should-retry", "anthropic-version", "anthropic-beta", "anthropic-organization-id", "apim-request-id",
            "x-ms-region", "x-ms-client-request-id", "cf-ray", "x-envoy-upstream-service-time");

    private static final Set<String> ALLOWED_PREFIXES = Set.of("x-ratelimit-", "anthropic-ratelimit-");

    /** Query parameters that carry credentials on some backends (Gemini's {@code key=}, SAS tokens, ...). */
    private static final Set<String> SECRET_QUERY = Set.of("key", "api-key", "api_key", "apikey", "access_token",
            "token", "auth", "sig", "signature", "secret", "client_secret", "password", "code");

    private Redaction() {}

    /**
     * @param url a request URL
     * @param secrets the client's credentials
     * @return the URL without user info and with credential-carrying query values redacted
     */
    static String url(HttpUrl url, Secrets secrets) {
        HttpUrl.Builder b = url.newBuilder();
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            b.username("").password("");
        }
        if (url.querySize() > 0) {
            b.query(null);
            for (int i = 0; i < url.querySize(); i++) {
                String name = url.queryParameterName(i);
                b.addQueryParameter(name, SECRET_QUERY.contains(name.toLowerCase(Locale.ROOT))
                        ? Secrets.REDACTED : url.queryParameterValue(i));
            }
        }
        return secrets.scrub(b.build().toString());
    }

    /**
     * @param name a header name
     * @param value its value
     * @param secrets the client's credentials
     * @return the value to log: itself (scrubbed) when the header is allowed, else {@code REDACTED}
     */
    static String header(String name, String value, Secrets secrets) {
        String n = name.toLowerCase(Locale.ROOT);
        if (ALWAYS_REDACTED.contains(n)) {
            return Secrets.REDACTED;
        }
        if (ALLOWED.contains(n)) {
            return secrets.scrub(value);
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (n.startsWith(prefix)) {
                return secrets.scrub(value);
            }
        }
        return Secrets.REDACTED;
    }

    /**
     * @param location a {@code Location} header value
     * @param secrets the client's credentials
     * @return it redacted like a URL when it is one, else scrubbed
     */
    static String location(String location, Secrets secrets) {
        HttpUrl parsed = HttpUrl.parse(location);
        return parsed != null ? url(parsed, secrets) : secrets.scrub(location);
    }
}
