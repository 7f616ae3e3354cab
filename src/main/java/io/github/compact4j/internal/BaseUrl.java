package io.github.compact4j.internal;

import io.github.compact4j.internal.Secrets;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * What the backend clients do with the base URL they are given: parse it with an error that does
 * not echo credentials, recognise Azure OpenAI hosts, and show it without user info or query.
 */
public final class BaseUrl {

    private BaseUrl() {}

    /**
     * @param baseUrl what the caller gave
     * @param example a good value to name in the error, e.g. {@code https://api.openai.com/v1}
     * @return the parsed URL; its path and query are kept, so endpoints are appended to both
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public static HttpUrl parse(String baseUrl, String example) {
        HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl.strip());
        if (url == null) {
            throw new IllegalArgumentException("baseUrl must be an http(s) URL such as " + example + ", got '"
                    + (baseUrl == null ? "null" : Secrets.scrubShapes(baseUrl)) + "'");
        }
        return url;
    }

    /**
     * @param base a base URL
     * @param path segments to append, e.g. {@code chat/completions}
     * @return the endpoint's URL, with the base's query parameters (an Azure {@code api-version},
     *     say) kept; a trailing slash on the base does not double
     */
    public static HttpUrl endpoint(HttpUrl base, String path) {
        // OkHttp fills a trailing empty segment rather than adding after it
        return base.newBuilder().addPathSegments(path).build();
    }

    /**
     * @param url a base URL
     * @return whether its host is an Azure OpenAI one ({@code *.openai.azure.com},
     *     {@code *.cognitiveservices.azure.com}, {@code *.services.ai.azure.com}), whose key goes
     *     in the {@code api-key} header
     */
    public static boolean isAzureOpenAi(HttpUrl url) {
        String h = url.host().toLowerCase(Locale.ROOT);
        return h.endsWith(".openai.azure.com") || h.endsWith(".cognitiveservices.azure.com")
                || h.endsWith(".services.ai.azure.com");
    }

    /**
     * @param url a URL
     * @return it for {@code toString()} and hints: without user info and query (where credentials
     *     hide), known secrets scrubbed
     */
    public static String display(HttpUrl url) {
        return Secrets.scrubShapes(url.newBuilder().username("").password("").query(null).build().toString());
    }
}
