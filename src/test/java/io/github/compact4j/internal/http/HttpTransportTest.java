package io.github.compact4j.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.ConnectionException;
import io.github.compact4j.internal.Json;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.internal.Secrets;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {

    private static final ErrorContext ERRORS = new ErrorContext("Test call failed", "TEST_KEY", null);

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static HttpTransport transport(ClientOptions.Builder options) {
        return HttpTransport.create(options.build(), Secrets.NONE);
    }

    private ApiRequest post() {
        return ApiRequest.post(server.url("/v1/things"), Headers.of("Authorization", "Bearer k"),
                g -> {
                    g.writeStartObject();
                    g.writeStringField("a", "b");
                    g.writeEndObject();
                }, ERRORS);
    }

    private static JsonNode json(okio.BufferedSource body) throws java.io.IOException {
        return Json.MAPPER.readTree(body.inputStream());
    }

    @Test
    void theAppsClientKeepsItsInterceptorsButNotItsSilentRetries() throws Exception {
        OkHttpClient app = new OkHttpClient.Builder()
                .retryOnConnectionFailure(true)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-App", "yes").build()))
                .build();
        HttpTransport http = transport(ClientOptions.builder().okHttpClient(app).maxRetries(0));
        assertFalse(http.client().retryOnConnectionFailure());
        assertFalse(http.client().followRedirects());
        assertSame(app.connectionPool(), http.client().connectionPool(), "derived with newBuilder(): one pool");

        server.enqueue(new MockResponse().setBody("{\"ok\":true}").setHeader("Content-Type", "application/json"));
        HttpResult<JsonNode> r = http.execute(post(), HttpTransportTest::json);
        assertEquals("yes", server.takeRequest().getHeader("X-App"));
        assertEquals(true, r.value().get("ok").booleanValue());
        assertEquals(1, r.attempts());

        // the pooled connection dies after the request: OkHttp would quietly resend on a new one
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setBody("{}"));
        assertThrows(ConnectionException.class, () -> http.execute(post(), HttpTransportTest::json));
        assertEquals(2, server.getRequestCount(), "one attempt only: OkHttp did not try again on its own");
    }

    @Test
    void transportsWithoutAClientShareOneWithDaemonThreads() throws Exception {
        HttpTransport a = transport(ClientOptions.builder());
        HttpTransport b = transport(ClientOptions.builder().timeout(Duration.ofSeconds(5)));
        assertSame(a.client().connectionPool(), b.client().connectionPool());
        assertSame(a.client().dispatcher(), b.client().dispatcher());
        assertEquals(5_000, b.client().callTimeoutMillis());
        assertEquals(600_000, a.client().callTimeoutMillis());
        assertEquals(600_000, a.client().readTimeoutMillis(), "a compaction may take minutes before the first byte");
        assertTrue(a.client().dispatcher().executorService().submit(() -> Thread.currentThread().isDaemon())
                .get(5, TimeUnit.SECONDS));
    }

    @Test
    void aGetWithoutABodyWorks() throws Exception {
        server.enqueue(new MockResponse().setBody("[1,2]"));
        HttpResult<JsonNode> r = transport(ClientOptions.builder()).execute(
                new ApiRequest("GET", server.url("/v1/models"), Headers.of(), null, ERRORS), HttpTransportTest::json);
        assertEquals(2, r.value().size());
        assertEquals("GET", server.takeRequest().getMethod());
    }

    @Test
    void toStringShowsNoHeaders() {
        assertEquals("ApiRequest{POST " + server.url("/v1/things") + "}", post().toString());
        assertTrue(transport(ClientOptions.builder()).toString().contains("okHttpClient=shared"));
    }
    @Test
    void anthropicsRequestIdHeaderIsRecordedWhenThereIsNoXRequestId() {
        HttpTransport http = transport(ClientOptions.builder().sleeper(d -> { }).jitter(() -> 0));
        server.enqueue(new MockResponse().setResponseCode(529).setHeader("request-id", "req_011Over")
                .setBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        server.enqueue(new MockResponse().setHeader("request-id", "req_011Ok").setHeader("Content-Type", "application/json")
                .setBody("{}"));
        assertEquals(java.util.List.of("req_011Over", "req_011Ok"), http.execute(post(), HttpTransportTest::json).requestIds());

        server.enqueue(new MockResponse().setHeader("x-request-id", "req_x").setHeader("request-id", "req_other")
                .setBody("{}"));
        assertEquals(java.util.List.of("req_x"), http.execute(post(), HttpTransportTest::json).requestIds(),
                "x-request-id wins where a gateway sends both");
    }

    @Test
    void aClientsOwnHintReplacesTheTransportsForItsStatusAndKeepsTheRetryCount() {
        ErrorContext errors = ERRORS.withHint(529, "The backend is overloaded for everyone.")
                .withHint(404, "Pull the model first.");
        HttpTransport http = transport(ClientOptions.builder().sleeper(d -> { }).jitter(() -> 0).maxRetries(1));
        ApiRequest request = new ApiRequest("POST", server.url("/v1/things"), Headers.of(),
                g -> g.writeString("x"), errors);
        server.enqueue(new MockResponse().setResponseCode(529).setBody("{\"error\":{\"message\":\"Overloaded\"}}"));
        server.enqueue(new MockResponse().setResponseCode(529).setBody("{\"error\":{\"message\":\"Overloaded\"}}"));
        io.github.compact4j.errors.ServerException overloaded = assertThrows(io.github.compact4j.errors.ServerException.class,
                () -> http.execute(request, HttpTransportTest::json));
        assertEquals("The backend is overloaded for everyone. Retried 1 time.", overloaded.hint().orElseThrow());

        server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\":{\"message\":\"no such model\"}}"));
        assertEquals("Pull the model first.", assertThrows(io.github.compact4j.errors.NotFoundException.class,
                () -> http.execute(request, HttpTransportTest::json)).hint().orElseThrow());

        server.enqueue(new MockResponse().setResponseCode(503).setBody("{}"));
        server.enqueue(new MockResponse().setResponseCode(503).setBody("{}"));
        assertTrue(assertThrows(io.github.compact4j.errors.ServerException.class,
                () -> http.execute(request, HttpTransportTest::json)).hint().orElseThrow()
                .startsWith("The backend (or a proxy in front of it) failed."), "other statuses keep the transport's hint");
        assertEquals("Check the base URL.", new ErrorContext("x", "K", "Check the base URL.").hintFor(404));
    }

    @Test
    void client_request_ids_are_distinct_version_4_uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = HttpTransport.newClientRequestId();
            assertTrue(id.startsWith("c4j-"), id);
            UUID uuid = UUID.fromString(id.substring(4));
            assertEquals(id.substring(4), uuid.toString(), "canonical lowercase form");
            assertEquals(4, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
