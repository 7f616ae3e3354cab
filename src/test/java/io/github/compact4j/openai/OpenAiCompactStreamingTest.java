package io.github.compact4j.openai;

import static io.github.compact4j.openai.Fixtures.COMPACTED;
import static io.github.compact4j.openai.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.http.Sleeper;
import io.github.compact4j.openai.Fixtures.RecordingSleeper;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompactStreamingTest {

    private MockWebServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "compaction-worker");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        worker.shutdownNow();
        server.shutdown();
    }

    /** Counts the OkHttp calls that were cancelled and that failed, as OkHttp reports them. */
    static final class CallEvents extends EventListener {
        final AtomicInteger cancelled = new AtomicInteger();
        final CountDownLatch failed = new CountDownLatch(1);

        @Override
        public void canceled(Call call) {
            cancelled.incrementAndGet();
        }

        @Override
        public void callFailed(Call call, IOException ioe) {
            failed.countDown();
        }
    }

    /** Waits until every task queued on the worker before this call has finished. */
    private void drainWorker() throws Exception {
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void cancellingTheFutureCancelsTheCallInFlight() throws Exception {
        server.enqueue(ok(COMPACTED).setSocketPolicy(SocketPolicy.NO_RESPONSE));
        CallEvents events = new CallEvents();
        OkHttpClient app = new OkHttpClient.Builder().eventListener(events).build();
        OpenAiCompactClient client = Fixtures.client(server, sleeper).okHttpClient(app).build();

        CompletableFuture<CompactionResult> future = client.compactAsync(Fixtures.request(), worker);
        assertTrue(server.takeRequest(10, TimeUnit.SECONDS) != null, "the request reached the server");
        future.cancel(true);

        // the server never answers and the timeout is 10 minutes: only the cancel can end the call
        assertTrue(events.failed.await(10, TimeUnit.SECONDS), "the OkHttp call ended");
        assertEquals(1, events.cancelled.get());
        drainWorker();
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::join);
        assertEquals(1, server.getRequestCount(), "a cancelled call is not retried");
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void cancellingDuringABackOffWakesTheRealSleeperAtOnce() throws Exception {
        server.enqueue(Fixtures.error(503, "server_error", null, "busy").setHeader("retry-after", "50"));
        server.enqueue(ok(COMPACTED));
        CountDownLatch sleeping = new CountDownLatch(1);
        // the library's real sleeper, which would wait 50 s unless the cancel wakes it
        OpenAiCompactClient client = Fixtures.client(server, sleeper).sleeper(d -> {
            sleeping.countDown();
            Sleeper.REAL.sleep(d);
        }).build();

        CompletableFuture<CompactionResult> future = client.compactAsync(Fixtures.request(), worker);
        assertTrue(sleeping.await(10, TimeUnit.SECONDS), "the client is backing off");
        future.cancel(true);

        drainWorker();
        assertTrue(future.isCancelled());
        assertEquals(1, server.getRequestCount(), "no attempt after the cancel");
    }

    @Test
    void theAsyncPathCompletesWithTheResultOrTheFailure() throws Exception {
        server.enqueue(ok(COMPACTED));
        server.enqueue(Fixtures.error(401, "invalid_request_error", "invalid_api_key", "bad key"));
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();

        assertEquals(List.of("req_ok"), client.compactAsync(Fixtures.request(), worker).get(10, TimeUnit.SECONDS).requestIds());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.compactAsync(Fixtures.request(), worker).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof io.github.compact4j.errors.AuthenticationException, e.getCause().toString());
    }

    @Test
    void aTenMegabyteConversationIsStreamedAndArrivesIntact() throws Exception {
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Refactor the module and run the tests."));
        Random random = new Random(42);
        int call = 0;
        long chars = 0;
        while (chars < 10L * 1024 * 1024) {
            String id = "call_" + call++;
            StringBuilder output = new StringBuilder(100_000);
            while (output.length() < 100_000) {
                output.append("line ").append(random.nextInt(1_000_000)).append(": \u00e9t\u00e9 \"quoted\" \\ tab\t\n");
            }
            items.add(ToolCall.function(id, "run_tests", "{\"module\":\"core\"}"));
            items.add(ToolResult.functionOutput(id, output.toString()));
            chars += output.length();
        }
        CompactionRequest request = CompactionRequest.builder().model("gpt-5.1-codex-max").items(items).build();
        String expected = "{\"model\":\"gpt-5.1-codex-max\",\"input\":" + ResponsesItems.toJson(items) + "}";
        byte[] expectedBytes = expected.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(expectedBytes.length > 10 * 1024 * 1024, "body is " + expectedBytes.length + " bytes");

        server.enqueue(ok(COMPACTED));
        CompactionResult result = Fixtures.client(server, sleeper).build().compact(request);

        RecordedRequest sent = server.takeRequest(30, TimeUnit.SECONDS);
        assertEquals("chunked", sent.getHeader("Transfer-Encoding"), "streamed, not sized up front in memory");
        assertNull(sent.getHeader("Content-Length"));
        Buffer body = sent.getBody();
        assertEquals(expectedBytes.length, body.size());
        assertEquals(sha256(expectedBytes), sha256(body.readByteArray()));
        assertEquals(items.size(), result.itemsBefore());
        assertTrue(result.tokensBefore() > result.tokensAfter());
    }

    @Test
    void aSmallBodyGoesOutSizedInOneWriteAndARetrySendsTheSameBytes() throws Exception {
        server.enqueue(new okhttp3.mockwebserver.MockResponse().setResponseCode(500).setBody("{}"));
        server.enqueue(ok(COMPACTED));
        Fixtures.client(server, sleeper).build().compact(Fixtures.request());
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest retry = server.takeRequest(5, TimeUnit.SECONDS);
        assertNull(first.getHeader("Transfer-Encoding"), "not chunked");
        assertEquals(String.valueOf(first.getBodySize()), first.getHeader("Content-Length"));
        assertEquals(first.getBody().readUtf8(), retry.getBody().readUtf8(), "the retry replays the same bytes");
        assertEquals(first.getHeader("Content-Length"), retry.getHeader("Content-Length"));
    }

    @Test
    void anAnswerLargerThanMaxResponseBytesStopsTheReadAndIsAnInvalidResponse() {
        String big = COMPACTED.replace("\"usage\"", "\"padding\":\"" + "p".repeat(20_000) + "\",\"usage\"");
        server.enqueue(ok(big));
        io.github.compact4j.errors.InvalidResponseException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.compact4j.errors.InvalidResponseException.class,
                () -> Fixtures.client(server, sleeper).maxResponseBytes(16 * 1024).build().compact(Fixtures.request()));
        assertTrue(e.getMessage().contains("larger than maxResponseBytes (16384 bytes)"), e.getMessage());
        assertEquals(1, server.getRequestCount(), "not retried: the same server would answer the same way");

        server.enqueue(ok(big));
        CompactionResult atTheCap = Fixtures.client(server, sleeper).maxResponseBytes(big.length()).build()
                .compact(Fixtures.request());
        assertEquals(2, atTheCap.items().size(), "an answer exactly at the cap is read whole");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
