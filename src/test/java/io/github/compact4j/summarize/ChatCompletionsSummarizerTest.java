package io.github.compact4j.summarize;

import static io.github.compact4j.summarize.SummarizerFixtures.OPENAI_KEY;
import static io.github.compact4j.summarize.SummarizerFixtures.SUMMARY;
import static io.github.compact4j.summarize.SummarizerFixtures.chat;
import static io.github.compact4j.summarize.SummarizerFixtures.chatCompletion;
import static io.github.compact4j.summarize.SummarizerFixtures.chatOk;
import static io.github.compact4j.summarize.SummarizerFixtures.json;
import static io.github.compact4j.summarize.SummarizerFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.Usage;
import io.github.compact4j.summarize.ChatCompletionsSummarizer.TokenLimitParameter;
import io.github.compact4j.summarize.SummarizerFixtures.RecordingSleeper;
import io.github.compact4j.testing.OpenApiSpec;
import io.github.compact4j.testing.SchemaValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.github.compact4j.http.AuthStyle;
import io.github.compact4j.internal.http.Endpoint;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatCompletionsSummarizerTest {

    private static final String REQUEST_SCHEMA = "CreateChatCompletionRequest";

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

    /** The body's problems against the spec, plus every field the spec does not know (it allows extras). */
    private static List<String> specProblems(JsonNode body) {
        OpenApiSpec spec = OpenApiSpec.load();
        List<String> problems = new ArrayList<>(new SchemaValidator(spec).validate(REQUEST_SCHEMA, body));
        Set<String> known = spec.properties(REQUEST_SCHEMA).keySet();
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                problems.add("$." + f + ": not a field of " + REQUEST_SCHEMA);
            }
        });
        return problems;
    }

    @Test
    void sendsTheInstructionsAsTheSystemMessageAndTheTranscriptAsTheUserMessage() throws Exception {
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
        SummaryRequest request = request();

        Summary s = chat(server, sleeper).build().summarize(request);

        RecordedRequest sent = server.takeRequest();
        assertEquals("POST", sent.getMethod());
        assertEquals("/v1/chat/completions", sent.getPath());
        assertEquals("Bearer " + OPENAI_KEY, sent.getHeader("Authorization"));
        assertNull(sent.getHeader("api-key"));
        assertEquals("application/json", sent.getHeader("Content-Type"));
        assertEquals("application/json", sent.getHeader("Accept"));
        assertTrue(sent.getHeader("X-Client-Request-Id").startsWith("c4j-"));
        JsonNode body = json(sent);
        assertEquals(List.of("model", "messages", "max_tokens", "stream"), fieldNames(body));
        assertEquals("gpt-4o-mini", body.get("model").textValue());
        assertEquals(2, body.get("messages").size());
        assertEquals("system", body.get("messages").get(0).get("role").textValue());
        assertEquals(SummarizingFallbackCompactor.DEFAULT_PROMPT, body.get("messages").get(0).get("content").textValue());
        assertEquals(2, body.get("messages").get(0).size());
        assertEquals("user", body.get("messages").get(1).get("role").textValue());
        assertEquals(request.userMessage(), body.get("messages").get(1).get("content").textValue());
        assertTrue(body.get("messages").get(1).get("content").textValue().contains("[tool call shell, id call_7]"));
        assertEquals(4096, body.get("max_tokens").intValue());
        assertTrue(body.get("max_tokens").isIntegralNumber());
        assertFalse(body.get("stream").booleanValue());
        assertEquals(List.of(), specProblems(body));

        assertEquals(SUMMARY, s.text());
        assertFalse(s.truncated());
        assertEquals(Usage.builder().inputTokens(1893).outputTokens(212).totalTokens(2105).cachedInputTokens(1024).reasoningTokens(64).modelCalls(1).build(), s.usage());
        assertEquals(List.of("req_chat_ok"), s.requestIds());
    }

    @Test
    void maxCompletionTokensAndATemperatureFitTheSpecToo() throws Exception {
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
        chat(server, sleeper).tokenLimitParameter(TokenLimitParameter.MAX_COMPLETION_TOKENS).temperature(0.2).build()
                .summarize(request().withMaxOutputTokens(8192));
        JsonNode body = json(server.takeRequest());
        assertEquals(List.of("model", "messages", "max_completion_tokens", "temperature", "stream"), fieldNames(body));
        assertEquals(8192, body.get("max_completion_tokens").intValue());
        assertEquals("0.2", body.get("temperature").toString());
        assertEquals(List.of(), specProblems(body));
    }

    @Test
    void theSpecCatchesABodyThatBreaksIt() {
        JsonNode broken = io.github.compact4j.internal.Json.MAPPER.createObjectNode()
                .put("model", "gpt-4o").put("max_tokens", "4096").put("maxTokens", 1)
                .set("messages", io.github.compact4j.internal.Json.MAPPER.createArrayNode());
        List<String> problems = specProblems(broken);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.max_tokens")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.maxTokens")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.messages")), problems::toString);
    }

    @ParameterizedTest
    @CsvSource({
        "https://api.openai.com/v1,          gpt-4o-mini,                 false, max_completion_tokens",
        "https://my-res.openai.azure.com/openai/v1, my-gpt-4o-deployment, true,  max_completion_tokens",
        "http://localhost:11434/v1,          qwen2.5-coder:14b,           false, max_tokens",
        "http://localhost:8000/v1,           meta-llama/Llama-3.1-8B-Instruct, false, max_tokens",
        "https://api.groq.com/openai/v1,     llama-3.3-70b-versatile,     false, max_tokens",
        "https://generativelanguage.googleapis.com/v1beta/openai, gemini-2.5-flash, false, max_tokens",
        "https://openrouter.ai/api/v1,       openai/gpt-5-mini,           false, max_completion_tokens",
        "https://openrouter.ai/api/v1,       openai/o3-mini,              false, max_completion_tokens",
        "http://localhost:4000/v1,           o4-mini-2025-04-16,          false, max_completion_tokens",
        "http://localhost:4000/v1,           gpt-5.1-codex-max,           false, max_completion_tokens",
        "http://localhost:11434/v1,          olmo2:13b,                   false, max_tokens",
        "http://localhost:11434/v1,          gpt-oss:20b,                 false, max_tokens",
        "http://localhost:11434/v1,          deepseek-r1:8b,              false, max_tokens",
    })
    void autoSendsTheFieldTheServerKnows(String base, String model, boolean azure, String field) {
        Endpoint.Target target = new Endpoint.Target(HttpUrl.get(base), azure ? AuthStyle.AZURE_API_KEY : AuthStyle.BEARER,
                true, "K");
        assertEquals(field, ChatCompletionsSummarizer.tokenLimitField(TokenLimitParameter.AUTO, target, model));
        assertEquals("max_tokens", ChatCompletionsSummarizer.tokenLimitField(TokenLimitParameter.MAX_TOKENS,
                target, model));
        assertEquals("max_completion_tokens", ChatCompletionsSummarizer.tokenLimitField(
                TokenLimitParameter.MAX_COMPLETION_TOKENS, target, model));
    }

    @Test
    void azureGetsTheKeyInApiKeyAndMaxCompletionTokens() throws Exception {
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")));
        String base = server.url("/openai/deployments/my-gpt-4o").newBuilder()
                .addQueryParameter("api-version", "2024-10-21").build().toString();
        ChatCompletionsSummarizer s = chat(server, sleeper).baseUrl(base).model("my-gpt-4o").authStyle(AuthStyle.AZURE_API_KEY).build();
        s.summarize(request());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/openai/deployments/my-gpt-4o/chat/completions?api-version=2024-10-21", sent.getPath());
        assertEquals(OPENAI_KEY, sent.getHeader("api-key"));
        assertNull(sent.getHeader("Authorization"));
        assertEquals(4096, json(sent).get("max_completion_tokens").intValue());
        assertTrue(s.toString().contains("auth=api-key"), s.toString());
    }

    @Test
    void aLocalServerNeedsNoKeyAndGetsExtraHeaders() throws Exception {
        server.enqueue(chatOk(chatCompletion(SUMMARY, "stop")).removeHeader("x-request-id"));
        ChatCompletionsSummarizer s = ChatCompletionsSummarizer.builder()
                .baseUrl(server.url("/v1/").toString())
                .model("qwen2.5-coder:14b")
                .header("HTTP-Referer", "https://myapp.example")
                .build();
        Summary summary = s.summarize(request());
        RecordedRequest sent = server.takeRequest();
        assertEquals("/v1/chat/completions", sent.getPath());
        assertNull(sent.getHeader("Authorization"));
        assertEquals("https://myapp.example", sent.getHeader("HTTP-Referer"));
        assertEquals(List.of(), summary.requestIds(), "Ollama sends no request id");
        assertTrue(s.toString().contains("auth=none"), s.toString());
        assertTrue(s.toString().contains("tokenLimit=max_tokens"), s.toString());
    }

    @Test
    void parsesTheSpecsExampleAnswers() {
        Map<String, String> examples = OpenApiSpec.load().postResponseExamples("/chat/completions");
        assertEquals(Set.of("Default", "Image input", "Streaming", "Functions", "Logprobs"), examples.keySet());
        for (Map.Entry<String, String> e : examples.entrySet()) {
            server.enqueue(chatOk(e.getValue()));
            ChatCompletionsSummarizer s = chat(server, sleeper).build();
            switch (e.getKey()) {
                case "Default" -> {
                    Summary r = s.summarize(request());
                    assertEquals("Hello! How can I assist you today?", r.text());
                    assertEquals(Usage.builder().inputTokens(19).outputTokens(10).totalTokens(29).cachedInputTokens(0).reasoningTokens(0).modelCalls(1).build(), r.usage());
                }
                case "Image input" -> {
                    Summary r = s.summarize(request());
                    assertTrue(r.text().startsWith("The image shows a wooden boardwalk"), r.text());
                    assertEquals(Usage.builder().inputTokens(1117).outputTokens(46).totalTokens(1163).cachedInputTokens(0).reasoningTokens(0).modelCalls(1).build(), r.usage());
                }
                case "Logprobs" -> {
                    Summary r = s.summarize(request());
                    assertEquals("Hello! How can I assist you today?", r.text());
                    assertEquals(1, r.usage().modelCalls());
                }
                case "Functions" -> {
                    InvalidResponseException x = assertThrows(InvalidResponseException.class, () -> s.summarize(request()));
                    assertTrue(x.getMessage().contains("choices[0].message.content is null (finish_reason: tool_calls);"
                            + " the model called a tool instead of writing a summary"), x.getMessage());
                }
                case "Streaming" -> {
                    InvalidResponseException x = assertThrows(InvalidResponseException.class, () -> s.summarize(request()));
                    assertTrue(x.getMessage().contains("the JSON is malformed or cut short"), x.getMessage());
                }
                default -> throw new AssertionError("a new example: " + e.getKey());
            }
        }
        assertEquals(5, server.getRequestCount(), "invalid answers are not retried");
    }

    @Test
    void contentAsAnArrayOfPartsIsJoined() {
        server.enqueue(chatOk("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Task: fix the build. \"},{\"type\":\"text\",\"text\":\"Next: run"
                + " mvn test.\"}]}}]}"));
        Summary s = chat(server, sleeper).build().summarize(request());
        assertEquals("Task: fix the build. Next: run mvn test.", s.text());
        assertEquals(Usage.builder().inputTokens(0).outputTokens(0).totalTokens(0).cachedInputTokens(0).reasoningTokens(0).modelCalls(1).build(), s.usage(), "no usage reported: one call, no figures");
    }

    @Test
    void aLeadingThinkBlockIsNotPartOfTheSummary() {
        server.enqueue(chatOk(chatCompletion("<think>\nThe user wants a summary. Let me list the files.\n</think>\n\n"
                + SUMMARY, "stop")));
        server.enqueue(chatOk(chatCompletion("<think>\nStill listing the files, the modules, the", "length")));
        server.enqueue(chatOk(chatCompletion("Keep the literal <think></think> tags in " + SUMMARY, "stop")));
        ChatCompletionsSummarizer s = chat(server, sleeper).build();

        assertEquals(SUMMARY, s.summarize(request()).text());
        Summary cut = s.summarize(request());
        assertEquals("", cut.text(), "cut off while thinking: nothing of the summary yet");
        assertTrue(cut.truncated());
        assertEquals("Keep the literal <think></think> tags in " + SUMMARY, s.summarize(request()).text());
    }

    @Test
    void finishReasonLengthMarksTheSummaryAsCutOff() {
        server.enqueue(chatOk(chatCompletion("Task: make the build pass. Done: modules 0-7", "length")));
        server.enqueue(chatOk("{\"choices\":[{\"index\":0,\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\","
                + "\"content\":null}}],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":4096,\"total_tokens\":4996,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":4096}}}"));
        ChatCompletionsSummarizer s = chat(server, sleeper).build();

        Summary cut = s.summarize(request());
        assertTrue(cut.truncated());
        assertEquals("Task: make the build pass. Done: modules 0-7", cut.text());
        Summary thoughtOnly = s.summarize(request());
        assertTrue(thoughtOnly.truncated(), "a reasoning model that spent the budget thinking needs a larger one");
        assertEquals("", thoughtOnly.text());
        assertEquals(Usage.builder().inputTokens(900).outputTokens(4096).totalTokens(4996).cachedInputTokens(0).reasoningTokens(4096).modelCalls(1).build(), thoughtOnly.usage());
    }

    @Test
    void aRefusalIsRejectedSoAChainMovesOn() {
        server.enqueue(chatOk("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":null,\"refusal\":\"I'm sorry, I cannot help with the file secret-plans.txt.\"}}]}"));
        server.enqueue(chatOk(chatCompletion("partial", "content_filter")));
        ChatCompletionsSummarizer s = chat(server, sleeper).build();

        SummaryRejectedException refused = assertThrows(SummaryRejectedException.class, () -> s.summarize(request()));
        assertEquals(SummaryRejectedException.Reason.REFUSED, refused.reason());
        assertEquals(List.of("req_chat_ok"), refused.requestIds());
        assertTrue(refused.getMessage().startsWith("The Chat Completions model declined to write the summary"
                + " (message.refusal)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("secret-plans"), "the refusal may quote the conversation");
        assertTrue(refused.getMessage().contains("masking"), refused.getMessage());

        SummaryRejectedException filtered = assertThrows(SummaryRejectedException.class, () -> s.summarize(request()));
        assertEquals(SummaryRejectedException.Reason.REFUSED, filtered.reason());
        assertTrue(filtered.getMessage().contains("finish_reason: content_filter"), filtered.getMessage());
    }

    @Test
    void aTwoHundredWithoutACompletionIsAnInvalidResponse() {
        server.enqueue(chatOk("{\"error\":{\"message\":\"Upstream provider overloaded\",\"code\":502}}"));
        server.enqueue(chatOk("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"));
        server.enqueue(chatOk("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}"));
        server.enqueue(chatOk("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\"}}]}"));
        ChatCompletionsSummarizer s = chat(server, sleeper).build();
        List<String> expected = List.of(
                "the server answered 200 with an error instead of a completion: Upstream provider overloaded",
                "the answer has no choices",
                "choices[0] has no message",
                "choices[0].message.content is missing (finish_reason: stop)");
        for (String problem : expected) {
            InvalidResponseException e = assertThrows(InvalidResponseException.class, () -> s.summarize(request()));
            assertTrue(e.getMessage().startsWith("Chat Completions summarization failed: " + problem + " (HTTP 200)"),
                    e.getMessage());
            assertEquals(List.of("req_chat_ok"), e.requestIds());
        }
        assertEquals(4, server.getRequestCount());
        assertTrue(sleeper.waits.isEmpty());
    }

    @Test
    void theBuilderSaysWhatIsMissingOrWrong() {
        assertEquals("a model is required: ChatCompletionsSummarizer.builder().model(...)",
                assertThrows(IllegalStateException.class, () -> ChatCompletionsSummarizer.builder().build()).getMessage());
        assertTrue(assertThrows(IllegalStateException.class,
                () -> ChatCompletionsSummarizer.builder().model("gpt-4o").build()).getMessage()
                .startsWith("api.openai.com needs an API key"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> ChatCompletionsSummarizer.builder().model("d").baseUrl("https://r.openai.azure.com/openai/v1").build())
                .getMessage().startsWith("Azure OpenAI needs an API key"));
        assertThrows(IllegalArgumentException.class, () -> ChatCompletionsSummarizer.builder().model(" "));
        assertThrows(IllegalArgumentException.class, () -> ChatCompletionsSummarizer.builder().temperature(2.5));
        assertEquals("header 'Authorization' is set by the client itself; pass the key with apiKey(...)",
                assertThrows(IllegalArgumentException.class,
                        () -> ChatCompletionsSummarizer.builder().header("Authorization", "Bearer x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ChatCompletionsSummarizer.builder().model("m").baseUrl("localhost:11434"),
                "a bad base URL is refused in its setter").getMessage()
                .startsWith("baseUrl must be an http(s) URL such as https://api.openai.com/v1"));
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> ChatCompletionsSummarizer.builder().model("m").apiKey("sk-abc\u00e9def").build());
        assertFalse(badKey.getMessage().contains("sk-abc"), badKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChatCompletionsSummarizer.builder().maxRetries(-1));
        assertThrows(IllegalArgumentException.class,
                () -> ChatCompletionsSummarizer.builder().timeout(java.time.Duration.ZERO));
    }

    @Test
    void toStringNamesTheSetupButNeverTheKey() {
        ChatCompletionsSummarizer.Builder b = chat(server, sleeper).temperature(0.3).maxRetries(4);
        ChatCompletionsSummarizer s = b.build();
        for (String text : List.of(s.toString(), b.toString())) {
            assertFalse(text.contains(OPENAI_KEY), text);
            assertFalse(text.contains("summarizer0123"), text);
            assertTrue(text.contains("gpt-4o-mini"), text);
        }
        assertTrue(s.toString().contains("apiKey=REDACTED"), s.toString());
        assertTrue(s.toString().contains("maxRetries=4"), s.toString());
        assertTrue(s.toString().contains("temperature=0.3"), s.toString());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
