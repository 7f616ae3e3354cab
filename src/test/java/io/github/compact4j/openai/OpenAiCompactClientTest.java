package io.github.compact4j.openai;

import static io.github.compact4j.openai.Fixtures.API_KEY;
import static io.github.compact4j.openai.Fixtures.COMPACTED;
import static io.github.compact4j.openai.Fixtures.ENCRYPTED;
import static io.github.compact4j.openai.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.InvalidConversationException;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.registry.FallbackPolicy;
import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.testing.SdkJudges;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.openai.Fixtures.RecordingSleeper;
import io.github.compact4j.tokens.TokenCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompactClientTest {

    private MockWebServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void aConversationReadFromAnthropicWithThinkingFailsBeforeAnyCallSoAChainFallsBack() {
        List<Item> items = AnthropicConversation.fromJson("{\"messages\":[{\"role\":\"user\",\"content\":\"fix it\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Run it.\",\"signature\":"
                + "\"EqQBsig==\"},{\"type\":\"text\",\"text\":\"Running.\"}]}]}").items();
        CompactionRequest request = CompactionRequest.builder().model("gpt-5.1-codex-max").items(items).build();
        CompactionException e = assertThrows(CompactionException.class,
                () -> Fixtures.client(server, sleeper).build().compact(request));
        // a plain CompactionException, not an InvalidConversationException: the default policy falls back
        assertEquals(CompactionException.class, e.getClass());
        assertTrue(FallbackPolicy.defaults().shouldFallBack(e, null, null));
        InvalidConversationException cause = assertInstanceOf(InvalidConversationException.class, e.getCause());
        assertEquals(1, cause.itemIndex().getAsInt());
        assertTrue(e.getMessage().startsWith("Native compaction (/responses/compact) failed: the conversation has no"
                + " Responses form (Invalid conversation: item 1, field 'type': a reasoning item made from an Anthropic"
                + " 'thinking' block has no Responses form"), e.getMessage());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void sendsTheExactBodyHeadersAndPathAndReturnsTheOutput() throws Exception {
        server.enqueue(ok(COMPACTED));
        OpenAiCompactClient client = Fixtures.client(server, sleeper)
                .organization("org-abc").project("proj_xyz").build();
        List<Item> items = Fixtures.conversation();
        String before = ResponsesItems.toJson(items);
        CompactionRequest request = CompactionRequest.builder().model("gpt-5.1-codex-max").items(items)
                .instructions("You are a coding agent.").promptCacheKey("agent-a").serviceTier("flex").build();

        CompactionResult result = client.compact(request);

        RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("POST", sent.getMethod());
        assertEquals("/v1/responses/compact", sent.getPath());
        assertEquals("{\"model\":\"gpt-5.1-codex-max\",\"input\":" + Fixtures.CONVERSATION
                + ",\"instructions\":\"You are a coding agent.\",\"prompt_cache_key\":\"agent-a\","
                + "\"service_tier\":\"flex\"}", sent.getBody().readUtf8());
        assertEquals("Bearer " + API_KEY, sent.getHeader("Authorization"));
        assertEquals("org-abc", sent.getHeader("OpenAI-Organization"));
        assertEquals("proj_xyz", sent.getHeader("OpenAI-Project"));
        assertEquals("application/json", sent.getHeader("Content-Type"));
        assertEquals("application/json", sent.getHeader("Accept"));
        assertTrue(sent.getHeader("User-Agent").startsWith("compact4j"), sent.getHeader("User-Agent"));
        assertNull(sent.getHeader("api-key"));
        String clientId = sent.getHeader("X-Client-Request-Id");
        assertTrue(clientId.matches("[\\x21-\\x7e]{1,512}"), clientId);

        assertEquals("openai-compact", result.strategy());
        assertEquals(2, result.items().size());
        assertInstanceOf(Message.class, result.items().get(0));
        Compaction compaction = assertInstanceOf(Compaction.class, result.items().get(1));
        assertEquals(ENCRYPTED, compaction.encryptedContent());
        assertTrue(ResponsesItems.toJson(result.items()).contains("\"encrypted_content\":\"" + ENCRYPTED + "\""));
        assertEquals(Usage.builder().inputTokens(139).outputTokens(438).totalTokens(577).cachedInputTokens(11).reasoningTokens(64).modelCalls(1).build(), result.usage());
        assertEquals(List.of("req_ok"), result.requestIds());
        assertEquals(5, result.itemsBefore());
        TokenCounter counter = TokenCounter.forModel("gpt-5.1-codex-max");
        assertEquals(counter.count(items), result.tokensBefore());
        assertEquals(counter.count(result.items()), result.tokensAfter());
        assertTrue(result.traceId().matches("[0-9a-f]{32}"), result.traceId());
        assertEquals(1, result.attempts().size());
        assertFalse(result.portable());
        assertTrue(sleeper.waits.isEmpty());
        assertEquals(before, ResponsesItems.toJson(items), "the caller's items are untouched");
    }

    @Test
    void sendsOnlyTheFieldsThatAreSetAndThePreviousResponseId() throws Exception {
        server.enqueue(ok(COMPACTED));
        server.enqueue(ok(COMPACTED));
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();

        client.compact(CompactionRequest.builder().model("gpt-5").items(List.of(Message.user("hi"))).build());
        client.compact(CompactionRequest.builder().model("gpt-5").items(List.of()).previousResponseId("resp_9").build());

        assertEquals("{\"model\":\"gpt-5\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]}",
                server.takeRequest().getBody().readUtf8());
        assertEquals("{\"model\":\"gpt-5\",\"previous_response_id\":\"resp_9\"}", server.takeRequest().getBody().readUtf8());
    }

    @Test
    void anEmptyConversationIsReturnedWithoutACall() {
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();
        CompactionResult result = client.compact(CompactionRequest.builder().model("gpt-5").items(List.of()).build());
        assertTrue(result.items().isEmpty());
        assertTrue(result.note().orElseThrow().contains("empty"));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void eachAttemptHasItsOwnClientRequestId() throws Exception {
        server.enqueue(Fixtures.error(500, "server_error", null, "boom"));
        server.enqueue(Fixtures.error(502, "server_error", null, "boom"));
        server.enqueue(ok(COMPACTED));
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();

        CompactionResult result = client.compact(Fixtures.request());

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ids.add(server.takeRequest().getHeader("X-Client-Request-Id"));
        }
        assertEquals(3, ids.size(), "unique per attempt: " + ids);
        assertEquals(List.of("req_500", "req_502", "req_ok"), result.requestIds());
    }

    @Test
    void assistantMessagesWithoutTheirReasoningItemBecomeInputMessagesTheSdkAccepts() {
        String orphan = "{\"id\":\"msg_orphan\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"b1\",\"annotations\":[{\"type\":\"url_citation\","
                + "\"start_index\":0,\"end_index\":2,\"url\":\"https://example.com\",\"title\":\"t\"}]},"
                + "{\"type\":\"refusal\",\"refusal\":\"b2\"}]}";
        String kept = "{\"id\":\"msg_kept\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"c\",\"annotations\":[]}]}";
        String output = "{\"object\":\"response.compaction\",\"id\":\"resp_2\",\"created_at\":1,\"output\":["
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"a\"}," + orphan + ","
                + "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}," + kept + ","
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"d\"},"
                + "{\"id\":\"msg_orphan2\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"phase\":\"final_answer\",\"content\":[{\"type\":\"output_text\",\"text\":\"e\",\"annotations\":[]}]},"
                + "{\"id\":\"cmp_1\",\"type\":\"compaction\",\"encrypted_content\":\"x\"}],"
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1,\"total_tokens\":2}}";
        server.enqueue(ok(output));
        CompactionResult result = Fixtures.client(server, sleeper).build().compact(Fixtures.request());

        List<String> ids = new ArrayList<>();
        for (Item i : result.items()) {
            ids.add(i.id().orElse("-"));
        }
        assertEquals(List.of("-", "-", "rs_1", "msg_kept", "-", "-", "cmp_1"), ids);
        assertEquals("{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"b1\\nb2\"}", result.items().get(1).toJson());
        assertEquals("{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"e\",\"phase\":\"final_answer\"}",
                result.items().get(5).toJson());
        assertEquals(kept, result.items().get(3).toJson(), "a message behind its reasoning item is left as it came");
        assertTrue(result.note().orElseThrow().contains("2 assistant message"), result.note().get());
        // the judge: every item of the history parses as openai-java's input item and validates
        List<com.openai.models.responses.ResponseInputItem> judged =
                SdkJudges.openAiInputItems(ResponsesItems.toJson(result.items()));
        assertEquals(result.items().size(), judged.size());
        assertTrue(judged.get(1).isEasyInputMessage(), judged.get(1).toString());
        assertTrue(judged.get(5).isEasyInputMessage(), judged.get(5).toString());
        assertTrue(judged.get(3).isResponseOutputMessage(), judged.get(3).toString());
    }

    @Test
    void usageDetailsAreOptional() {
        server.enqueue(ok("{\"id\":\"r\",\"object\":\"response.compaction\",\"created_at\":1,\"output\":"
                + "[{\"type\":\"compaction\",\"id\":\"c\",\"encrypted_content\":\"e\"}],"
                + "\"usage\":{\"input_tokens\":100,\"output_tokens\":20}}"));
        CompactionResult result = Fixtures.client(server, sleeper).build().compact(Fixtures.request());
        assertEquals(Usage.builder().inputTokens(100).outputTokens(20).totalTokens(120).cachedInputTokens(0).reasoningTokens(0).modelCalls(1).build(), result.usage());
    }

    @Test
    void aLargeEncryptedContentIsKeptByteForByte() {
        StringBuilder sb = new StringBuilder("gAAAAA");
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/";
        while (sb.length() < 1_000_000) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String encrypted = sb.toString();
        server.enqueue(ok(COMPACTED.replace(ENCRYPTED, encrypted)));
        CompactionResult result = Fixtures.client(server, sleeper).build().compact(Fixtures.request());
        assertEquals(encrypted, ((Compaction) result.items().get(1)).encryptedContent());
    }

    @Test
    void answersThatAreNotOneCompactionAreInvalidAndNotRetried() {
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();
        Map<String, String> cases = Map.of(
                COMPACTED.replace(",{\"id\":\"cmp_001\",\"type\":\"compaction\",\"encrypted_content\":\"" + ENCRYPTED + "\"}", ""),
                "exactly one compaction item in 'output' but found 0",
                COMPACTED.replace("],\"usage\"", ",{\"id\":\"cmp_002\",\"type\":\"compaction\",\"encrypted_content\":\"e\"}],\"usage\""),
                "exactly one compaction item in 'output' but found 2",
                COMPACTED.replace("\"response.compaction\"", "\"response\""),
                "expected 'object' to be 'response.compaction' but got 'response'",
                "{\"id\":\"x\",\"output\":[]}", "no 'object' field",
                "{\"object\":\"response.compaction\",\"output\":{}}", "no 'output' array",
                "{\"object\":\"response.compaction\",\"output\":[{\"type\":\"compaction\"}]}",
                "'output' holds an invalid item: Invalid conversation: item 0, field 'encrypted_content'",
                "[1,2]", "expected a JSON object but got array");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            server.enqueue(ok(c.getKey()));
            InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> client.compact(Fixtures.request()));
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
            assertEquals(200, e.status().getAsInt());
            assertEquals(List.of("req_ok"), e.requestIds());
            assertEquals(1, e.attempts());
        }
        assertEquals(cases.size(), server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void truncatedJsonAnEmptyBodyAndAnHtmlPageAreInvalidResponses() {
        OpenAiCompactClient client = Fixtures.client(server, sleeper).build();

        server.enqueue(ok(COMPACTED.substring(0, COMPACTED.length() / 2)));
        InvalidResponseException truncated = assertThrows(InvalidResponseException.class, () -> client.compact(Fixtures.request()));
        assertTrue(truncated.getMessage().contains("malformed or cut short"), truncated.getMessage());
        assertFalse(truncated.getMessage().contains("landing page"), "no content in messages: " + truncated.getMessage());

        server.enqueue(ok(""));
        InvalidResponseException empty = assertThrows(InvalidResponseException.class, () -> client.compact(Fixtures.request()));
        assertTrue(empty.getMessage().contains("the body is empty"), empty.getMessage());

        server.enqueue(ok("<!DOCTYPE html><html><head><title>Sign in - Corporate Proxy</title></head><body>...</body></html>")
                .setHeader("Content-Type", "text/html; charset=utf-8"));
        InvalidResponseException html = assertThrows(InvalidResponseException.class, () -> client.compact(Fixtures.request()));
        assertTrue(html.getMessage().contains("expected JSON but the server sent text/html"), html.getMessage());
        assertTrue(html.getMessage().contains("Sign in - Corporate Proxy"), html.getMessage());
        assertTrue(html.getMessage().contains("base URL"), html.getMessage());

        server.enqueue(ok(COMPACTED + "<html>"));
        InvalidResponseException trailing = assertThrows(InvalidResponseException.class, () -> client.compact(Fixtures.request()));
        assertTrue(trailing.getMessage().contains("malformed"), trailing.getMessage());

        assertEquals(4, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void azureSendsTheKeyInTheApiKeyHeaderAndTheApiVersion() throws Exception {
        server.enqueue(ok(COMPACTED));
        OpenAiCompactClient client = Fixtures.client(server, sleeper).authStyle(io.github.compact4j.http.AuthStyle.AZURE_API_KEY).apiVersion("preview")
                .organization("org-ignored").build();
        client.compact(Fixtures.request());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/v1/responses/compact?api-version=preview", sent.getPath());
        assertEquals(API_KEY, sent.getHeader("api-key"));
        assertNull(sent.getHeader("Authorization"));
        assertNull(sent.getHeader("OpenAI-Organization"));
    }

    @Test
    void azureResourceBuildsTheV1BaseUrlAndAzureHostsAreDetected() {
        String resource = OpenAiCompactClient.builder().apiKey(API_KEY).azureResource("my-res").build().toString();
        assertTrue(resource.contains("baseUrl=https://my-res.openai.azure.com/openai/v1"), resource);
        assertTrue(resource.contains("auth=api-key"), resource);
        String detected = OpenAiCompactClient.builder().apiKey(API_KEY)
                .baseUrl("https://other.openai.azure.com/openai/v1").build().toString();
        assertTrue(detected.contains("auth=api-key"), detected);
        String plain = OpenAiCompactClient.builder().apiKey(API_KEY).build().toString();
        assertTrue(plain.contains("auth=bearer") && plain.contains("baseUrl=https://api.openai.com/v1"), plain);
        assertThrows(IllegalArgumentException.class, () -> OpenAiCompactClient.builder().azureResource("bad/name"));
    }

    @Test
    void extraHeadersAreSentButCannotReplaceTheCredentials() throws Exception {
        server.enqueue(ok(COMPACTED));
        Fixtures.client(server, sleeper).header("X-Gateway-Route", "eu").build().compact(Fixtures.request());
        assertEquals("eu", server.takeRequest().getHeader("X-Gateway-Route"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenAiCompactClient.builder().header("Authorization", "Bearer x"));
        assertTrue(e.getMessage().contains("apiKey(...)"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> OpenAiCompactClient.builder().header("X-Gateway-Token", "tok-secret\r\nX-Evil: 1"));
        assertFalse(bad.getMessage().contains("tok-secret"), bad.getMessage());
        assertTrue(bad.getMessage().contains("position 10"), bad.getMessage());
    }

    @Test
    void fromEnvReadsTheFourVariables() throws Exception {
        server.enqueue(ok(COMPACTED));
        OpenAiCompactClient client = OpenAiCompactClient.builder().fromEnv(Map.of(
                "OPENAI_API_KEY", API_KEY,
                "OPENAI_BASE_URL", server.url("/v1").toString(),
                "OPENAI_ORG_ID", "org-env",
                "OPENAI_PROJECT_ID", "proj_env")).build();
        client.compact(Fixtures.request());
        RecordedRequest sent = server.takeRequest();
        assertEquals("Bearer " + API_KEY, sent.getHeader("Authorization"));
        assertEquals("org-env", sent.getHeader("OpenAI-Organization"));
        assertEquals("proj_env", sent.getHeader("OpenAI-Project"));
        assertEquals("/v1/responses/compact", sent.getPath());
    }

    @Test
    void aMissingKeyFailsAtBuildTimeWithAClearMessage() {
        IllegalStateException env = assertThrows(IllegalStateException.class,
                () -> OpenAiCompactClient.fromEnv(Map.of("OPENAI_BASE_URL", "https://example.com/v1")));
        assertTrue(env.getMessage().contains("OPENAI_API_KEY is not set"), env.getMessage());
        IllegalStateException blank = assertThrows(IllegalStateException.class,
                () -> OpenAiCompactClient.fromEnv(Map.of("OPENAI_API_KEY", "  ")));
        assertTrue(blank.getMessage().contains("OPENAI_API_KEY"), blank.getMessage());
        IllegalStateException builder = assertThrows(IllegalStateException.class,
                () -> OpenAiCompactClient.builder().build());
        assertTrue(builder.getMessage().contains("apiKey(...)"), builder.getMessage());
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> OpenAiCompactClient.builder().apiKey(API_KEY).baseUrl("api.openai.com").build());
        assertTrue(url.getMessage().contains("http(s) URL"), url.getMessage());
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> OpenAiCompactClient.builder().apiKey("sk-abc\ndef-ghijklmnopqrstu").build());
        assertFalse(badKey.getMessage().contains("ghijkl"), badKey.getMessage());
    }

    @Test
    void toStringNeverShowsTheKey() {
        OpenAiCompactClient.Builder builder = OpenAiCompactClient.builder().apiKey(API_KEY).organization("org-1")
                .timeout(Duration.ofMinutes(3));
        OpenAiCompactClient client = builder.build();
        for (String s : List.of(client.toString(), builder.toString())) {
            assertFalse(s.contains(API_KEY), s);
            assertFalse(s.contains("0123456789abcdef"), s);
            assertTrue(s.contains("apiKey=REDACTED"), s);
        }
        assertTrue(client.toString().contains("timeout=PT3M"), client.toString());
    }

    @Test
    void nameIsOpenAiCompact() {
        assertEquals("openai-compact", OpenAiCompactClient.builder().apiKey(API_KEY).build().name());
    }
}
