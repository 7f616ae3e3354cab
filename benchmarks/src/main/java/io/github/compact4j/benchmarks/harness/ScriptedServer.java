package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The scripted local server: an in-process HTTP server that speaks the wire format of the four
 * endpoints the harness uses and answers with {@link ScriptedModel} instead of a model.
 *
 * <ul>
 *   <li>{@code POST /v1/responses/compact}: a {@code response.compaction} whose output is the most
 *       recent user messages (up to {@value #KEPT_USER_TOKENS} tokens, as OpenAI keeps user
 *       messages) and one {@code compaction} item. Its {@code encrypted_content} is
 *       {@code scripted:} followed by the Base64 of an extractive summary of the input, so this
 *       server can read it back when the compacted history is sent to it again.</li>
 *   <li>{@code POST /xai/v1/responses/compact}: the same in xAI's wire format: one
 *       {@code compaction} item and no kept messages, {@code usage.dropped_message_count}.</li>
 *   <li>{@code POST /v1/messages} with the {@code compaction} parameter: Anthropic's on-demand
 *       compaction, {@code stop_reason: "compaction"} and one {@code compaction} block whose
 *       readable {@code content} is an extractive summary of the messages sent (its
 *       {@code signature} is a placeholder), billed in {@code usage.iterations}.</li>
 *   <li>{@code POST /v1/chat/completions} and {@code POST /v1/messages}: an extractive summary of
 *       the request's text, or, when the last user message is a probe question
 *       ({@link ProbeQuestions#PREFIX}), the answer found by lookup.</li>
 *   <li>{@code POST /v1/responses}: the answer to the probe question in its input, found by lookup
 *       in the rest of the input (compaction items decoded).</li>
 * </ul>
 *
 * <p>Usage figures are the o200k_base token counts of the text read and written.
 */
public final class ScriptedServer implements AutoCloseable {

    /** Summary budget of every scripted summary, in tokens: about what a hand-off note takes. */
    static final int SUMMARY_TOKENS = 1_500;
    static final int KEPT_USER_TOKENS = 4_000;
    static final String SCRIPTED_PREFIX = "scripted:";

    private final MockWebServer server = new MockWebServer();
    private final TokenCounter counter = TokenCounter.defaultCounter();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> paths = Collections.synchronizedList(new ArrayList<>());

    /** Starts the server on a free local port. */
    public ScriptedServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return handle(request);
                } catch (RuntimeException | IOException e) {
                    return json(400, "{\"error\":{\"message\":" + Corpus.MAPPER.valueToTree(String.valueOf(e.getMessage()))
                            + ",\"type\":\"invalid_request_error\"}}");
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scripted local server", e);
        }
    }

    /** @return the OpenAI-style base URL, {@code http://127.0.0.1:port/v1} */
    public String openAiBaseUrl() {
        return server.url("/v1").toString();
    }

    /** @return the base URL of the xAI-style endpoint, {@code http://127.0.0.1:port/xai/v1} */
    public String xaiBaseUrl() {
        return server.url("/xai/v1").toString();
    }

    /** @return the Anthropic-style base URL (the client appends {@code /v1/messages}) */
    public String anthropicBaseUrl() {
        String s = server.url("/").toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** @return the path of every request the server has answered, in order */
    public List<String> paths() {
        synchronized (paths) {
            return List.copyOf(paths);
        }
    }

    private MockResponse handle(RecordedRequest request) throws IOException {
        String path = request.getRequestUrl() == null ? "" : request.getRequestUrl().encodedPath();
        paths.add(path);
        JsonNode body = Corpus.MAPPER.readTree(request.getBody().readString(StandardCharsets.UTF_8));
        if (path.endsWith("/xai/v1/responses/compact")) {
            return compactXai(body);
        }
        if (path.endsWith("/responses/compact")) {
            return compact(body);
        }
        if (path.endsWith("/messages") && body.has("compaction")) {
            return anthropicCompaction(body);
        }
        if (path.endsWith("/responses")) {
            return responses(body);
        }
        if (path.endsWith("/chat/completions")) {
            return chat(body);
        }
        if (path.endsWith("/messages")) {
            return messages(body);
        }
        return json(404, "{\"error\":{\"message\":\"no such endpoint: " + path + "\",\"type\":\"invalid_request_error\"}}");
    }

    private MockResponse compact(JsonNode body) {
        List<Item> input = ResponsesItems.fromJsonNode(body.path("input"));
        List<Item> kept = new ArrayList<>();
        int used = 0;
        for (int i = input.size() - 1; i >= 0; i--) {
            if (input.get(i) instanceof Message m && Message.USER.equals(m.role())) {
                int t = counter.count(m);
                if (used + t > KEPT_USER_TOKENS) {
                    break;
                }
                used += t;
                kept.add(0, m);
            }
        }
        String text = text(body.path("input"), null);
        String summary = ScriptedModel.summarize(text, null, SUMMARY_TOKENS, counter);
        ArrayNode output = ResponsesItems.toJsonNode(kept);
        ObjectNode compaction = output.addObject();
        compaction.put("type", "compaction");
        compaction.put("id", "cmp_scripted_" + ids.incrementAndGet());
        compaction.put("encrypted_content",
                SCRIPTED_PREFIX + Base64.getEncoder().encodeToString(summary.getBytes(StandardCharsets.UTF_8)));
        ObjectNode root = Corpus.MAPPER.createObjectNode();
        root.put("id", "resp_scripted_" + ids.get());
        root.put("object", "response.compaction");
        root.put("created_at", 1_767_225_600L);
        root.set("output", output);
        root.set("usage", usage(counter.count(text), counter.count(summary), "input_tokens", "output_tokens"));
        return json(200, root.toString());
    }

    /** xAI's answer: a single compaction item, no kept user messages, and how many messages it dropped. */
    private MockResponse compactXai(JsonNode body) {
        String text = text(body.path("input"), null);
        String summary = ScriptedModel.summarize(text, null, SUMMARY_TOKENS, counter);
        ObjectNode root = Corpus.MAPPER.createObjectNode();
        String id = "cmp_scripted_" + ids.incrementAndGet();
        root.put("id", id);
        root.put("object", "response.compaction");
        root.put("created_at", 1_767_225_600L);
        root.put("model", body.path("model").asText());
        ObjectNode item = root.putArray("output").addObject();
        item.put("type", "compaction");
        item.put("id", id);
        item.put("encrypted_content",
                SCRIPTED_PREFIX + Base64.getEncoder().encodeToString(summary.getBytes(StandardCharsets.UTF_8)));
        ObjectNode usage = usage(counter.count(text), counter.count(summary), "input_tokens", "output_tokens");
        usage.put("dropped_message_count", body.path("input").size());
        root.set("usage", usage);
        return json(200, root.toString());
    }

    /** Anthropic's on-demand compaction: one block with a readable summary of the messages sent. */
    private MockResponse anthropicCompaction(JsonNode body) {
        String text = text(body.path("messages"), null);
        String summary = "<summary>" + ScriptedModel.summarize(text, null, SUMMARY_TOKENS, counter) + "</summary>";
        ObjectNode root = Corpus.MAPPER.createObjectNode();
        root.put("id", "msg_scripted_" + ids.incrementAndGet());
        root.put("type", "message");
        root.put("role", "assistant");
        root.putArray("content").addObject().put("type", "compaction").put("content", summary)
                .put("signature", "scripted-local-server-not-signed");
        root.put("stop_reason", "compaction");
        ObjectNode usage = usage(0, 0, "input_tokens", "output_tokens");
        usage.remove("total_tokens");
        usage.putArray("iterations").addObject().put("type", "compaction")
                .put("input_tokens", counter.count(text) + counter.count(body.path("system").asText("")))
                .put("output_tokens", counter.count(summary));
        root.set("usage", usage);
        return json(200, root.toString());
    }

    private MockResponse responses(JsonNode body) {
        JsonNode input = body.path("input");
        String question = lastUserText(input);
        String context = text(input, question) + "\n" + body.path("instructions").asText("");
        String answer = question != null && question.startsWith(ProbeQuestions.PREFIX)
                ? probeAnswer(context, question)
                : ScriptedModel.summarize(context, null, SUMMARY_TOKENS, counter);
        ObjectNode root = Corpus.MAPPER.createObjectNode();
        root.put("id", "resp_scripted_" + ids.incrementAndGet());
        root.put("object", "response");
        root.put("status", "completed");
        ObjectNode msg = root.putArray("output").addObject();
        msg.put("type", "message");
        msg.put("role", "assistant");
        ObjectNode part = msg.putArray("content").addObject();
        part.put("type", "output_text");
        part.put("text", answer);
        root.set("usage", usage(counter.count(context) + (question == null ? 0 : counter.count(question)),
                counter.count(answer), "input_tokens", "output_tokens"));
        return json(200, root.toString());
    }

    private MockResponse chat(JsonNode body) {
        JsonNode messages = body.path("messages");
        String question = lastUserText(messages);
        String reply = reply(messages, question, "");
        ObjectNode root = Corpus.MAPPER.createObjectNode();
        root.put("id", "chatcmpl-scripted-" + ids.incrementAndGet());
        root.put("object", "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", reply);
        choice.put("finish_reason", "stop");
        root.set("usage", usage(counter.count(text(messages, null)), counter.count(reply), "prompt_tokens",
                "completion_tokens"));
        return json(200, root.toString());
    }

    private MockResponse messages(JsonNode body) {
        JsonNode messages = body.path("messages");
        String question = lastUserText(messages);
        String system = body.path("system").isTextual() ? body.path("system").asText() : text(body.path("system"), null);
        String reply = reply(messages, question, system);
        ObjectNode root = Corpus.MAPPER.createObjectNode();
        root.put("id", "msg_scripted_" + ids.incrementAndGet());
        root.put("type", "message");
        root.put("role", "assistant");
        root.putArray("content").addObject().put("type", "text").put("text", reply);
        root.put("stop_reason", "end_turn");
        root.set("usage", usage(counter.count(text(messages, null)) + counter.count(system), counter.count(reply),
                "input_tokens", "output_tokens"));
        return json(200, root.toString());
    }

    /** A probe answer when the last user message is a probe question, otherwise a summary. */
    private String reply(JsonNode messages, String question, String system) {
        if (question != null && question.startsWith(ProbeQuestions.PREFIX)) {
            return probeAnswer(text(messages, question) + "\n" + system, question);
        }
        String all = text(messages, null);
        int cut = all.indexOf("<previous_summary>");
        String previous = null;
        if (cut >= 0) {
            int end = all.indexOf("</previous_summary>", cut);
            if (end > cut) {
                previous = all.substring(cut + "<previous_summary>".length(), end);
                all = all.substring(0, cut) + all.substring(end + "</previous_summary>".length());
            }
        }
        return ScriptedModel.summarize(all, previous, SUMMARY_TOKENS, counter);
    }

    /** Answers from the conversation only: the probe instructions are not part of what is searched. */
    private static String probeAnswer(String context, String question) {
        return ScriptedModel.answer(context.replace(ProbeQuestions.INSTRUCTIONS, ""), ProbeQuestions.questionOf(question));
    }

    /** The text of the last user message of an input array or messages array, or null. */
    static String lastUserText(JsonNode array) {
        if (array.isTextual()) {
            return array.asText();
        }
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode m = array.get(i);
            if ("user".equals(m.path("role").asText())) {
                StringBuilder sb = new StringBuilder();
                collect(m.path("content"), "content", sb, null);
                return sb.toString().strip();
            }
        }
        return null;
    }

    /**
     * Every piece of text in a request's JSON, whatever its format: the string values of
     * {@code text}, {@code content}, {@code arguments}, {@code output}, {@code input} and
     * {@code system}, and the decoded content of scripted compaction items; ids and names left out.
     */
    static String text(JsonNode node, String skip) {
        StringBuilder sb = new StringBuilder();
        collect(node, "", sb, skip);
        return sb.toString();
    }

    private static void collect(JsonNode node, String field, StringBuilder sb, String skip) {
        if (node.isTextual()) {
            String s = node.asText();
            switch (field) {
                case "text", "content", "arguments", "output", "input", "system", "thinking" -> {
                    if (skip == null || !s.strip().equals(skip)) {
                        sb.append(s).append('\n');
                    }
                }
                case "encrypted_content" -> {
                    if (s.startsWith(SCRIPTED_PREFIX)) {
                        sb.append(new String(Base64.getDecoder().decode(s.substring(SCRIPTED_PREFIX.length())),
                                StandardCharsets.UTF_8)).append('\n');
                    }
                }
                default -> { }
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collect(n, field, sb, skip);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), sb, skip));
        }
    }

    private static ObjectNode usage(long in, long out, String inName, String outName) {
        ObjectNode u = Corpus.MAPPER.createObjectNode();
        u.put(inName, in);
        u.put(outName, out);
        u.put("total_tokens", in + out);
        return u;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_scripted").setBody(body);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
