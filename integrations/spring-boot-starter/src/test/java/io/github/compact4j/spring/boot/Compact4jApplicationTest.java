package io.github.compact4j.spring.boot;

import static io.github.compact4j.testsupport.Wire.API_KEY;
import static io.github.compact4j.testsupport.Wire.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testsupport.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application built from properties alone: two OpenAI backends against MockWebServer, Actuator
 * over HTTP. It compacts through both, then reads the metrics and the compact4j endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "compact4j.backends.primary.provider=openai",
        "compact4j.backends.primary.model=" + MODEL,
        "compact4j.backends.primary.api-key-env=COMPACT4J_TEST_OPENAI_KEY",
        "compact4j.backends.fallback.provider=openai",
        "compact4j.backends.fallback.model=gpt-5.1",
        "compact4j.backends.fallback.summary-model=gpt-5-mini",
        "compact4j.backends.fallback.api-key-env=COMPACT4J_TEST_OPENAI_KEY",
        "compact4j.registry.keep-recent-tokens=500",
        "compact4j.client.max-retries=0",
        "compact4j.policy.trigger-ratio=0.7",
        "compact4j.endpoint.recent-compactions=5",
        // H2 is on the test class path, so Boot makes a DataSource: the folder is asked for by name
        "compact4j.journal.store=file",
        // Spring AI's OpenAI module is on the test class path for the chat memory's tests; this app
        // compacts through its backends alone, so it turns Spring AI's models and compact4j's memory off
        "spring.ai.model.chat=none", "spring.ai.model.embedding=none", "spring.ai.model.image=none",
        "spring.ai.model.audio.speech=none", "spring.ai.model.audio.transcription=none",
        "spring.ai.model.moderation=none", "compact4j.spring-ai.enabled=false",
        "management.endpoints.web.exposure.include=compact4j,metrics"})
class Compact4jApplicationTest {

    static final MockWebServer SERVER = new MockWebServer();
    static final Path JOURNALS;

    static {
        try {
            SERVER.start();
            JOURNALS = Files.createTempDirectory("compact4j-journals");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootApplication
    static class App {}

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String base = SERVER.url("/v1").toString();
        registry.add("compact4j.backends.primary.base-url", () -> base);
        registry.add("compact4j.backends.fallback.base-url", () -> base);
        registry.add("compact4j.journal.directory", JOURNALS::toString);
        // what the app's environment would hold; the properties name the variable, never the key
        registry.add("COMPACT4J_TEST_OPENAI_KEY", () -> API_KEY);
    }

    @AfterAll
    static void stop() throws IOException {
        SERVER.shutdown();
    }

    @Autowired CompactionBackends backends;
    @Autowired BackendRegistry registry;
    @Autowired CompactionPolicy policy;
    @Autowired CompactionJournals journals;
    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        assertFalse(r.body().contains(API_KEY), "never a key: " + r.body());
        assertFalse(r.body().contains("dog petting cafe") || r.body().contains("FooTest"), "never content: " + r.body());
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void compactsThroughConfiguredBackendsAndShowsThemInTheMetricsAndTheEndpoint() throws Exception {
        assertEquals(java.util.Set.of("primary", "fallback"), backends.names());
        assertEquals(0.7, policy.triggerRatio());
        assertTrue(journals.forConversation("agent-a") != null);
        assertThrows(IllegalArgumentException.class, () -> journals.forConversation("../agent-a"));

        SERVER.enqueue(Wire.compacted("req_primary"));
        CompactionResult first = backends.compactor("primary").compact(CompactionRequest.builder().model(MODEL)
                .items(Wire.conversation()).build());
        assertEquals("openai-compact", first.strategy());
        assertEquals("Bearer " + API_KEY, SERVER.takeRequest().getHeader("Authorization"), "the key from the variable named");

        SERVER.enqueue(Wire.error(404, "invalid_request_error", "not_found", "Unknown url /v1/responses/compact"));
        SERVER.enqueue(Wire.chatCompletion("req_chat"));
        CompactionResult second = backends.compactor("fallback").compact(CompactionRequest.builder().model("gpt-5.1")
                .items(Wire.agentRun(40)).minSavingRatio(0).build());
        assertEquals("summarizing", second.strategy());
        assertTrue(registry.rememberedUnsupported(backends.backend("fallback")));

        JsonNode all = get("/actuator/compact4j").get("backends");
        assertEquals(2, all.size());
        JsonNode primary = all.get(0);
        assertEquals("primary", primary.get("name").asText());
        assertEquals("openai", primary.get("provider").asText());
        assertEquals(MODEL, primary.get("model").asText());
        assertEquals(SERVER.url("/v1").toString(), primary.get("baseUrl").asText());
        assertEquals("chain[openai-compact>summarizing>masking]", primary.get("chain").asText());
        assertEquals("[\"openai-compact\",\"summarizing\",\"masking\"]", primary.get("strategies").toString());
        assertFalse(primary.get("rememberedUnsupported").asBoolean());
        JsonNode p0 = primary.get("recentCompactions").get(0);
        assertEquals(first.traceId(), p0.get("traceId").asText());
        assertEquals("openai-compact", p0.get("strategy").asText());
        assertEquals("success", p0.get("outcome").asText());
        assertEquals(first.tokensBefore(), p0.get("tokensBefore").asInt());
        assertEquals("[\"req_primary\"]", p0.get("requestIds").toString());

        JsonNode fallback = get("/actuator/compact4j/fallback");
        assertEquals("gpt-5-mini", fallback.get("summaryModel").asText());
        assertTrue(fallback.get("rememberedUnsupported").asBoolean(), "its native endpoint answered 404");
        JsonNode f0 = fallback.get("recentCompactions").get(0);
        assertEquals(second.traceId(), f0.get("traceId").asText());
        assertEquals("fallback", f0.get("outcome").asText());
        assertEquals("[\"req_404\",\"req_chat\"]", f0.get("requestIds").toString());
        assertEquals(1, fallback.get("recentCompactions").size());

        // the observation's timer and the handler's meters, through Actuator
        JsonNode compactions = get("/actuator/metrics/compact4j.compactions");
        assertEquals(2.0, compactions.get("measurements").get(0).get("value").asDouble());
        assertEquals(1.0, get("/actuator/metrics/compact4j.compactions?tag=compact4j.outcome:fallback"
                + "&tag=compact4j.strategy:summarizing").get("measurements").get(0).get("value").asDouble());
        JsonNode timer = get("/actuator/metrics/compact4j.compaction?tag=gen_ai.provider.name:openai");
        assertEquals(2.0, timer.get("measurements").get(0).get("value").asDouble(), "COUNT");
        assertEquals(1893.0, get("/actuator/metrics/compact4j.token.usage?tag=gen_ai.operation.name:chat"
                + "&tag=gen_ai.token.type:input").get("measurements").get(1).get("value").asDouble(), "TOTAL");
        assertEquals(139.0, get("/actuator/metrics/compact4j.token.usage?tag=gen_ai.operation.name:compact"
                + "&tag=gen_ai.token.type:input").get("measurements").get(1).get("value").asDouble(), "TOTAL");
    }

    @Test
    void anUnknownBackendIsA404() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/compact4j/nobody")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
    }
}
