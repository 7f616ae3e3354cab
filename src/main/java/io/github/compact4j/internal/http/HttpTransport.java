package io.github.compact4j.internal.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.compact4j.errors.ApiErrors;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.http.SharedResources;
import io.github.compact4j.http.Sleeper;
import io.github.compact4j.internal.Cancellation;
import io.github.compact4j.internal.Secrets;
import io.github.compact4j.logging.CallEvents;
import io.github.compact4j.logging.CompactionListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;

/**
 * The HTTP transport every backend client shares: OkHttp underneath, with the retry policy, the
 * error mapping, request ids and the redacted logging on top. Not public API, but the one place
 * where the library talks to the network, so it is written as carefully as if it were.
 *
 * <ul>
 *   <li>Retries follow OpenAI's SDKs ({@link RetryPolicy}); OkHttp's own silent retries and
 *       redirects are off, so the policy is the only one and every attempt is logged and counted.
 *   <li>Each attempt sends a fresh {@code X-Client-Request-Id} and records the backend's
 *       request id ({@code x-request-id}, or Anthropic's {@code request-id}); both lists end up on
 *       results and exceptions.
 *   <li>Calls run on the calling thread ({@code Call.execute}), so the caller's logging context
 *       applies to every log line; cancelling the current {@link Cancellation} cancels the call in
 *       flight and any back-off wait, and ends in a {@link CancellationException}.
 *   <li>Request bodies up to 1 MiB are rendered once and sent with a {@code Content-Length}; larger
 *       ones are written by Jackson straight into the socket. Answers are parsed from the socket
 *       (and cut off past {@code maxResponseBytes}); logging taps the streams without buffering them.
 * </ul>
 *
 * <pre>{@code
 * HttpTransport http = HttpTransport.create(ClientOptions.builder().maxRetries(2).build(), Secrets.NONE);
 * HttpResult<JsonNode> r = http.execute(ApiRequest.post(url, headers, g -> g.writeString("x"), errors),
 *         body -> Json.MAPPER.readTree(body.inputStream()));
 * }</pre>
 */
public final class HttpTransport {

    /** The header carrying the id the library gives each attempt. */
    public static final String CLIENT_REQUEST_ID = "X-Client-Request-Id";

    private static final String USER_AGENT = "compact4j (Java " + System.getProperty("java.version", "?") + ")";

    private final OkHttpClient client;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private final boolean logBodies;
    private final int bodyLogLimit;
    private final long maxResponseBytes;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final boolean ownClient;
    private final Secrets secrets;

    private HttpTransport(ClientOptions o, Secrets secrets, LongSupplier nanoTime) {
        this.ownClient = o.okHttpClient() != null;
        this.secrets = secrets;
        OkHttpClient base = o.okHttpClient() != null ? o.okHttpClient() : SharedResources.okHttpClient();
        this.client = base.newBuilder()
                .retryOnConnectionFailure(false)
                // a redirect of a POST turns it into a GET (301, 302) or repeats it unasked; the
                // answer is reported instead, with where it points
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(o.connectTimeout())
                .readTimeout(o.timeout())
                .writeTimeout(o.timeout())
                .callTimeout(o.timeout())
                .addNetworkInterceptor(new NoSilentRetry())
                .addNetworkInterceptor(new HeaderLogging(secrets))
                .build();
        this.policy = new RetryPolicy(o.maxRetries(), o.maxRetryAfter(), o.clock(), o.jitter());
        this.sleeper = o.sleeper();
        this.nanoTime = nanoTime;
        this.logBodies = o.logBodies();
        this.bodyLogLimit = o.bodyLogLimit();
        this.maxResponseBytes = o.maxResponseBytes();
        this.timeout = o.timeout();
        this.connectTimeout = o.connectTimeout();
    }

    /**
     * @param options the transport settings (the base URL, key and headers are the endpoint's business)
     * @param secrets the client's credentials, scrubbed from everything this transport logs or reports
     * @return the transport
     */
    public static HttpTransport create(ClientOptions options, Secrets secrets) {
        return new HttpTransport(options, secrets, System::nanoTime);
    }

    /** @return the OkHttp client the transport derived for itself */
    public OkHttpClient client() {
        return client;
    }

    /**
     * Sends the request, retrying as the policy says, and reads the answer.
     *
     * @param request what to send
     * @param reader how to read a successful answer
     * @param <T> what the answer becomes
     * @return the value and the exchange's ids
     * @throws CompactionException the mapped failure: an {@code ApiException} subtype for an error
     *     status, {@code CompactionTimeoutException}, {@code ConnectionException} or
     *     {@code InvalidResponseException}
     * @throws CancellationException when the current {@link Cancellation} was cancelled or the thread
     *     interrupted
     */
    public <T> HttpResult<T> execute(ApiRequest request, ResponseReader<T> reader) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reader, "reader");
        List<String> requestIds = new ArrayList<>(2);
        List<String> clientIds = new ArrayList<>(2);
        ErrorMapper errors = new ErrorMapper(request, policy, timeout, connectTimeout, requestIds, clientIds, secrets);
        Cancellation token = Cancellation.current();
        String loggedUrl = null;
        ByteString rendered = render(request, errors);
        for (int attempt = 1; ; attempt++) {
            if (token != null && token.isCancelled()) {
                throw cancelled(null);
            }
            String clientId = newClientRequestId();
            clientIds.add(clientId);
            boolean debug = HttpLog.HTTP.isDebugEnabled();
            boolean listening = CallEvents.listening();
            boolean bodies = logBodies && HttpLog.BODY.isTraceEnabled();
            HttpLog.AttemptLine line = null;
            if (debug || listening) {
                if (loggedUrl == null) {
                    loggedUrl = Redaction.url(request.url(), secrets);
                }
                line = new HttpLog.AttemptLine();
                line.method = request.method();
                line.url = loggedUrl;
                line.attempt = attempt;
                line.maxAttempts = policy.maxAttempts();
                line.clientRequestId = clientId;
                line.debug = debug;
                line.started = listening ? Instant.now() : null;
            }
            Tap sent = debug || bodies ? new Tap(bodies ? bodyLogLimit : 0, secrets) : null;
            Tap received = sent == null ? null : new Tap(bodies ? bodyLogLimit : 0, secrets);
            if (line != null) {
                line.sent = request.body() == null ? null : sent;
                line.received = received;
            }
            Call call = client.newCall(toOkHttp(request, rendered, clientId, sent));
            long start = nanoTime.getAsLong();
            RetryPolicy.Decision decision;
            Cancellation.AutoCloseableNoThrow unhook = token == null ? null : token.onCancel(call::cancel);
            try (Response response = call.execute()) {
                int status = response.code();
                String requestId = requestId(response);
                if (requestId != null) {
                    requestIds.add(requestId);
                }
                if (line != null) {
                    line.status = status;
                    line.requestId = requestId;
                }
                ResponseBody body = response.body();
                BufferedSource source = received == null ? body.source() : Okio.buffer(received.source(body.source()));
                BufferedSource capped = Okio.buffer(new CappedSource(source, maxResponseBytes));
                if (response.isSuccessful()) {
                    try {
                        T value = readSuccess(body.contentType(), capped, reader);
                        finish(line, start, null, null);
                        return new HttpResult<>(value, status, requestIds, clientIds, attempt);
                    } catch (CappedSource.TooLargeException e) {
                        finish(line, start, "answer too large", null);
                        throw errors.invalid(status, "the answer is larger than maxResponseBytes (" + maxResponseBytes
                                + " bytes); a proxy may be misbehaving, or raise maxResponseBytes", attempt, e);
                    } catch (InvalidBodyException e) {
                        finish(line, start, "invalid response", null);
                        throw errors.invalid(status, e.getMessage(), attempt, null);
                    } catch (JsonProcessingException e) {
                        finish(line, start, "invalid response", null);
                        throw errors.invalid(status, malformed(e), attempt, e);
                    } finally {
                        HttpLog.body("response", received, clientId);
                    }
                }
                CompactionException.Details error = readError(errors.failed(), status, body.contentType(), source);
                HttpLog.body("response", received, clientId);
                decision = policy.afterStatus(attempt, status, response.headers(), error.errorCode());
                finish(line, start, null, decision);
                if (!decision.retry()) {
                    throw errors.forStatus(status, error, decision, attempt, response.header("Location"));
                }
            } catch (IOException e) {
                // not call.isCanceled(): OkHttp cancels the call itself when the call timeout fires
                if ((token != null && token.isCancelled()) || Thread.currentThread().isInterrupted()) {
                    finish(line, start, "cancelled", null);
                    throw cancelled(e);
                }
                decision = policy.afterIoFailure(attempt);
                finish(line, start, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                        decision);
                if (!decision.retry()) {
                    throw errors.forIo(e, decision, attempt);
                }
            } finally {
                if (unhook != null) {
                    unhook.close();
                }
            }
            pause(decision.delay(), token);
        }
    }

    /** OpenAI and most compatible servers send {@code x-request-id}; Anthropic sends {@code request-id}. */
    private static String requestId(Response response) {
        String id = response.header("x-request-id");
        return id != null ? id : response.header("request-id");
    }

    private void finish(HttpLog.AttemptLine line, long start, String error, RetryPolicy.Decision decision) {
        if (line == null) {
            return;
        }
        line.durationNanos = nanoTime.getAsLong() - start;
        line.error = error;
        if (decision != null) {
            line.retryIn = decision.retry() ? decision.delay() : null;
            line.stopReason = ErrorMapper.stopReason(decision);
        }
        if (line.debug) {
            line.log();
        }
        if (line.started != null) {
            HttpLog.AttemptLine l = line;
            CallEvents.httpAttempt((traceId, spanId, strategy) -> new CompactionListener.HttpAttemptEvent(traceId, spanId,
                    strategy, l.method, l.url, l.attempt, l.maxAttempts, l.status == null ? 0 : l.status, l.requestId,
                    l.clientRequestId, l.started, Duration.ofNanos(l.durationNanos), l.error, l.retryIn));
        }
    }

    private void pause(Duration delay, Cancellation token) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(e);
        }
        if (token != null && token.isCancelled()) {
            throw cancelled(null);
        }
    }

    /** A small body once, for every attempt; null when there is none or it is streamed. */
    private static ByteString render(ApiRequest request, ErrorMapper errors) {
        if (request.body() == null) {
            return null;
        }
        try {
            return JsonRequestBody.render(request.body());
        } catch (IOException e) {
            // writing to memory fails only when the caller's body writer does: nothing was sent
            throw errors.unsendable(e);
        }
    }

    private Request toOkHttp(ApiRequest request, ByteString rendered, String clientId, Tap sent) {
        Request.Builder b = new Request.Builder().url(request.url()).headers(request.headers())
                .header(CLIENT_REQUEST_ID, clientId);
        if (request.headers().get("User-Agent") == null) {
            b.header("User-Agent", USER_AGENT);
        }
        b.method(request.method(), request.body() == null ? null
                : rendered != null ? JsonRequestBody.buffered(rendered, sent, clientId)
                : new JsonRequestBody(request.body(), sent, clientId));
        return b.build();
    }

    private static <T> T readSuccess(MediaType contentType, BufferedSource source, ResponseReader<T> reader)
            throws IOException {
        if (contentType != null && !isJson(contentType)) {
            String what = readError("", 200, contentType, source).backendMessage();
            throw new InvalidBodyException("expected JSON but the server sent " + contentType
                    + (what != null && !what.startsWith("HTTP ") ? ": " + what : ""));
        }
        if (source.exhausted()) {
            throw new InvalidBodyException("the body is empty");
        }
        return reader.read(source);
    }

    private static boolean isJson(MediaType type) {
        String sub = type.subtype().toLowerCase(Locale.ROOT);
        return sub.equals("json") || sub.endsWith("+json");
    }

    /** Reads at most {@link ApiErrors#MAX_BODY_BYTES}; an error answer is small, a proxy's page need not be. */
    private static CompactionException.Details readError(String failed, int status, MediaType contentType,
            BufferedSource source) {
        byte[] bytes;
        boolean truncated;
        try {
            truncated = source.request(ApiErrors.MAX_BODY_BYTES + 1L);
            bytes = source.readByteArray(Math.min(source.getBuffer().size(), ApiErrors.MAX_BODY_BYTES));
        } catch (IOException e) {
            // the status says enough; the body was lost with the connection
            bytes = new byte[0];
            truncated = false;
        }
        if (truncated) {
            // one byte past the cap tells the parser that the text was cut
            bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        }
        return ApiErrors.fromResponse(failed, status, bytes, contentType == null ? null : contentType.toString());
    }

    private static String malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return "the JSON is malformed or cut short"
                + (at != null ? " at byte " + at.getByteOffset() : "") + ": " + e.getOriginalMessage();
    }

    private static CancellationException cancelled(Throwable cause) {
        CancellationException e = new CancellationException("the compaction was cancelled");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /**
     * {@code c4j-} and a random (version 4) UUID. The id only has to be unique, so its bits come
     * from {@link ThreadLocalRandom}: {@code UUID.randomUUID()} draws from one shared
     * {@code SecureRandom} that every thread making a call would queue for.
     */
    static String newClientRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;                          // version 4
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;   // IETF variant
        return "c4j-" + new UUID(msb, lsb);
    }

    /** Names the settings; the transport holds no credentials. */
    @Override
    public String toString() {
        return "HttpTransport{maxRetries=" + (policy.maxAttempts() - 1) + ", timeout=" + timeout
                + ", connectTimeout=" + connectTimeout + ", maxRetryAfter=" + policy.maxRetryAfter()
                + ", logBodies=" + logBodies + ", okHttpClient=" + (ownClient ? "caller's" : "shared") + "}";
    }
}
