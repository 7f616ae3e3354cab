package io.github.compact4j.http;

import io.github.compact4j.internal.BaseUrl;
import io.github.compact4j.internal.HeaderChecks;
import io.github.compact4j.internal.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import okhttp3.OkHttpClient;

/**
 * Everything about how an HTTP-backed compactor or summarizer talks to its server: where (base
 * URL), as whom (API key, where it came from, how it is sent), with which extra headers, through
 * which OkHttp client, and how patiently (retries, timeouts, the largest answer read). One value
 * that every client of the library takes, the way openai-java's services share one
 * {@code ClientOptions}; each client keeps only what is its own (OpenAI's organization, Anthropic's
 * version, a model name).
 *
 * <pre>{@code
 * ClientOptions shared = ClientOptions.builder()
 *         .okHttpClient(appClient)              // the app's interceptors, proxy and TLS apply
 *         .maxRetries(3)
 *         .timeout(Duration.ofMinutes(5))
 *         .build();
 * OpenAiCompactClient compact = OpenAiCompactClient.builder()
 *         .clientOptions(shared).apiKey(openAiKey).build();
 * ChatCompletionsSummarizer summarizer = ChatCompletionsSummarizer.builder()
 *         .clientOptions(shared).baseUrl("http://localhost:11434/v1").model("qwen2.5-coder:14b").build();
 * }</pre>
 *
 * <p>Unset values ({@code baseUrl}, {@code apiKey}, {@code authStyle}, {@code apiKeySource}) take
 * the client's own defaults. Immutable and thread-safe; {@link #toString()} never shows the key or
 * a header's value.
 */
public final class ClientOptions {

    /** Default retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Default time for one attempt, from connecting to the last byte of the answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** Default time to wait for a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMinutes(1);
    /** Default longest server-requested wait ({@code retry-after}) that is honoured. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    /** Default cap on one body in the body log. */
    public static final int DEFAULT_BODY_LOG_LIMIT = 4096;
    /** Default cap on a successful answer's size: generous, but a misbehaving proxy cannot exhaust the heap. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;

    private static final ClientOptions DEFAULTS = builder().build();

    private final String baseUrl;
    private final String apiKey;
    private final String apiKeySource;
    private final AuthStyle authStyle;
    private final Map<String, String> headers;
    private final OkHttpClient okHttpClient;
    private final int maxRetries;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final Duration maxRetryAfter;
    private final boolean logBodies;
    private final int bodyLogLimit;
    private final long maxResponseBytes;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier jitter;

    private ClientOptions(Builder b) {
        this.baseUrl = b.baseUrl;
        this.apiKey = b.apiKey;
        this.apiKeySource = b.apiKeySource;
        this.authStyle = b.authStyle;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.okHttpClient = b.okHttpClient;
        this.maxRetries = b.maxRetries;
        this.timeout = b.timeout;
        this.connectTimeout = b.connectTimeout;
        this.maxRetryAfter = b.maxRetryAfter;
        this.logBodies = b.logBodies;
        this.bodyLogLimit = b.bodyLogLimit;
        this.maxResponseBytes = b.maxResponseBytes;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.jitter = b.jitter;
    }

    /** @return the defaults: no base URL or key of its own, 2 retries, 10 min per attempt */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options, to derive a variant */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.apiKey = apiKey;
        b.apiKeySource = apiKeySource;
        b.authStyle = authStyle;
        b.headers.putAll(headers);
        b.okHttpClient = okHttpClient;
        b.maxRetries = maxRetries;
        b.timeout = timeout;
        b.connectTimeout = connectTimeout;
        b.maxRetryAfter = maxRetryAfter;
        b.logBodies = logBodies;
        b.bodyLogLimit = bodyLogLimit;
        b.maxResponseBytes = maxResponseBytes;
        b.sleeper = sleeper;
        b.clock = clock;
        b.jitter = jitter;
        return b;
    }

    /** @return the base URL, or null for the client's default */
    public String baseUrl() {
        return baseUrl;
    }

    /** @return the API key, or null; never log it */
    public String apiKey() {
        return apiKey;
    }

    /** @return where the key came from, for hints (e.g. {@code OPENAI_API_KEY}), or null for the client's default */
    public String apiKeySource() {
        return apiKeySource;
    }

    /** @return how the key is sent, or null for the client's default */
    public AuthStyle authStyle() {
        return authStyle;
    }

    /** @return extra headers sent on every request, unmodifiable; their values may be credentials */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the app's OkHttp client, or null for the library's shared one */
    public OkHttpClient okHttpClient() {
        return okHttpClient;
    }

    /** @return retries after the first attempt */
    public int maxRetries() {
        return maxRetries;
    }

    /** @return how long one attempt may take */
    public Duration timeout() {
        return timeout;
    }

    /** @return how long to wait for a connection */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the longest {@code retry-after} that is still waited for */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** @return whether bodies may be logged (at TRACE on {@code io.github.compact4j.http.body}) */
    public boolean logBodies() {
        return logBodies;
    }

    /** @return how much of each body the body log shows at most */
    public int bodyLogLimit() {
        return bodyLogLimit;
    }

    /** @return the largest successful answer read, in bytes */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** @return what waits between retries */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** @return wall time, for {@code retry-after} dates */
    public Clock clock() {
        return clock;
    }

    /** @return numbers in [0, 1) that shorten back-off waits by up to 25% */
    public DoubleSupplier jitter() {
        return jitter;
    }

    /** Describes the options; never shows the key or a header's value. */
    @Override
    public String toString() {
        return "ClientOptions{" + describe() + "}";
    }

    /**
     * @return the options as {@code name=value} pairs for a client's {@code toString()}, without
     *     the key or header values
     */
    public String describe() {
        return (baseUrl != null ? "baseUrl=" + Secrets.scrubShapes(baseUrl) + ", " : "")
                + "apiKey=" + Secrets.mask(apiKey)
                + (authStyle != null ? ", auth=" + authStyle.display() : "")
                + (headers.isEmpty() ? "" : ", headers=" + headers.keySet())
                + ", maxRetries=" + maxRetries + ", timeout=" + timeout + ", connectTimeout=" + connectTimeout
                + ", maxRetryAfter=" + maxRetryAfter + ", logBodies=" + logBodies
                + ", okHttpClient=" + (okHttpClient != null ? "caller's" : "shared");
    }

    /**
     * Builds {@link ClientOptions}. A null where a value is required throws
     * {@link NullPointerException}; a bad value throws {@link IllegalArgumentException} in the
     * setter. Not thread-safe.
     */
    public static final class Builder {
        private String baseUrl;
        private String apiKey;
        private String apiKeySource;
        private AuthStyle authStyle;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private OkHttpClient okHttpClient;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private boolean logBodies;
        private int bodyLogLimit = DEFAULT_BODY_LOG_LIMIT;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Sleeper sleeper = Sleeper.REAL;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {}

        /**
         * @param baseUrl the API's base URL, without the endpoint path, e.g.
         *     {@code https://api.openai.com/v1}; null for the client's default
         * @return this
         * @throws IllegalArgumentException when it is not an http(s) URL
         */
        public Builder baseUrl(String baseUrl) {
            if (baseUrl != null) {
                BaseUrl.parse(baseUrl, "https://api.openai.com/v1");
            }
            this.baseUrl = baseUrl == null ? null : baseUrl.strip();
            return this;
        }

        /**
         * @param apiKey the API key; blank or null for none. It is scrubbed from every log line and
         *     message of the client that holds it
         * @return this
         * @throws IllegalArgumentException when it has a character HTTP headers cannot carry
         */
        public Builder apiKey(String apiKey) {
            String k = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            if (k != null) {
                HeaderChecks.checkApiKey(k);
            }
            this.apiKey = k;
            return this;
        }

        /**
         * Names where the key came from in the hint of an authentication error, e.g.
         * {@code AZURE_OPENAI_API_KEY}. Never the key itself.
         *
         * @param source a variable name or a short description; null for the client's default
         * @return this
         */
        public Builder apiKeySource(String source) {
            this.apiKeySource = source;
            return this;
        }

        /**
         * @param style how the key is sent; null for the client's default (which is
         *     {@link AuthStyle#AZURE_API_KEY} for Azure OpenAI hosts where the client speaks
         *     OpenAI's API)
         * @return this
         */
        public Builder authStyle(AuthStyle style) {
            this.authStyle = style;
            return this;
        }

        /**
         * Adds a header to every request, e.g. for a gateway in front of the API.
         *
         * @param name the header name; not one the clients set themselves ({@code Authorization},
         *     {@code api-key}, {@code x-api-key}, {@code X-Client-Request-Id}, {@code Content-Type},
         *     ...)
         * @param value the value; logged only if the header is on the logging allow-list
         * @return this
         * @throws IllegalArgumentException when the name is reserved or invalid or the value has a
         *     character HTTP headers cannot carry
         */
        public Builder header(String name, String value) {
            HeaderChecks.checkExtra(name, value, HeaderChecks.RESERVED,
                    java.util.Set.of("authorization", "api-key", "x-api-key"));
            headers.put(name, value);
            return this;
        }

        /**
         * @param client the app's own OkHttp client, so its interceptors, proxy, TLS settings and
         *     instrumentation apply; the library derives its variant with {@code newBuilder()}
         *     (sharing the pool) and sets its own timeouts and retry policy on it. Null for the
         *     library's shared client
         * @return this
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = client;
            return this;
        }

        /**
         * @param maxRetries retries after the first attempt for connection failures, timeouts,
         *     408, 409, 429 and 5xx; default {@value ClientOptions#DEFAULT_MAX_RETRIES}
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * @param timeout how long one attempt may take, from connecting to the last byte of the
         *     answer; default 10 minutes (compacting a long conversation takes a while)
         * @return this
         * @throws IllegalArgumentException when not positive
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * @param connectTimeout how long to wait for a connection; default 1 minute
         * @return this
         * @throws IllegalArgumentException when not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * @param maxRetryAfter the longest wait a {@code retry-after} answer may ask for and still be
         *     retried; a longer one fails at once and reports the wait; default 60 seconds
         * @return this
         * @throws IllegalArgumentException when negative
         */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
            if (maxRetryAfter.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative, got " + maxRetryAfter);
            }
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        /**
         * @param logBodies whether request and response bodies may be logged at TRACE on
         *     {@code io.github.compact4j.http.body} (capped, secrets scrubbed); off by default,
         *     since bodies hold the conversation
         * @return this
         */
        public Builder logBodies(boolean logBodies) {
            this.logBodies = logBodies;
            return this;
        }

        /**
         * @param bytes how much of each body the body log shows at most; default 4096
         * @return this
         * @throws IllegalArgumentException when under 1
         */
        public Builder bodyLogLimit(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("bodyLogLimit must be at least 1 byte, got " + bytes);
            }
            this.bodyLogLimit = bytes;
            return this;
        }

        /**
         * @param bytes the largest successful answer read; a longer one stops the read with an
         *     {@code InvalidResponseException}; default 32 MiB
         * @return this
         * @throws IllegalArgumentException when under 1 KiB
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024, got " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * @param sleeper waits between retries; a test passes one that records the waits
         * @return this
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param clock wall time, for {@code retry-after} given as an HTTP date
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param jitter numbers in [0, 1) that shorten back-off waits by up to 25%; a test passes a
         *     constant
         * @return this
         */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** @return the options */
        public ClientOptions build() {
            return new ClientOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        /** Describes the options so far; never shows the key. */
        @Override
        public String toString() {
            return "ClientOptions.Builder{" + build().describe() + "}";
        }
    }
}
