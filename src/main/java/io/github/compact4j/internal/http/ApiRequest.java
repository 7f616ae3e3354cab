package io.github.compact4j.internal.http;

import io.github.compact4j.internal.Secrets;
import java.util.Objects;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One request to send, with retries: where, with which headers (credentials included), which
 * JSON body, and how to word its failures. Immutable.
 *
 * @param method the HTTP method
 * @param url the full URL
 * @param headers headers of every attempt (the transport adds {@code X-Client-Request-Id})
 * @param body the JSON body, or null for none
 * @param errors how to word failures
 */
public record ApiRequest(String method, HttpUrl url, Headers headers, JsonBody body, ErrorContext errors) {

    /** Checks the parts. */
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(errors, "errors");
    }

    /**
     * @param url the full URL
     * @param headers headers of every attempt
     * @param body the JSON body
     * @param errors how to word failures
     * @return a POST with a JSON body
     */
    public static ApiRequest post(HttpUrl url, Headers headers, JsonBody body, ErrorContext errors) {
        return new ApiRequest("POST", url, headers, Objects.requireNonNull(body, "body"), errors);
    }

    /** Names the call without its headers, which hold credentials. */
    @Override
    public String toString() {
        return "ApiRequest{" + method + " " + Redaction.url(url, Secrets.NONE) + "}";
    }
}
