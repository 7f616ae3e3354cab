package io.github.compact4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
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

/**
 * A LangChain4j {@code AiServices} agent, with LangChain4j's OpenAI module pointed at
 * MockWebServer, holds a 60-turn conversation with real {@code @Tool} methods through the
 * compacting memory; the summaries come from the same server through {@link ChatModelSummarizer}
 * on a second LangChain4j model. Every request LangChain4j sends is recorded and checked.
 */
class AiServicesEndToEndTest {

    static final String MODEL = "gpt-4o-mini";
    static final int BUDGET = 3_000;
    static final int TURNS = 60;
    static final ObjectMapper JSON = new ObjectMapper();

    interface Agent {
        @dev.langchain4j.service.SystemMessage("You are a coding agent. Use the tools to read files and run tests.")
        String chat(String message);
    }

    /** Real tools, run by LangChain4j's own tool execution. */
    static final class Workspace {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger testRuns = new AtomicInteger();

        @Tool("Reads a file of the workspace")
        String readFile(String path) {
            reads.incrementAndGet();
            StringBuilder sb = new StringBuilder("// ").append(path).append('\n');
            for (int i = 0; i < 12; i++) {
                sb.append("public int method").append(i).append("(int x) { return x * ").append(i).append("; }\n");
            }
            return sb.toString();
        }

        @Tool("Runs the test suite")
        String runTests() {
            return "Tests run: " + (40 + testRuns.incrementAndGet()) + ", Failures: 0, Errors: 0";
        }
    }

    /** Answers like a model: tool calls after a user message, a short answer after the results. */
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
                            + "\"arguments\":" + JSON.writeValueAsString("{\"arg0\":\"" + path + "\"}") + "}}"
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
                    + "\"message\":" + message + ",\"finish_reason\":\"" + finish + "\"}],\"usage\":{\"prompt_tokens\":100,"
                    + "\"completion_tokens\":20,\"total_tokens\":120}}");
        }
    }

    /** Records every message LangChain4j adds, as a plain list would hold them. */
    static final class Recording implements ChatMemory {
        final ChatMemory inner;
        final List<ChatMessage> added = new ArrayList<>();

        Recording(ChatMemory inner) {
            this.inner = inner;
        }

        @Override public Object id() { return inner.id(); }
        @Override public void add(ChatMessage m) {
            if (!(m instanceof SystemMessage && added.contains(m))) {
                added.add(m);
            }
            inner.add(m);
        }
        @Override public List<ChatMessage> messages() { return inner.messages(); }
        @Override public void clear() { inner.clear(); }
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
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test")
                .modelName(MODEL).maxRetries(0).build();
        InMemoryChatMemoryStore store = new InMemoryChatMemoryStore();
        CompactionJournal journal = CompactionJournal.inMemory();
        CompactingChatMemory.Builder memories = CompactingChatMemory.builder()
                .id("agent-1")
                .compactor(SummarizingFallbackCompactor.builder()
                        .summarizer(ChatModelSummarizer.of(model))
                        .maxSummaryTokens(300)   // a small budget leaves room for recent turns
                        .build())
                .model(MODEL)
                .maxTokens(BUDGET)
                .chatMemoryStore(store)
                .journal(journal);
        CompactingChatMemory memory = memories.build();
        Recording recording = new Recording(memory);
        Workspace tools = new Workspace();
        Agent agent = AiServices.builder(Agent.class).chatModel(model).tools(tools).chatMemory(recording).build();

        TokenCounter counter = TokenCounter.forModel(MODEL);
        int maxHeld = 0;
        for (int turn = 1; turn <= TURNS; turn++) {
            String answer = agent.chat("Turn " + turn + ": read the next file and tell me what it does.");
            assertTrue(answer.contains("Turn done"), answer);
            maxHeld = Math.max(maxHeld, memory.tokens());
        }

        // the tools ran, through LangChain4j's own tool execution
        assertEquals(TURNS, tools.reads.get());
        assertEquals(TURNS / 3, tools.testRuns.get());

        // it compacted at the budget, through the summarizer on the LangChain4j model
        List<JournalEntry> entries = journal.entries();
        assertTrue(entries.size() >= 3, "compactions: " + entries.size());
        assertEquals(entries.size(), script.summaryRequests.size());
        assertTrue(maxHeld < BUDGET, "held " + maxHeld);

        // every request LangChain4j sent: valid for OpenAI's SDK, under the budget, nothing orphaned
        assertEquals(TURNS * 2, script.agentRequests.size());
        int largest = 0;
        for (JsonNode body : script.agentRequests) {
            ObjectMappers.jsonMapper().readValue(body.toString(), ChatCompletionCreateParams.Body.class).validate();
            List<Item> items = ChatCompletionsMessages.fromJsonNode(body.get("messages"));
            largest = Math.max(largest, counter.count(items));
            assertEquals(List.of(), Turns.unpaired(items), () -> "orphaned tool call or result in " + body);
        }
        assertTrue(largest <= BUDGET, "largest request: " + largest + " tokens");
        // the history really did outgrow the budget: without compaction the last request would not fit
        assertTrue(counter.count(LangChain4jMessages.toItems(recording.added)) > 4 * BUDGET);

        // the full history, from the store and the journal, by a memory built afresh on them
        CompactingChatMemory restarted = memories.build();
        assertEquals(recording.added, restarted.originalMessages());
        assertEquals(memory.messages(), restarted.messages());
    }
}
