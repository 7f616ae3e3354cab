package io.github.compact4j.logging;

import io.github.compact4j.internal.Async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Message;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Async.propagate carries the call's context onto OkHttp's own dispatcher threads. */
class AsyncPropagationTest {

    @AfterEach
    void tearDown() {
        MDC.clear(); // the test's own thread
    }

    @Test
    void anOkHttpCallbackRunsWithTheCallsTraceAndTheCallersMdc() throws Exception {
        OkHttpClient client = new OkHttpClient();
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setBody("{}"));
            server.start();
            MDC.put("app.user", "u1");
            CompletableFuture<Map<String, String>> seen = new CompletableFuture<>();
            String[] callbackThread = new String[1];
            CompactionRequest request = CompactionRequest.builder().model("gpt-5.1")
                    .items(List.of(Message.user("hi"))).attribute("agent_id", "a9").build();
            CompactionResult result = TestCompactors.traced("http-test", r -> {
                // what the transport does: wrap the work the callback does, on the calling thread
                Runnable onResponse = Async.propagate(() -> {
                    callbackThread[0] = Thread.currentThread().getName();
                    seen.complete(MDC.getCopyOfContextMap());
                });
                client.newCall(new Request.Builder().url(server.url("/v1/responses/compact")).build())
                        .enqueue(new Callback() {
                            @Override
                            public void onResponse(Call call, Response response) {
                                response.close();
                                onResponse.run();
                            }

                            @Override
                            public void onFailure(Call call, IOException e) {
                                seen.completeExceptionally(e);
                            }
                        });
                try {
                    seen.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return CompactionResult.builder().items(r.items());
            }).compact(request);
            Map<String, String> mdc = seen.get();
            assertTrue(callbackThread[0].startsWith("OkHttp"), callbackThread[0]);
            assertNotEquals(Thread.currentThread().getName(), callbackThread[0]);
            assertEquals(result.traceId(), mdc.get("compact4j.trace_id"));
            assertEquals("a9", mdc.get("compact4j.agent_id"));
            assertEquals("u1", mdc.get("app.user"));
            assertEquals(Map.of("app.user", "u1"), MDC.getCopyOfContextMap());
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Test
    void asyncCarriesTheCallersMdcWithoutAnyScopeOpen() throws Exception {
        // Async's propagator is the context snapshot from its class init on, not something a
        // tracing class installs later, so this holds whatever ran before in the JVM.
        MDC.put("app.user", "u2");
        Map<String, String> seen = Async.supply(MDC::getCopyOfContextMap, Async.defaultExecutor()).get(30, TimeUnit.SECONDS);
        assertEquals(Map.of("app.user", "u2"), seen);
        MDC.remove("app.user");
        assertNull(Async.supply(() -> MDC.get("app.user"), Async.defaultExecutor()).get(30, TimeUnit.SECONDS),
                "the pooled worker kept nothing from the previous task");
    }
}
