package io.github.compact4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.InMemoryChatMemoryRepository;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.annotation.Tool;

/**
 * A Spring AI {@code ChatClient}, with Spring AI's OpenAI module pointed at MockWebServer, holds a
 * 60-turn conversation with real {@code @Tool} methods through the compacting memory: the memory
 * advisor sits inside the tool-calling advisor's loop, so every tool call and response goes
 * through the memory. The summaries come from the same server through {@link ChatModelSummarizer}.
 */
class ChatClientEndToEndTest {

    static final String MODEL = "gpt-4o-mini";
    static final int BUDGET = 3_000;
    static final int TURNS = 60;
    static final String ID = "agent-1";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Real tools, run by Spring AI's own tool calling. */
    static final class Workspace {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger testRuns = new AtomicInteger();

        @Tool(description = "Reads a file of the workspace")
        String readFile(String path) {
            reads.incrementAndGet();
            StringBuilder sb = new StringBuilder("// ").append(path).append('\n');
            for (int i = 0; i < 12; i++) {
                sb.append("public int method").append(i).append("(int x) { return x * ").append(i).append("; }\n");
            }
            return sb.toString();
        }

        @Tool(description = "Runs the test suite")
        String runTests() {
            return "Tests run: " + (40 + testRuns.incrementAndGet()) + ", Failures: 0, Errors: 0";
        }
    }

    /** Answers like a model: tool calls after a turn's user message, a short answer after the results. */
    static final class ScriptedModel extends Dispatcher {
        final List<JsonNode> agentRequests = Collections.synchronizedList(new ArrayList<>());
        final List<JsonNode> summaryRequests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            try {
                JsonNode body = JSON.readTree(request.getBody().readString(StandardCharsets.UTF_8));
                JsonNode messages = body.get("messages");
                String system = messages.get(0).path("content").asText();
                int n = calls.incrementAndGet();
                if (system.equals(SummarizingFallbackCompactor.DEFAULT_PROMPT)) {
                    summaryRequests.add(body);
                    return answer(n, "{\"role\":\"assistant\",\"content\":\"The agent read files and ran the tests; "
                            + "all passed so far. Next: continue with the next file.\"}", "stop");
                }
                agentRequests.add(body);
                JsonNode last = messages.get(messages.size() - 1);
                if ("user".equals(last.path("role").asText()) && last.path("content").asText().startsWith("Turn ")) {
                    String path = "src/File" + n + ".java";
                    String calls = "[{\"id\":\"call_" + n + "a\",\"type\":\"function\",\"function\":{\"name\":\"readFile\","
                            + "\"arguments\":" + JSON.writeValueAsString("{\"path\":\"" + path + "\"}") + "}}"
                            + (n % 3 == 0 ? ",{\"id\":\"call_" + n + "b\",\"type\":\"function\",\"function\":{\"name\":"
                                    + "\"runTests\",\"arguments\":\"{}\"}}" : "") + "]";
                    return answer(n, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":" + calls + "}", "tool_calls");
                }
                return answer(n, "{\"role\":\"assistant\",\"content\":\"Read it; the methods multiply their argument. "
                        + "Turn done.\"}", "stop");
            } catch (IOException e) {
                return new MockResponse().setResponseCode(400);
            }
        }

        private static MockResponse answer(int n, String message, String finish) {
            return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\":\"chatcmpl-" + n
                    + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,"
                    + "\"message\":" + message + ",\"finish_reason\":\"" + finish + "\",\"logprobs\":null}],\"usage\":"
                    + "{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120}}");
        }
    }

    /** Records every message Spring AI adds, as a plain list would hold them. */
    static final class Recording implements ChatMemory {
        final ChatMemory inner;
        final List<Message> added = new ArrayList<>();

        Recording(ChatMemory inner) {
            this.inner = inner;
        }

        @Override public void add(String id, List<Message> messages) {
            added.addAll(messages);
            inner.add(id, messages);
        }
        @Override public List<Message> get(String id) { return inner.get(id); }
        @Override public void clear(String id) { inner.clear(id); }
    }

    MockWebServer server;
    ScriptedModel script;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        script = new ScriptedModel();
        server.setDispatcher(script);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void sixtyTurnsWithToolsStayUnderTheBudgetAndNothingIsLost() throws Exception {
        OpenAiChatModel model = OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                .baseUrl(server.url("/v1").toString()).apiKey("sk-test").model(MODEL).maxRetries(0).build()).build();
        InMemoryChatMemoryRepository repository = new InMemoryChatMemoryRepository();
        CompactionJournal journal = CompactionJournal.inMemory();
        CompactingChatMemory.Builder memories = CompactingChatMemory.builder()
                .compactor(SummarizingFallbackCompactor.builder()
                        .summarizer(ChatModelSummarizer.of(model))
                        .maxSummaryTokens(300)   // a small budget leaves room for recent turns
                        .build())
                .model(MODEL)
                .maxTokens(BUDGET)
                .chatMemoryRepository(repository)
                .journal(id -> journal);
        CompactingChatMemory memory = memories.build();
        Recording recording = new Recording(memory);
        Workspace tools = new Workspace();
        ChatClient client = ChatClient.builder(model)
                .defaultSystem("You are a coding agent. Use the tools to read files and run tests.")
                .defaultTools(tools)
                .defaultAdvisors(
                        ToolCallingAdvisor.builder().disableInternalConversationHistory().build(),
                        MessageChatMemoryAdvisor.builder(recording).order(ToolCallingAdvisor.DEFAULT_ORDER + 1).build())
                .build();

        TokenCounter counter = TokenCounter.forModel(MODEL);
        int maxHeld = 0;
        for (int turn = 1; turn <= TURNS; turn++) {
            String answer = client.prompt().user("Turn " + turn + ": read the next file and tell me what it does.")
                    .advisors(a -> a.param(ChatMemory.CONVERSATION_ID, ID)).call().content();
            assertTrue(answer.contains("Turn done"), answer);
            maxHeld = Math.max(maxHeld, memory.tokens(ID));
        }

        // the tools ran, through Spring AI's own tool calling
        assertEquals(TURNS, tools.reads.get());
        assertEquals(TURNS / 3, tools.testRuns.get());

        // it compacted at the budget, through the summarizer on the Spring AI model
        List<JournalEntry> entries = journal.entries();
        assertTrue(entries.size() >= 3, "compactions: " + entries.size());
        assertEquals(entries.size(), script.summaryRequests.size());
        assertTrue(maxHeld < BUDGET, "held " + maxHeld);

        // every request Spring AI sent: valid for OpenAI's SDK, under the budget, nothing orphaned
        assertEquals(TURNS * 2, script.agentRequests.size());
        int largest = 0;
        for (JsonNode body : script.agentRequests) {
            ObjectMappers.jsonMapper().readValue(body.toString(), ChatCompletionCreateParams.Body.class).validate();
            List<Item> items = ChatCompletionsMessages.fromJsonNode(body.get("messages"));
            largest = Math.max(largest, counter.count(items));
            assertEquals(List.of(), Turns.unpaired(items), () -> "orphaned tool call or result in " + body);
        }
        assertTrue(largest <= BUDGET, "largest request: " + largest + " tokens");
        assertTrue(counter.count(SpringAiMessages.toItems(recording.added)) > 4 * BUDGET);

        // the full history, from the repository and the journal, by a memory built afresh on them
        CompactingChatMemory restarted = memories.build();
        assertEquals(recording.added, restarted.originalMessages(ID));
        assertEquals(memory.get(ID), restarted.get(ID));
    }
}
