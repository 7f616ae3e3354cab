package io.github.compact4j.internal.http;

import io.github.compact4j.http.AuthStyle;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.internal.BaseUrl;
import io.github.compact4j.internal.HeaderChecks;
import io.github.compact4j.internal.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One API endpoint a client calls: the transport, the full URL, the headers (the key sent in the
 * client's {@link AuthStyle}, the client's own headers, the caller's extra ones) and how its
 * failures are worded. Built from the caller's {@link ClientOptions} and the client's defaults,
 * so a client's builder holds nothing of this itself. Immutable and thread-safe.
 *
 * <pre>{@code
 * Endpoint endpoint = Endpoint.builder(options)
 *         .defaultBaseUrl("https://api.anthropic.com").path("v1/messages")
 *         .defaultAuth(AuthStyle.X_API_KEY).defaultApiKeySource("ANTHROPIC_API_KEY")
 *         .keyRequired("an API key is required: apiKey(...) or ANTHROPIC_API_KEY")
 *         .header("anthropic-version", "2023-06-01")
 *         .errors(t -> new ErrorContext("Anthropic compaction failed", t.apiKeySource(), "..."))
 *         .build();
 * HttpResult<Answer> r = endpoint.post(body, Answer::read);
 * }</pre>
 */
public final class Endpoint {

    /**
     * What an endpoint resolved, for a client to word its errors and choose its options.
     *
     * @param baseUrl the base URL in use
     * @param auth how the key is sent
     * @param hasKey whether there is a key
     * @param apiKeySource where the key comes from, for hints
     */
    public record Target(HttpUrl baseUrl, AuthStyle auth, boolean hasKey, String apiKeySource) {
        /** @return the base URL without credentials or query, for messages */
        public String display() {
            return BaseUrl.display(baseUrl);
        }
    }

    private final HttpTransport http;
    private final HttpUrl url;
    private final Headers headers;
    private final ErrorContext errors;
    private final Target target;
    private final String description;

    private Endpoint(Builder b, Target target, HttpUrl url, Headers headers, ErrorContext errors, Secrets secrets) {
        this.http = HttpTransport.create(b.options, secrets);
        this.url = url;
        this.headers = headers;
        this.errors = errors;
        this.target = target;
        this.description = "baseUrl=" + target.display() + ", auth=" + target.auth().display()
                + (target.auth() == AuthStyle.NONE ? "" : ", apiKey=" + Secrets.mask(b.options.apiKey()))
                + (b.options.headers().isEmpty() ? "" : ", headers=" + b.options.headers().keySet())
                + ", maxRetries=" + b.options.maxRetries() + ", timeout=" + b.options.timeout()
                + ", connectTimeout=" + b.options.connectTimeout() + ", maxRetryAfter=" + b.options.maxRetryAfter()
                + ", logBodies=" + b.options.logBodies()
                + ", okHttpClient=" + (b.options.okHttpClient() != null ? "caller's" : "shared");
    }

    /**
     * @param options the caller's options
     * @return a builder for an endpoint on them
     */
    public static Builder builder(ClientOptions options) {
        return new Builder(Objects.requireNonNull(options, "options"));
    }

    /**
     * Sends a POST with a JSON body and reads the answer, with the transport's retries, error
     * mapping, request ids and logging.
     *
     * @param body the JSON body
     * @param reader reads a successful answer
     * @param <T> what the answer becomes
     * @return the value and the exchange's ids
     */
    public <T> HttpResult<T> post(JsonBody body, ResponseReader<T> reader) {
        return http.execute(ApiRequest.post(url, headers, body, errors), reader);
    }

    /** @return the full URL requests go to */
    public HttpUrl url() {
        return url;
    }

    /** @return what the endpoint resolved: base URL, auth style, whether it has a key */
    public Target target() {
        return target;
    }

    /**
     * @return the transport settings as {@code name=value} pairs for a client's {@code toString()},
     *     without secrets; the client adds its own settings
     */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return "Endpoint{" + description + "}";
    }

    /** Builds an {@link Endpoint}. Not thread-safe. */
    public static final class Builder {
        private final ClientOptions options;
        private String defaultBaseUrl;
        private String baseUrlExample;
        private String path = "";
        private AuthStyle defaultAuth = AuthStyle.BEARER;
        private boolean azureAware;
        private String defaultApiKeySource = "the API key";
        private Predicate<Target> keyRequired = t -> false;
        private Function<Target, String> missingKey;
        private final Map<String, String> ownHeaders = new LinkedHashMap<>();
        private final Map<String, Predicate<Target>> headerConditions = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private Function<Target, ErrorContext> errors;

        private Builder(ClientOptions options) {
            this.options = options;
        }

        /**
         * @param url the base URL when the options give none; null when one is required
         * @return this
         */
        public Builder defaultBaseUrl(String url) {
            this.defaultBaseUrl = url;
            return this;
        }

        /**
         * @param example a good base URL to name when the one given is not a URL
         * @return this
         */
        public Builder baseUrlExample(String example) {
            this.baseUrlExample = example;
            return this;
        }

        /**
         * @param path the endpoint's path below the base URL, e.g. {@code responses/compact}
         * @return this
         */
        public Builder path(String path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * @param auth how the key is sent when the options do not say
         * @return this
         */
        public Builder defaultAuth(AuthStyle auth) {
            this.defaultAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * The endpoint speaks OpenAI's API: on an Azure OpenAI host the key goes in {@code api-key}
         * unless the options say otherwise.
         *
         * @return this
         */
        public Builder azureAware() {
            this.azureAware = true;
            return this;
        }

        /**
         * @param source where the key usually comes from, e.g. {@code OPENAI_API_KEY}, when the
         *     options do not say
         * @return this
         */
        public Builder defaultApiKeySource(String source) {
            this.defaultApiKeySource = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param message what {@link #build()} says when there is no key
         * @return this
         */
        public Builder keyRequired(String message) {
            return keyRequired(t -> true, message);
        }

        /**
         * @param when which resolved targets need a key (an OpenAI host, say, but not a local server)
         * @param message what {@link #build()} says when one of them has none
         * @return this
         */
        public Builder keyRequired(Predicate<Target> when, String message) {
            Objects.requireNonNull(message, "message");
            return keyRequired(when, t -> message);
        }

        /**
         * @param when which resolved targets need a key
         * @param message what {@link #build()} says when one of them has none, worded for the target
         * @return this
         */
        public Builder keyRequired(Predicate<Target> when, Function<Target, String> message) {
            this.keyRequired = Objects.requireNonNull(when, "when");
            this.missingKey = Objects.requireNonNull(message, "message");
            return this;
        }

        /**
         * @param name a header the client itself sends on every request, e.g. {@code anthropic-version}
         * @param value its value; never a credential
         * @return this
         * @throws IllegalArgumentException when the value has a character HTTP headers cannot carry
         */
        public Builder header(String name, String value) {
            HeaderChecks.checkValue(name, value);
            ownHeaders.put(name, value);
            return this;
        }

        /**
         * @param name a header the client sends only to some targets, e.g. OpenAI's account
         *     headers, which mean nothing to Azure
         * @param value its value; never a credential
         * @param when which resolved targets get it
         * @return this
         * @throws IllegalArgumentException when the value has a character HTTP headers cannot carry
         */
        public Builder header(String name, String value, Predicate<Target> when) {
            header(name, value);
            headerConditions.put(name, Objects.requireNonNull(when, "when"));
            return this;
        }

        /**
         * @param name a query parameter to send, e.g. Azure's {@code api-version}
         * @param value its value
         * @return this
         */
        public Builder queryParameter(String name, String value) {
            query.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param errors how failures are worded, given what the endpoint resolved
         * @return this
         */
        public Builder errors(Function<Target, ErrorContext> errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /**
         * @return the endpoint
         * @throws IllegalStateException when a required key or base URL is missing
         */
        public Endpoint build() {
            Objects.requireNonNull(errors, "errors");
            String given = options.baseUrl() != null ? options.baseUrl() : defaultBaseUrl;
            if (given == null) {
                throw new IllegalStateException("a base URL is required" + (baseUrlExample != null
                        ? ", e.g. " + baseUrlExample : "") + ": baseUrl(...)");
            }
            HttpUrl base = BaseUrl.parse(given, baseUrlExample != null ? baseUrlExample : given);
            String key = options.apiKey();
            AuthStyle auth = options.authStyle() != null ? options.authStyle()
                    : azureAware && BaseUrl.isAzureOpenAi(base) ? AuthStyle.AZURE_API_KEY
                    : key == null && defaultAuth == AuthStyle.BEARER ? AuthStyle.NONE : defaultAuth;
            String source = options.apiKeySource() != null ? options.apiKeySource()
                    : auth == AuthStyle.AZURE_API_KEY && !defaultApiKeySource.startsWith("AZURE")
                            ? "the Azure OpenAI resource key" : defaultApiKeySource;
            Target target = new Target(base, auth, key != null, source);
            if (key == null && missingKey != null && keyRequired.test(target)) {
                throw new IllegalStateException(missingKey.apply(target));
            }
            HttpUrl.Builder u = BaseUrl.endpoint(base, path).newBuilder();
            query.forEach(u::setQueryParameter);
            Headers.Builder h = new Headers.Builder();
            if (key != null && auth != AuthStyle.NONE) {
                h.add(auth.headerName(), auth.headerValue(key));
            }
            h.add("Accept", "application/json");
            // the client's own headers win: they are what its API needs (a version, a beta)
            options.headers().forEach(h::set);
            ownHeaders.forEach((name, value) -> {
                if (headerConditions.getOrDefault(name, t -> true).test(target)) {
                    h.set(name, value);
                }
            });
            List<String> credentials = new ArrayList<>(options.headers().values());
            credentials.add(key);
            return new Endpoint(this, target, u.build(), h.build(), errors.apply(target), Secrets.of(credentials));
        }
    }
}
