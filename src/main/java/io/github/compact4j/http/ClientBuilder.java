package io.github.compact4j.http;

import io.github.compact4j.internal.HeaderChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;

/**
 * The part every HTTP client's builder shares: the {@link ClientOptions} setters, so that
 * {@code OpenAiCompactClient.builder().apiKey(..).maxRetries(3)} and
 * {@code ChatCompletionsSummarizer.builder().apiKey(..).maxRetries(3)} are one implementation. A
 * client's builder extends it and adds only what is its own (a model, an API version).
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {

    private ClientOptions.Builder options = ClientOptions.builder();
    private String keyVariableMissing;

    /** For the builders of the library's clients and of clients of your own. */
    protected ClientBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Starts from shared options; setters called afterwards change only this client's copy.
     *
     * @param options the options
     * @return this
     */
    public B clientOptions(ClientOptions options) {
        this.options = Objects.requireNonNull(options, "options").toBuilder();
        return self();
    }

    /**
     * @param apiKey the API key; blank or null for none. Scrubbed from every log line and message
     *     of this client
     * @return this
     * @throws IllegalArgumentException when it has a character HTTP headers cannot carry
     */
    public B apiKey(String apiKey) {
        options.apiKey(apiKey);
        return self();
    }

    /**
     * @param source where the key came from, named in the hint of an authentication error (never
     *     the key itself), e.g. {@code AZURE_OPENAI_API_KEY}
     * @return this
     */
    public B apiKeySource(String source) {
        options.apiKeySource(source);
        return self();
    }

    /**
     * @param baseUrl the API's base URL, without the endpoint path; null for the client's default
     * @return this
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public B baseUrl(String baseUrl) {
        options.baseUrl(baseUrl);
        return self();
    }

    /**
     * @param style how the key is sent; null for the client's default
     * @return this
     */
    public B authStyle(AuthStyle style) {
        options.authStyle(style);
        return self();
    }

    /**
     * @param name a header to send on every request, e.g. for a gateway; not one the client sets
     *     itself
     * @param value its value; logged only if the header is on the logging allow-list
     * @return this
     * @throws IllegalArgumentException when the name is reserved or invalid, or the value has a
     *     character HTTP headers cannot carry
     */
    public B header(String name, String value) {
        java.util.Objects.requireNonNull(name, "name");
        if (ownHeaders().contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("header '" + name + "' is set by the client itself");
        }
        options.header(name, value);
        return self();
    }

    /**
     * @return the lower-case names of the headers the client sends itself (an API version, say),
     *     which {@link #header(String, String)} refuses; none by default
     */
    protected java.util.Set<String> ownHeaders() {
        return java.util.Set.of();
    }

    /**
     * @param client the app's OkHttp client (its interceptors, proxy and TLS settings apply), or
     *     null for the library's shared one
     * @return this
     */
    public B okHttpClient(OkHttpClient client) {
        options.okHttpClient(client);
        return self();
    }

    /**
     * @param maxRetries retries after the first attempt for connection failures, timeouts, 408,
     *     409, 429 and 5xx; default 2
     * @return this
     * @throws IllegalArgumentException when negative
     */
    public B maxRetries(int maxRetries) {
        options.maxRetries(maxRetries);
        return self();
    }

    /**
     * @param timeout how long one attempt may take, from connecting to the last byte; default 10
     *     minutes
     * @return this
     * @throws IllegalArgumentException when not positive
     */
    public B timeout(Duration timeout) {
        options.timeout(timeout);
        return self();
    }

    /**
     * @param connectTimeout how long to wait for a connection; default 1 minute
     * @return this
     * @throws IllegalArgumentException when not positive
     */
    public B connectTimeout(Duration connectTimeout) {
        options.connectTimeout(connectTimeout);
        return self();
    }

    /**
     * @param maxRetryAfter the longest {@code retry-after} still waited for; default 60 seconds
     * @return this
     * @throws IllegalArgumentException when negative
     */
    public B maxRetryAfter(Duration maxRetryAfter) {
        options.maxRetryAfter(maxRetryAfter);
        return self();
    }

    /**
     * @param logBodies whether bodies may be logged at TRACE on {@code io.github.compact4j.http.body}
     *     (capped, secrets scrubbed); off by default, since bodies hold the conversation
     * @return this
     */
    public B logBodies(boolean logBodies) {
        options.logBodies(logBodies);
        return self();
    }

    /**
     * @param bytes how much of each body the body log shows at most; default 4096
     * @return this
     * @throws IllegalArgumentException when under 1
     */
    public B bodyLogLimit(int bytes) {
        options.bodyLogLimit(bytes);
        return self();
    }

    /**
     * @param bytes the largest successful answer read; default 32 MiB
     * @return this
     * @throws IllegalArgumentException when under 1 KiB
     */
    public B maxResponseBytes(long bytes) {
        options.maxResponseBytes(bytes);
        return self();
    }

    /**
     * @param sleeper waits between retries; a test passes one that records the waits
     * @return this
     */
    public B sleeper(Sleeper sleeper) {
        options.sleeper(sleeper);
        return self();
    }

    /**
     * @param clock wall time, for {@code retry-after} dates
     * @return this
     */
    public B clock(Clock clock) {
        options.clock(clock);
        return self();
    }

    /**
     * @param jitter numbers in [0, 1) that shorten back-off waits; a test passes a constant
     * @return this
     */
    public B jitter(DoubleSupplier jitter) {
        options.jitter(jitter);
        return self();
    }

    /**
     * Takes the key and base URL from variables, as a client's {@code fromEnv(..)} does: unset or
     * blank variables leave the builder's values alone.
     *
     * @param env the variables, e.g. {@code System.getenv()}
     * @param keyVariable the key's variable, e.g. {@code OPENAI_API_KEY}
     * @param baseUrlVariable the base URL's variable, or null
     */
    protected final void readEnvironment(Map<String, String> env, String keyVariable, String baseUrlVariable) {
        Objects.requireNonNull(env, "env");
        String key = blankToNull(env.get(keyVariable));
        if (key != null) {
            options.apiKey(key).apiKeySource(keyVariable);
            keyVariableMissing = null;
        } else if (options.build().apiKey() == null) {
            keyVariableMissing = keyVariable;
        }
        String url = baseUrlVariable == null ? null : blankToNull(env.get(baseUrlVariable));
        if (url != null) {
            options.baseUrl(url);
        }
    }

    /**
     * @param fallback the message when no variable was read, e.g. "an API key is required"
     * @return why there is no key: the variable {@link #readEnvironment} found unset, or {@code fallback}
     */
    protected final String missingKeyMessage(String fallback) {
        return keyVariableMissing != null
                ? keyVariableMissing + " is not set: export it, or pass the key with apiKey(...)"
                : fallback;
    }

    /** @return the options as set so far */
    protected final ClientOptions options() {
        return options.build();
    }

    /**
     * Checks a value a client will send in a header of its own, in the setter that takes it.
     *
     * @param name the header, for the message
     * @param value the value, or null
     * @return the value stripped, or null when null or blank
     * @throws IllegalArgumentException when it has a character HTTP headers cannot carry
     */
    protected static String checkHeaderValue(String name, String value) {
        String v = blankToNull(value);
        if (v != null) {
            HeaderChecks.checkValue(name, v);
        }
        return v;
    }

    /**
     * @param s a value
     * @return it stripped, or null when null or blank
     */
    protected static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
