package io.github.compact4j.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.openai.OpenAiCompactClient;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * One JVM's worth of the 10 MB compaction call, for {@code peak-heap.sh}, which starts it with
 * ever smaller {@code -Xmx} to find the least heap each client needs. Each client holds the
 * conversation in its own form (compact4j's items, or the floor's Jackson tree), makes the call
 * {@value #CALLS} times against a {@link LocalCompactServer}, and exits 0; an
 * {@link OutOfMemoryError} exits 3.
 *
 * <pre>java -Xmx64m -cp benchmarks.jar io.github.compact4j.benchmarks.PeakHeap compact4j</pre>
 *
 * <p>Clients: {@code hold-items}, {@code hold-items-json} and {@code hold-tree} only build the
 * conversation (what holding it costs, the floor under the calls; {@code hold-items-json} with the
 * JSON text each item keeps once it has been written or counted, as after compact4j's first call); {@code buffered} is {@code baselineBufferedOkHttp} of
 * {@link CompactClientBenchmark} (the body serialised to one byte array, sent with a
 * {@code Content-Length}); {@code compact4j} is {@link OpenAiCompactClient#compact}.
 */
public final class PeakHeap {

    private static final int CALLS = 5;
    private static final String MODEL = "gpt-5.1-codex-max";
    private static final String KEY = "sk-bench-0000000000000000000000000000";

    private PeakHeap() {}

    /**
     * @param args the client: {@code hold-items}, {@code hold-items-json}, {@code hold-tree}, {@code buffered} or {@code compact4j}
     * @throws IOException when the server cannot start
     */
    public static void main(String[] args) throws IOException {
        String client = args.length == 1 ? args[0] : "";
        try {
            List<Item> conversation = CompactClientBenchmark.tenMegabytes();
            byte[] answer = CompactResponses.forConversation(conversation, 12_000);
            Supplier<Object> call;
            try (LocalCompactServer server = new LocalCompactServer("application/json", answer)) {
                OkHttpClient http = LocalCompactServer.noDelayClient();
                switch (client) {
                    case "hold-items":
                        call = () -> conversation.size();
                        break;
                    case "hold-items-json":
                        // the items with the JSON text each keeps once it has been written or counted
                        conversation.forEach(Item::toJson);
                        call = () -> conversation.size();
                        break;
                    case "hold-tree": {
                        ArrayNode tree = ResponsesItems.toJsonNode(conversation);
                        conversation.clear();
                        call = () -> tree.size();
                        break;
                    }
                    case "buffered": {
                        ArrayNode tree = ResponsesItems.toJsonNode(conversation);
                        conversation.clear();
                        call = buffered(http, server.baseUrl(), tree);
                        break;
                    }
                    case "compact4j": {
                        OpenAiCompactClient c = OpenAiCompactClient.builder().apiKey(KEY).baseUrl(server.baseUrl())
                                .okHttpClient(http).build();
                        CompactionRequest request = CompactionRequest.builder().model(MODEL).items(conversation).build();
                        call = () -> c.compact(request).items().size();
                        break;
                    }
                    default:
                        System.err.println("usage: PeakHeap hold-items|hold-items-json|hold-tree|buffered|compact4j");
                        System.exit(2);
                        return;
                }
                for (int i = 0; i < CALLS; i++) {
                    if (call.get() == null) {
                        throw new IllegalStateException("no answer");
                    }
                }
                http.connectionPool().evictAll();
                http.dispatcher().executorService().shutdown();
            }
        } catch (OutOfMemoryError e) {
            System.err.println("OutOfMemoryError: " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }

    private static Supplier<Object> buffered(OkHttpClient http, String baseUrl, ArrayNode tree) {
        ObjectMapper mapper = new ObjectMapper();
        Request.Builder request = new Request.Builder().url(baseUrl + "/responses/compact")
                .header("Authorization", "Bearer " + KEY);
        return () -> {
            try {
                return CompactClientBenchmark.buffered(http, request, mapper, tree).size();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
}
