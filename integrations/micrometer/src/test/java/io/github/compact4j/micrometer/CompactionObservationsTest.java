package io.github.compact4j.micrometer;

import static io.github.compact4j.testsupport.Wire.API_KEY;
import static io.github.compact4j.testsupport.Wire.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.Usage;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testsupport.Wire;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Micrometer's TestObservationRegistry, with the meter handlers an app would have, against MockWebServer. */
class CompactionObservationsTest {

    MockWebServer server;
    TestObservationRegistry observations;
    SimpleMeterRegistry meters;
    Recorder recorded;
    CompactionObservations compact4j;
    Wire.RecordingSleeper sleeper = new Wire.RecordingSleeper();

    /** Keeps every stopped context and every event, as a tracer would see them. */
    static final class Recorder implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override public boolean supportsContext(Observation.Context context) { return true; }
        @Override public void onEvent(Observation.Event event, Observation.Context context) {
            events.add(context.getName() + " " + event.getName() + ": " + event.getContextualName());
        }
        @Override public void onStop(Observation.Context context) { stopped.add(context); }

        Observation.Context one(String name) {
            List<Observation.Context> found = stopped.stream().filter(c -> c.getName().equals(name)).toList();
            assertEquals(1, found.size(), name);
            return found.get(0);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        observations = TestObservationRegistry.create();
        meters = new SimpleMeterRegistry();
        recorded = new Recorder();
        observations.observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new CompactionMeterHandler(meters))
                .observationHandler(recorded);
        compact4j = CompactionObservations.create(observations);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
    }

    private static Map<String, String> map(KeyValues kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValue k : kv) {
            m.put(k.getKey(), k.getValue());
        }
        return m;
    }

    private OpenAiCompactClient client() {
        return OpenAiCompactClient.builder().apiKey(API_KEY).baseUrl(server.url("/v1").toString())
                .sleeper(sleeper).jitter(() -> 0.0).build();
    }

    @Test
    void aNativeCompactionRetriedOnceIsOneObservationWithItsAttemptsAsEventsAndMeters() {
        server.enqueue(Wire.error(503, "server_error", null, "The server is overloaded"));
        server.enqueue(Wire.compacted("req_ok"));
        ContextCompactor compactor = TracingCompactor.builder(client()).listener(compact4j.listener()).build();

        CompactionResult r = compactor.compact(CompactionRequest.builder().model(MODEL).items(Wire.conversation())
                .attribute("agent_id", "agent_a").build());

        assertThat(observations).hasNumberOfObservationsWithNameEqualTo("compact4j.compaction", 1)
                .hasObservationWithNameEqualTo("compact4j.compaction").that()
                .hasContextualNameEqualTo("compact " + MODEL)
                .hasLowCardinalityKeyValue("gen_ai.operation.name", "compact")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai")
                .hasLowCardinalityKeyValue("gen_ai.request.model", MODEL)
                .hasLowCardinalityKeyValue("compact4j.strategy", "openai-compact")
                .hasLowCardinalityKeyValue("compact4j.outcome", "success")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasHighCardinalityKeyValue("compact4j.trace_id", r.traceId())
                .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "139")
                .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "438")
                .hasHighCardinalityKeyValue("compact4j.request_id", "req_ok")
                .hasHighCardinalityKeyValue("gen_ai.conversation.compacted", "true")
                .doesNotHaveError()
                .hasBeenStarted()
                .hasBeenStopped();

        CompactionContext c = (CompactionContext) recorded.one("compact4j.compaction");
        assertEquals(Map.of("gen_ai.operation.name", "compact", "gen_ai.provider.name", "openai",
                "gen_ai.request.model", MODEL, "compact4j.strategy", "openai-compact", "compact4j.outcome", "success",
                "error.type", "none"), map(c.getLowCardinalityKeyValues()));
        Map<String, String> high = new LinkedHashMap<>();
        high.put("compact4j.trace_id", r.traceId());
        high.put("compact4j.span_id", c.start().spanId());
        high.put("compact4j.compactor", "openai-compact");
        high.put("compact4j.items.before", "5");
        high.put("compact4j.agent_id", "agent_a");
        high.put("compact4j.tokens.before", Integer.toString(r.tokensBefore()));
        high.put("compact4j.tokens.after", Integer.toString(r.tokensAfter()));
        high.put("compact4j.tokens.saved", Integer.toString(r.savedTokens()));
        high.put("compact4j.items.after", "2");
        high.put("compact4j.fell_back", "false");
        high.put("compact4j.attempts", "1");
        high.put("compact4j.request_ids", String.join(",", r.requestIds()));
        high.put("compact4j.request_id", "req_ok");
        high.put("gen_ai.usage.input_tokens", "139");
        high.put("gen_ai.usage.output_tokens", "438");
        high.put("gen_ai.conversation.compacted", "true");
        assertEquals(high, map(c.getHighCardinalityKeyValues()));
        assertEquals(2, c.httpAttempts().size());
        assertSame(r, c.result().orElseThrow());

        String url = server.url("/v1/responses/compact").toString();
        assertEquals(List.of(
                "compact4j.compaction http.attempt: POST " + url + " -> 503 (attempt 1/3, request_id=req_503)",
                "compact4j.compaction http.attempt: POST " + url + " -> 200 (attempt 2/3, request_id=req_ok)"),
                recorded.events);

        // the observation's own timer, with its low-cardinality tags (and the meter handler's error tag)
        Timer timer = meters.get("compact4j.compaction").tags("compact4j.strategy", "openai-compact",
                "compact4j.outcome", "success", "gen_ai.provider.name", "openai", "error", "none").timer();
        assertEquals(1, timer.count());
        assertEquals(2, meters.get("compact4j.compaction.http.attempt").counter().count());
        // the handler's meters
        assertEquals(1, meters.get("compact4j.compactions").tags("compact4j.strategy", "openai-compact",
                "compact4j.outcome", "success").counter().count());
        DistributionSummary saved = meters.get("compact4j.tokens.saved").tags("compact4j.strategy", "openai-compact").summary();
        assertEquals("tokens", saved.getId().getBaseUnit());
        assertEquals(Math.max(0, r.savedTokens()), saved.totalAmount());
        DistributionSummary input = meters.get("compact4j.token.usage").tags("gen_ai.operation.name", "compact",
                "gen_ai.provider.name", "openai", "gen_ai.request.model", MODEL, "gen_ai.token.type", "input").summary();
        assertEquals(139, input.totalAmount());
        assertEquals(438, meters.get("compact4j.token.usage").tags("gen_ai.token.type", "output").summary().totalAmount());
        assertEquals(List.of("503", "200"), List.of(
                meters.get("compact4j.http.attempt").tags("http.response.status_code", "503", "error.type", "503").timer(),
                meters.get("compact4j.http.attempt").tags("http.response.status_code", "200", "error.type", "none").timer())
                .stream().map(t -> t.getId().getTag("http.response.status_code")).toList());
    }

    @Test
    void aChainThatFallsBackRecordsItsFallbackItsSummarizerCallAndTokensOnce() {
        server.enqueue(Wire.error(404, "invalid_request_error", "not_found", "Unknown url /v1/responses/compact"));
        server.enqueue(Wire.chatCompletion("req_chat"));
        BackendRegistry registry = BackendRegistry.builder()
                .clientOptions(ClientOptions.builder().sleeper(sleeper).jitter(() -> 0.0).build())
                .keepRecentTokens(500).listener(compact4j.listener()).build();
        Backend backend = Backend.builder().provider("openai").model(MODEL).apiKey(API_KEY)
                .baseUrl(server.url("/v1").toString()).summaryModel("gpt-5-mini").build();

        CompactionResult r = registry.compactorFor(backend).compact(CompactionRequest.builder().model(MODEL)
                .items(Wire.agentRun(40)).minSavingRatio(0).build());
        assertTrue(r.fellBack());

        assertThat(observations).hasObservationWithNameEqualTo("compact4j.compaction").that()
                .hasLowCardinalityKeyValue("compact4j.strategy", "summarizing")
                .hasLowCardinalityKeyValue("compact4j.outcome", "fallback")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai")
                .hasHighCardinalityKeyValue("compact4j.compactor", "chain[openai-compact>summarizing>masking]")
                .hasHighCardinalityKeyValue("compact4j.backend", "openai")
                .hasHighCardinalityKeyValue("compact4j.fell_back", "true")
                .hasHighCardinalityKeyValue("compact4j.attempts", "2")
                .hasHighCardinalityKeyValue("compact4j.request_ids", "req_404,req_chat")
                .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "1893")
                .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "212");
        assertEquals(List.of("http.attempt", "attempt.failed", "fallback", "http.attempt", "summarizer.call"),
                recorded.events.stream().map(e -> e.split(" ")[1].replace(":", "")).toList());
        assertTrue(recorded.events.get(1).endsWith("io.github.compact4j.errors.NotFoundException"), recorded.events.get(1));
        assertEquals("compact4j.compaction fallback: fallback from openai-compact to summarizing", recorded.events.get(2));
        assertEquals("compact4j.compaction summarizer.call: summarizer call 1/1 to gpt-5-mini, 1893 input and 212 output tokens",
                recorded.events.get(4));

        assertEquals(1, meters.get("compact4j.compactions").tags("compact4j.strategy", "summarizing",
                "compact4j.outcome", "fallback").counter().count());
        Timer call = meters.get("compact4j.summarizer.call").tags("gen_ai.operation.name", "chat",
                "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-5-mini", "error.type", "none").timer();
        assertEquals(1, call.count());
        assertEquals(1893, meters.get("compact4j.token.usage").tags("gen_ai.operation.name", "chat",
                "gen_ai.token.type", "input").summary().totalAmount());
        assertTrue(meters.find("compact4j.token.usage").tags("gen_ai.operation.name", "compact").meters().isEmpty(),
                "the failed native call reported no tokens, and the summarizer's are not counted twice");
    }

    @Test
    void aFailedCompactionIsAnObservationWithItsError() {
        server.enqueue(Wire.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided"));
        ContextCompactor compactor = TracingCompactor.builder(client()).listener(compact4j.listener()).build();
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> compactor.compact(CompactionRequest.builder().model(MODEL).items(Wire.conversation()).build()));

        assertThat(observations).hasObservationWithNameEqualTo("compact4j.compaction").that()
                .hasError(e)
                .hasLowCardinalityKeyValue("compact4j.outcome", "failure")
                .hasLowCardinalityKeyValue("compact4j.strategy", "openai-compact")
                .hasLowCardinalityKeyValue("error.type", AuthenticationException.class.getName())
                .hasHighCardinalityKeyValue("compact4j.request_id", "req_401")
                .hasHighCardinalityKeyValue("compact4j.error.status", "401")
                .hasHighCardinalityKeyValue("compact4j.error.code", "invalid_api_key")
                .hasBeenStopped();
        assertEquals(1, meters.get("compact4j.compactions").tags("compact4j.outcome", "failure").counter().count());
        assertEquals(1, meters.get("compact4j.compaction").tags("error", "AuthenticationException").timer().count());
    }

    @Test
    void aServerSideCompactionIsAnEventOnTheCurrentObservationAndCounted() {
        Observation app = Observation.start("agent.turn", observations);
        try (Observation.Scope ignored = app.openScope()) {
            compact4j.listener().onServerCompaction(new CompactionListener.ServerCompactionEvent(
                    "4bf92f3577b34da6a3ce929d0e0e4736", "anthropic", 40, 3, 150_000, 9_000, Usage.of(152_000, 2_100),
                    List.of("compact_20260112")));
        }
        app.stop();
        assertEquals("agent.turn server.compaction: server compaction by anthropic: items 40 -> 3, tokens 150000 -> 9000",
                recorded.events.get(0));
        assertThat(observations).hasObservationWithNameEqualTo("compact4j.server.compaction").that()
                .hasContextualNameEqualTo("server compaction anthropic")
                .hasParentObservationEqualTo(app)
                .hasLowCardinalityKeyValue("compact4j.strategy", "server")
                .hasHighCardinalityKeyValue("compact4j.tokens.saved", "141000")
                .hasHighCardinalityKeyValue("compact4j.applied_edits", "compact_20260112");
        assertEquals(1, meters.get("compact4j.compactions").tags("compact4j.strategy", "server").counter().count());
        assertEquals(141_000, meters.get("compact4j.tokens.saved").tags("compact4j.strategy", "server").summary().totalAmount());
    }

    @Test
    void aNoopRegistryMakesTheListenerSitEveryCallOut() {
        assertFalse(CompactionObservations.create(ObservationRegistry.NOOP).listener().isEnabled());
        assertFalse(CompactionObservations.create(ObservationRegistry.create()).listener().isEnabled(), "no handler");
        assertTrue(compact4j.listener().isEnabled());
        assertThrows(NullPointerException.class, () -> CompactionObservations.create(null));
    }

    @Test
    void aConventionOfTheAppsOwnNamesTheObservation() {
        CompactionObservations custom = CompactionObservations.builder(observations)
                .convention(new DefaultCompactionObservationConvention() {
                    @Override public String getName() { return "llm.compaction"; }
                    @Override public KeyValues getLowCardinalityKeyValues(CompactionContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "search");
                    }
                }).build();
        ContextCompactor masking = TracingCompactor.builder(io.github.compact4j.mask.ToolOutputMaskingCompactor.builder().build())
                .listener(custom.listener()).build();
        masking.compact(CompactionRequest.builder().model(MODEL).items(Wire.agentRun(12)).build());
        assertThat(observations).hasObservationWithNameEqualTo("llm.compaction").that()
                .hasLowCardinalityKeyValue("team", "search")
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "none")
                .hasLowCardinalityKeyValue("compact4j.strategy", "masking");
        assertNull(meters.find("compact4j.token.usage").summary(), "masking calls no model");
    }
}
