package io.github.compact4j.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.CompactedResponse;
import com.openai.models.responses.ResponseCompactParams;
import com.openai.models.responses.ResponseInputItem;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.openai.OpenAiCompactClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One native compaction call ({@code POST /v1/responses/compact}) against a local server, for a
 * conversation of 10, 100 and 1,000 items, three ways:
 *
 * <ul>
 *   <li>{@code baselineBareOkHttp}: the streaming floor. The conversation held as a Jackson tree,
 *       streamed with Jackson into a bare OkHttp request (chunked), and the answer parsed into a
 *       tree, its {@code output} array taken. No checks, no retries, no logging, no token counts;</li>
 *   <li>{@code baselineBufferedOkHttp}: the buffered floor, what a hand-written client does: the
 *       same tree serialised to bytes and sent with a {@code Content-Length}, the answer read the
 *       same way;</li>
 *   <li>{@code compact4j}: {@link OpenAiCompactClient#compact(CompactionRequest)}: the trace
 *       scope, the request streamed from the items, the answer checked and turned into items, the
 *       token counts before and after, the result;</li>
 *   <li>{@code openaiJava}: openai-java 4.101.0's {@code client.responses().compact(params)}
 *       with the conversation held as the SDK's {@code ResponseInputItem}s, and the typed
 *       {@code CompactedResponse}'s output and usage read.</li>
 * </ul>
 *
 * <p>All three talk to the same {@link LocalCompactServer}, which answers with a realistic
 * {@code response.compaction} (the conversation's user messages and a 12 KB compaction item);
 * each keeps its connection alive between calls. All three get the same OkHttp client setup, with
 * {@code TCP_NODELAY} on (see {@link LocalCompactServer#noDelayClient()}). Each holds the conversation in its own natural
 * form, built once; compact4j's items have been serialised and counted before, as they are in an
 * app that counts its history as it grows (a {@code ManagedConversation} does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// A loopback call keeps getting faster for about 10 s of calls while OkHttp, Jackson (and logback)
// are compiled; with 3 s of warm-up the measured iterations were still speeding up
// (medians 221 -> 140 us).
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CompactClientBenchmark {

    private static final String MODEL = "gpt-5.1-codex-max";
    private static final String KEY = "sk-bench-0000000000000000000000000000";
    private static final MediaType JSON = MediaType.get("application/json");

    /** Conversation length in items, or {@code 10MB}: 100 tool results of 100 KB each. */
    @Param({"10", "100", "1000", "10MB"})
    public String items;

    private LocalCompactServer server;

    private List<Item> conversation;
    private OpenAiCompactClient compact4j;
    private CompactionRequest request;

    private ObjectMapper mapper;
    private OkHttpClient okHttp;
    private ArrayNode tree;
    private Request.Builder bareRequest;

    private OpenAIClient openai;
    private List<ResponseInputItem> sdkItems;

    /** Starts the server and builds the three clients and their conversations. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        LogbackSetup.configure(LogbackSetup.Setting.OFF);   // as an app with the library's loggers off
        conversation = items.equals("10MB") ? tenMegabytes() : new ConversationGenerator(42).conversation(Integer.parseInt(items));
        server = new LocalCompactServer("application/json", CompactResponses.forConversation(conversation, 12_000));

        OkHttpClient shared = LocalCompactServer.noDelayClient();
        compact4j = OpenAiCompactClient.builder().apiKey(KEY).baseUrl(server.baseUrl()).okHttpClient(shared).build();
        request = CompactionRequest.builder().model(MODEL).items(conversation).build();

        mapper = new ObjectMapper();
        okHttp = shared.newBuilder().build();
        tree = ResponsesItems.toJsonNode(conversation);
        bareRequest = new Request.Builder().url(server.baseUrl() + "/responses/compact")
                .header("Authorization", "Bearer " + KEY);

        openai = OpenAIOkHttpClient.builder().apiKey(KEY).baseUrl(server.baseUrl()).okHttpClient(shared)
                .disableTelemetry(true).build();
        sdkItems = new ArrayList<>(conversation.size());
        for (JsonNode item : tree) {
            sdkItems.add(ObjectMappers.jsonMapper().convertValue(item, ResponseInputItem.class));
        }
        // every client must succeed once before anything is measured
        if (compact4j().items().isEmpty() || baselineBareOkHttp().isEmpty() || baselineBufferedOkHttp().isEmpty()
                || openaiJava() == 0) {
            throw new IllegalStateException("a client got an empty answer");
        }
        System.out.printf("%n[setup] %s items, request body %,d bytes%n", items,
                ResponsesItems.toJson(conversation).length());
    }

    /** Stops the server and the clients' connection pools. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
        okHttp.connectionPool().evictAll();
        openai.close();
    }

    /**
     * @return the answer's {@code output} array
     * @throws IOException when the call fails
     */
    @Benchmark
    public JsonNode baselineBareOkHttp() throws IOException {
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return JSON;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                JsonGenerator g = mapper.createGenerator(sink.outputStream());
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                g.writeStartObject();
                g.writeStringField("model", MODEL);
                g.writeFieldName("input");
                mapper.writeTree(g, tree);
                g.writeEndObject();
                g.close();
            }
        };
        try (Response response = okHttp.newCall(bareRequest.post(body).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("status " + response.code());
            }
            return mapper.readTree(response.body().byteStream()).get("output");
        }
    }

    /**
     * @return the answer's {@code output} array
     * @throws IOException when the call fails
     */
    @Benchmark
    public JsonNode baselineBufferedOkHttp() throws IOException {
        return buffered(okHttp, bareRequest, mapper, tree);
    }

    /**
     * The buffered floor's call, also what {@link PeakHeap} measures: the body serialised to one
     * byte array and sent with a {@code Content-Length}, the answer read into a tree.
     */
    static JsonNode buffered(OkHttpClient http, Request.Builder request, ObjectMapper mapper, ArrayNode input)
            throws IOException {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", MODEL);
        body.set("input", input);
        RequestBody sized = RequestBody.create(mapper.writeValueAsBytes(body), JSON);
        try (Response response = http.newCall(request.post(sized).build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("status " + response.code());
            }
            return mapper.readTree(response.body().byteStream()).get("output");
        }
    }

    /** A coding agent's ten megabytes: 100 test runs of 100 KB of output each. */
    static List<Item> tenMegabytes() {
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Refactor the module and run the tests after each step."));
        java.util.Random random = new java.util.Random(42);
        for (int call = 0; call < 100; call++) {
            StringBuilder output = new StringBuilder(100_000);
            while (output.length() < 100_000) {
                output.append("test ").append(random.nextInt(1_000_000)).append(": ok in ").append(random.nextInt(900))
                        .append(" ms\n");
            }
            String id = "call_" + call;
            items.add(ToolCall.function(id, "run_tests", "{\"module\":\"core\"}"));
            items.add(ToolResult.functionOutput(id, output.toString()));
        }
        return items;
    }

    /** @return the result */
    @Benchmark
    public CompactionResult compact4j() {
        return compact4j.compact(request);
    }

    /** @return the number of output items (the output and usage are read) */
    @Benchmark
    public int openaiJava() {
        CompactedResponse r = openai.responses().compact(ResponseCompactParams.builder()
                .model(MODEL)
                .inputOfResponseInputItems(sdkItems)
                .build());
        return r.output().size() + (int) r.usage().totalTokens();
    }
}
