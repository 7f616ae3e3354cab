package io.github.compact4j.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.responses.ResponseCompactParams;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.ConversationFormat;
import io.github.compact4j.testing.Conversations;
import io.github.compact4j.testing.HistoryJudge;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.testing.SdkJudges;
import io.github.compact4j.tokens.TokenCounter;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * openai-java judges {@link OpenAiCompactClient} over generated conversations, on OpenAI, Azure
 * OpenAI and xAI: every body it sends is a valid {@code ResponseCompactParams.Body}, and every
 * history it returns is a list of valid {@code ResponseInputItem}s. The server answers as the
 * API does, from what it was sent: the user messages it kept, some of the assistant messages and
 * reasoning items, one compaction item (xAI: the compaction item alone).
 */
class OpenAiCompactSdkJudgeProperties {

    private static final TokenCounter COUNTER = TokenCounter.defaultCounter();
    private static final String[] TIERS = {"auto", "default", "flex", "priority"};

    enum Host { OPENAI, AZURE, XAI }

    @Property(tries = 40)
    void everyBodySentAndEveryHistoryReturnedIsValidForOpenAiJava(@ForAll Host host, @ForAll Random r) throws Exception {
        List<Item> items = Conversations.generate(r, MultiFormatConversations.options(12, r.nextBoolean()));
        boolean chained = r.nextInt(5) == 0;
        CompactionRequest.Builder request = CompactionRequest.builder()
                .model(host == Host.XAI ? "grok-4.6" : host == Host.AZURE ? "my-gpt-5-deployment" : "gpt-5.1-codex-max")
                .items(chained && r.nextBoolean() ? List.of() : items);
        if (r.nextBoolean()) {
            request.instructions(MultiFormatConversations.text(r, 5, 40));
        }
        if (chained) {
            request.previousResponseId("resp_" + Long.toHexString(r.nextLong()));
        }
        if (r.nextBoolean()) {
            request.promptCacheKey("agent-" + r.nextInt(100));
        }
        if (r.nextBoolean()) {
            request.serviceTier(TIERS[r.nextInt(TIERS.length)]);
        }
        CompactionRequest req = request.build();

        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new CompactAnswers(new Random(r.nextLong()), host == Host.XAI));
            server.start();
            CompactionResult result = client(server, host).build().compact(req);

            RecordedRequest sent = server.takeRequest();
            ResponseCompactParams.Body body = SdkJudges.openAiCompactBody(sent.getBody().readUtf8());
            assertEquals(req.model(), body.model().orElseThrow().asString());
            assertEquals(req.instructions(), body.instructions());
            assertEquals(req.previousResponseId(), body.previousResponseId());
            assertEquals(req.items().size(), body.input().map(i -> i.asResponseInputItems().size()).orElse(0));
            Statistics.label("host").collect(host);
            Statistics.label("request").collect(req.items().isEmpty() ? "previous_response_id only"
                    : chained ? "items and previous_response_id" : "items");

            // the history: Responses items openai-java reads, and no other format pretends to hold it
            assertEquals(HistoryJudge.JUDGED, HistoryJudge.verdict(ConversationFormat.RESPONSES, req.items(),
                    result.items()));
            assertFalse(result.portable());
            assertThrows(InvalidConversationException.class, () -> ChatCompletionsMessages.toJson(result.items()));
            assertThrows(InvalidConversationException.class, () -> AnthropicMessages.toConversation(result.items()));
        }
    }

    private static OpenAiCompactClient.Builder client(MockWebServer server, Host host) {
        OpenAiCompactClient.Builder b = OpenAiCompactClient.builder().sleeper(d -> { }).jitter(() -> 0.0)
                .tokenCounter(COUNTER);
        if (host == Host.OPENAI) {
            return b.apiKey(Fixtures.API_KEY).baseUrl(server.url("/v1").toString()).organization("org-judges");
        }
        // the provider's host name resolves to the local server, so the client sees a real URL
        Dns here = name -> List.of(InetAddress.getLoopbackAddress());
        OkHttpClient local = new OkHttpClient.Builder().dns(here).build();
        String base = host == Host.AZURE ? "http://my-res.openai.azure.com:" + server.getPort() + "/openai/v1"
                : "http://api.x.ai:" + server.getPort() + "/v1";
        return b.okHttpClient(local).baseUrl(base).apiKey(host == Host.AZURE ? "azure0123456789abcdef0123456789ab"
                : "xai-test-0123456789abcdef");
    }

    /**
     * Answers {@code /responses/compact} as the API does, from the request: a {@code CompactResource}
     * whose output keeps the user messages (as output items with ids), some assistant messages and
     * reasoning items as they were sent, and ends with one compaction item.
     */
    static final class CompactAnswers extends Dispatcher {
        private final Random r;
        private final boolean compactionOnly;

        CompactAnswers(Random r, boolean compactionOnly) {
            this.r = r;
            this.compactionOnly = compactionOnly;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            JsonNode input = ConversationFormat.parse(request.getBody().clone().readUtf8()).path("input");
            ObjectNode answer = Json.NODES.objectNode();
            answer.put("id", "resp_" + Long.toHexString(r.nextLong()));
            answer.put("object", "response.compaction");
            answer.put("created_at", 1_780_000_000);
            ArrayNode output = answer.putArray("output");
            int n = 0;
            for (JsonNode item : input) {
                if (compactionOnly) {
                    break;
                }
                String type = item.path("type").asText("message");
                String role = item.path("role").asText();
                if (type.equals("message") && role.equals("user")) {
                    ObjectNode kept = output.addObject();
                    kept.put("id", "msg_" + Integer.toHexString(n++));
                    kept.put("type", "message");
                    kept.put("status", "completed");
                    JsonNode content = item.get("content");
                    if (content.isTextual()) {
                        kept.putArray("content").addObject().put("type", "input_text").put("text", content.textValue());
                    } else {
                        kept.set("content", content.deepCopy());
                    }
                    kept.put("role", "user");
                } else if ((type.equals("message") && role.equals("assistant") || type.equals("reasoning"))
                        && r.nextInt(4) == 0) {
                    output.add(item.deepCopy());
                }
            }
            output.addObject().put("id", "cmp_" + Long.toHexString(r.nextLong())).put("type", "compaction")
                    .put("encrypted_content", "gAAAAAB" + Long.toHexString(r.nextLong()) + "==");
            answer.putObject("usage").put("input_tokens", 5000).put("output_tokens", 400).put("total_tokens", 5400);
            return Fixtures.ok(answer.toString());
        }
    }
}
