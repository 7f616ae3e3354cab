package io.github.compact4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.jdbc.JdbcJournals;
import io.github.compact4j.springai.CompactingChatMemory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring AI app as one is written: Spring AI's OpenAI module and ChatClient from their own
 * auto-configuration, the compact4j memory behind {@code MessageChatMemoryAdvisor}, Boot's
 * embedded H2 {@code DataSource}, Actuator over HTTP, and one backend, all from properties against
 * MockWebServer speaking Chat Completions. A conversation long enough to cross the budget is
 * compacted; the next turn goes out with the summary; the endpoint and the metrics show the
 * compaction, and neither shows the key or a word of the conversation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "compact4j.backends.agent.provider=openai",
        "compact4j.backends.agent.model=" + ScriptedChatCompletions.MODEL,
        "compact4j.backends.agent.api-key-env=COMPACT4J_TEST_OPENAI_KEY",
        "compact4j.spring-ai.max-tokens=1000",
        "compact4j.client.max-retries=0",
        // Spring AI reads its key from the same variable, as an app would write it
        "spring.ai.openai.api-key=${COMPACT4J_TEST_OPENAI_KEY}",
        "spring.ai.openai.chat.model=" + ScriptedChatCompletions.MODEL,
        "spring.ai.openai.max-retries=0",
        "management.endpoints.web.exposure.include=compact4j,metrics"})
class Compact4jSpringAiApplicationTest {

    static final String KEY = "sk-test-app-0123456789abcdefghij";
    static final String ID = "agent-1";
    static final MockWebServer SERVER = new MockWebServer();
    static final ScriptedChatCompletions SCRIPT = new ScriptedChatCompletions();

    static {
        SERVER.setDispatcher(SCRIPT);
        try {
            SERVER.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootApplication
    static class App {
        // --- the snippet of docs/observability.md ---
        @Bean
        ChatClient chatClient(ChatClient.Builder builder, ChatMemory memory) {
            return builder.defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build()).build();
        }
        // --- end ---
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String base = SERVER.url("/v1").toString();
        registry.add("compact4j.backends.agent.base-url", () -> base);
        registry.add("spring.ai.openai.base-url", () -> base);
        registry.add("COMPACT4J_TEST_OPENAI_KEY", () -> KEY);
    }

    @AfterAll
    static void stop() throws IOException {
        SERVER.shutdown();
    }

    @Autowired ChatClient client;
    @Autowired ChatMemory memory;
    @Autowired JdbcJournals journals;
    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.body()).as("never a key").doesNotContain(KEY, "sk-test");
        assertThat(r.body()).as("never a word of the conversation")
                .doesNotContain("invoice", "Turn", "multiplies", "half even", ScriptedChatCompletions.SUMMARY.substring(0, 30));
        return ScriptedChatCompletions.JSON.readTree(r.body());
    }

    @Test
    void aChatClientConversationIsCompactedAndTheEndpointShowsIt() throws Exception {
        assertThat(memory).isInstanceOf(CompactingChatMemory.class);
        CompactingChatMemory compacting = (CompactingChatMemory) memory;
        List<String> said = new ArrayList<>();
        int turn = 0;
        while (SCRIPT.summaryRequests.isEmpty() && turn < 30) {
            String question = "Turn " + turn + ": explain the next method of the invoice module.";
            String answer = client.prompt().user(question).advisors(a -> a.param(ChatMemory.CONVERSATION_ID, ID))
                    .call().content();
            said.add(question);
            said.add(answer);
            turn++;
        }
        assertThat(SCRIPT.summaryRequests).as("compacted within %d turns", turn).hasSize(1);
        assertThat(turn).as("not before the budget was crossed").isGreaterThan(3);
        // the turn after: Spring AI sends the compacted history, the summary in place of the older turns
        client.prompt().user("Turn " + turn + ": and the last one?").advisors(a -> a.param(ChatMemory.CONVERSATION_ID, ID))
                .call().content();
        JsonNode sent = SCRIPT.chatRequests.get(SCRIPT.chatRequests.size() - 1).get("messages");
        assertThat(sent.toString()).contains(ScriptedChatCompletions.SUMMARY).doesNotContain("Turn 1: explain");
        assertThat(sent.size()).isLessThan(2 * turn);
        assertThat(compacting.tokens(ID)).isLessThan(compacting.triggerTokens());
        // one account, one key; summaries through Chat Completions, never /responses/compact
        assertThat(SCRIPT.authorizations).containsOnly("Bearer " + KEY);
        assertThat(SCRIPT.otherPaths).isEmpty();

        // what was compacted away is in Boot's H2 database, and nothing is lost
        assertThat(journals.forConversation(ID).entries()).singleElement()
                .satisfies(e -> assertThat(e.strategy()).isEqualTo("summarizing"));
        assertThat(compacting.originalMessages(ID).subList(0, said.size())).extracting(Message::getText)
                .containsExactlyElementsOf(said);

        JsonNode agent = get("/actuator/compact4j/agent");
        assertThat(agent.get("chain").asText()).isEqualTo("chain[openai-compact>summarizing>masking]");
        JsonNode recent = agent.get("recentCompactions");
        assertThat(recent).hasSize(1);
        JsonNode c = recent.get(0);
        assertThat(c.get("compactor").asText()).isEqualTo("chain[summarizing>masking]");
        assertThat(c.get("strategy").asText()).isEqualTo("summarizing");
        assertThat(c.get("outcome").asText()).isEqualTo("success");
        assertThat(c.get("tokensBefore").asInt()).isGreaterThanOrEqualTo(compacting.triggerTokens());
        assertThat(c.get("tokensAfter").asInt()).isPositive().isLessThan(c.get("tokensBefore").asInt());
        assertThat(c.get("requestIds")).hasSize(1);
        assertThat(c.get("requestIds").get(0).asText()).startsWith("req_");
        assertThat(c.get("traceId").asText()).isEqualTo(journals.forConversation(ID).entries().get(0).traceId());

        assertThat(get("/actuator/metrics/compact4j.compactions?tag=compact4j.strategy:summarizing")
                .get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
    }
}
