package io.github.compact4j.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from repeating a request behind the retry policy's back. Even with
 * {@code retryOnConnectionFailure(false)}, OkHttp sends a request again at once when it gets a 503
 * with {@code Retry-After: 0}. As a network interceptor this sees the answer before OkHttp's
 * follow-up logic does, and drops that header; the policy treats a zero wait as no wait given
 * anyway, so nothing it decides changes.
 */
final class NoSilentRetry implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() == 503) {
            String retryAfter = response.header("Retry-After");
            if (retryAfter != null && retryAfter.trim().matches("0+")) {
                return response.newBuilder().removeHeader("Retry-After").build();
            }
        }
        return response;
    }
}
