package io.github.compact4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local stand-in for an OpenAI-compatible {@code /v1/chat/completions} server, so the framework
 * examples run without an API key. It is not a model: it answers a turn's user message with a call
 * to the {@code readFile} tool, the tool's result with a fixed sentence, and a compact4j
 * summarization request with a fixed summary that says it came from here.
 */
final class ScriptedAgentServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Its answer to a tool's result: the end of a turn. */
    static final String ANSWER = "(stand-in) I read the file; it looks fine.";

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger summaries = new AtomicInteger();

    ScriptedAgentServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    JsonNode messages = JSON.readTree(request.getBody().readString(StandardCharsets.UTF_8)).path("messages");
                    int n = calls.incrementAndGet();
                    if (SummarizingFallbackCompactor.DEFAULT_PROMPT.equals(messages.path(0).path("content").asText())) {
                        summaries.incrementAndGet();
                        return answer(n, "{\"role\":\"assistant\",\"content\":\"Summary written by the local stand-in server "
                                + "(no model was called): the agent read one file per turn; every file was fine.\"}", "stop");
                    }
                    JsonNode last = messages.path(messages.size() - 1);
                    if ("user".equals(last.path("role").asText()) && last.path("content").asText().startsWith("Turn ")) {
                        String args = JSON.writeValueAsString("{\"path\":\"src/File" + n + ".java\"}");
                        return answer(n, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + n
                                + "\",\"type\":\"function\",\"function\":{\"name\":\"readFile\",\"arguments\":" + args + "}}]}",
                                "tool_calls");
                    }
                    return answer(n, "{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(ANSWER) + "}", "stop");
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(400);
                }
            }
        });
        server.start();
    }

    private static MockResponse answer(int n, String message, String finish) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"chatcmpl-local-" + n
                + "\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"stand-in\",\"choices\":[{\"index\":0,"
                + "\"message\":" + message + ",\"finish_reason\":\"" + finish + "\",\"logprobs\":null}],"
                + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120}}");
    }

    /** @return the base URL, ending in {@code /v1} */
    String baseUrl() {
        return server.url("/v1").toString();
    }

    int calls() {
        return calls.get();
    }

    int summaries() {
        return summaries.get();
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
