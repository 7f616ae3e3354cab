package io.github.compact4j.opentelemetry;

import static io.github.compact4j.testsupport.Wire.API_KEY;
import static io.github.compact4j.testsupport.Wire.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.Usage;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.logging.CompactionListener;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import io.github.compact4j.testsupport.Wire;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry SDK with its in-memory exporters, sampling every span, against a
 * MockWebServer speaking OpenAI's wire format.
 */
class CompactionTelemetryTest {

    static final String COMPACT_SPAN = "compact " + MODEL;

    MockWebServer server;
    InMemorySpanExporter spans;
    InMemoryMetricReader metrics;
    OpenTelemetrySdk sdk;
    CompactionTelemetry telemetry;
    Wire.RecordingSleeper sleeper = new Wire.RecordingSleeper();

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        spans = InMemorySpanExporter.create();
        metrics = InMemoryMetricReader.create();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        telemetry = CompactionTelemetry.create(sdk);
    }

    @AfterEach
    void tearDown() throws Exception {
        sdk.close();
        server.shutdown();
    }

    private OpenAiCompactClient client() {
        return OpenAiCompactClient.builder().apiKey(API_KEY).baseUrl(server.url("/v1").toString())
                .sleeper(sleeper).jitter(() -> 0.0).build();
    }

    private static CompactionRequest request() {
        return CompactionRequest.builder().model(MODEL).items(Wire.conversation()).attribute("agent_id", "agent_a").build();
    }

    private SpanData span(String name) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "one span named " + name + " in " + spans.getFinishedSpanItems());
        return found.get(0);
    }

    /** The HTTP attempt spans, in the order they started. */
    private List<SpanData> httpSpans() {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    private MetricData metric(String name) {
        List<MetricData> found = metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "one metric named " + name);
        return found.get(0);
    }

    private static Map<Attributes, HistogramPointData> histogram(MetricData m) {
        return m.getHistogramData().getPoints().stream().collect(Collectors.toMap(HistogramPointData::getAttributes, p -> p));
    }

    private static Map<Attributes, Long> counter(MetricData m) {
        return m.getLongSumData().getPoints().stream().collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
    }

    private static Map<AttributeKey<?>, Object> attributes(SpanData s) {
        return s.getAttributes().asMap();
    }

    private static String mdc(ILoggingEvent e, String key) {
        return e.getMDCPropertyMap().get(key);
    }

    @Test
    void aNativeCompactionRetriedOnceIsASpanWithTwoAttemptSpansAndItsLogsCarryTheSpansTraceId() throws Exception {
        server.enqueue(Wire.error(503, "server_error", null, "The server is overloaded"));
        server.enqueue(Wire.compacted("req_ok"));
        ContextCompactor compactor = TracingCompactor.builder(client()).listener(telemetry.listener()).build();

        CompactionResult r;
        Span app = sdk.getTracer("app").spanBuilder("agent turn").startSpan();
        try (Wire.Logs logs = new Wire.Logs(); Scope ignored = app.makeCurrent()) {
            r = compactor.compact(request());
            List<ILoggingEvent> lines = logs.events();
            app.end();

            // the call's trace id is the app span's, on every line down to each HTTP attempt
            String traceId = app.getSpanContext().getTraceId();
            assertEquals(traceId, r.traceId());
            assertTrue(lines.size() >= 4, "start, two HTTP attempts, success: " + lines.size());
            for (ILoggingEvent line : lines) {
                assertEquals(traceId, mdc(line, "compact4j.trace_id"), line.getFormattedMessage());
            }
            assertTrue(lines.stream().anyMatch(l -> l.getLoggerName().equals("io.github.compact4j.http")
                    && l.getFormattedMessage().contains("request_id=req_ok")));
            String compact4jSpanId = mdc(lines.get(0), "compact4j.span_id");

            SpanData compaction = span(COMPACT_SPAN);
            assertEquals(traceId, compaction.getTraceId());
            assertEquals(app.getSpanContext().getSpanId(), compaction.getParentSpanId());
            assertEquals(SpanKind.INTERNAL, compaction.getKind());
            assertEquals(StatusCode.UNSET, compaction.getStatus().getStatusCode());
            assertEquals(Names.SCOPE, compaction.getInstrumentationScopeInfo().getName());
            assertEquals("0.1.0-SNAPSHOT", compaction.getInstrumentationScopeInfo().getVersion());
            Map<AttributeKey<?>, Object> expected = new HashMap<>();
            expected.put(Names.OPERATION, "compact");
            expected.put(Names.PROVIDER, "openai");
            expected.put(Names.REQUEST_MODEL, MODEL);
            expected.put(Names.COMPACTOR, "openai-compact");
            expected.put(Names.STRATEGY, "openai-compact");
            expected.put(Names.OUTCOME, "success");
            expected.put(Names.TRACE_ID, traceId);
            expected.put(Names.SPAN_ID, compact4jSpanId);
            expected.put(AttributeKey.stringKey("compact4j.agent_id"), "agent_a");
            expected.put(Names.ITEMS_BEFORE, 5L);
            expected.put(Names.ITEMS_AFTER, 2L);
            expected.put(Names.TOKENS_BEFORE, (long) r.tokensBefore());
            expected.put(Names.TOKENS_AFTER, (long) r.tokensAfter());
            expected.put(Names.TOKENS_SAVED, (long) r.savedTokens());
            expected.put(Names.FELL_BACK, false);
            expected.put(Names.ATTEMPTS, 1L);
            expected.put(Names.REQUEST_IDS, r.requestIds());
            expected.put(Names.REQUEST_ID, "req_ok");
            expected.put(Names.INPUT_TOKENS, 139L);
            expected.put(Names.OUTPUT_TOKENS, 438L);
            expected.put(Names.COMPACTED, true);
            assertEquals(expected, attributes(compaction));
            assertEquals(List.of(), compaction.getEvents());

            List<SpanData> attempts = httpSpans();
            assertEquals(2, attempts.size());
            String url = server.url("/v1/responses/compact").toString();
            String firstClientId = server.takeRequest().getHeader("X-Client-Request-Id");
            String secondClientId = server.takeRequest().getHeader("X-Client-Request-Id");
            SpanData first = attempts.get(0);
            SpanData second = attempts.get(1);
            for (SpanData a : attempts) {
                assertEquals("POST", a.getName());
                assertEquals(traceId, a.getTraceId());
                assertEquals(compaction.getSpanId(), a.getParentSpanId(), "each attempt is a child of the compaction");
            }
            assertEquals(Map.of(
                    Names.HTTP_METHOD, "POST",
                    Names.URL_FULL, url,
                    Names.SERVER_ADDRESS, server.getHostName(),
                    Names.SERVER_PORT, (long) server.getPort(),
                    Names.HTTP_STATUS, 503L,
                    Names.ERROR_TYPE, "503",
                    Names.STRATEGY, "openai-compact",
                    Names.HTTP_ATTEMPT, 1L,
                    Names.HTTP_MAX_ATTEMPTS, 3L,
                    Names.CLIENT_REQUEST_ID, firstClientId), without(attributes(first), Names.REQUEST_ID, Names.HTTP_RETRY_IN_MS));
            assertEquals("req_503", first.getAttributes().get(Names.REQUEST_ID));
            assertEquals(sleeper.waits.get(0).toMillis(), first.getAttributes().get(Names.HTTP_RETRY_IN_MS));
            assertEquals(StatusCode.ERROR, first.getStatus().getStatusCode());
            assertEquals(Map.of(
                    Names.HTTP_METHOD, "POST",
                    Names.URL_FULL, url,
                    Names.SERVER_ADDRESS, server.getHostName(),
                    Names.SERVER_PORT, (long) server.getPort(),
                    Names.HTTP_STATUS, 200L,
                    Names.HTTP_RESEND, 1L,
                    Names.STRATEGY, "openai-compact",
                    Names.HTTP_ATTEMPT, 2L,
                    Names.HTTP_MAX_ATTEMPTS, 3L,
                    Names.CLIENT_REQUEST_ID, secondClientId), without(attributes(second), Names.REQUEST_ID));
            assertEquals("req_ok", second.getAttributes().get(Names.REQUEST_ID));
            assertEquals(StatusCode.UNSET, second.getStatus().getStatusCode());
            assertNotEquals(firstClientId, secondClientId);
            // an attempt span lasts what the attempt lasted: it ends after it starts
            assertTrue(first.getEndEpochNanos() >= first.getStartEpochNanos());
            assertTrue(second.getStartEpochNanos() >= first.getStartEpochNanos());
        }

        Attributes op = Attributes.of(Names.OPERATION, "compact", Names.PROVIDER, "openai", Names.REQUEST_MODEL, MODEL);
        MetricData duration = metric(Names.OPERATION_DURATION);
        assertEquals("s", duration.getUnit());
        HistogramPointData d = histogram(duration).get(op);
        assertEquals(1, d.getCount());
        assertEquals(r.elapsed().toNanos() / 1e9, d.getSum(), 1e-9);
        assertEquals(Names.DURATION_BUCKETS, d.getBoundaries());
        assertEquals(1, histogram(duration).size());

        MetricData tokens = metric(Names.TOKEN_USAGE);
        assertEquals("{token}", tokens.getUnit());
        Map<Attributes, HistogramPointData> usage = histogram(tokens);
        assertEquals(2, usage.size());
        assertEquals(139, usage.get(op.toBuilder().put(Names.TOKEN_TYPE, "input").build()).getSum());
        assertEquals(438, usage.get(op.toBuilder().put(Names.TOKEN_TYPE, "output").build()).getSum());
        assertEquals(Names.TOKEN_BUCKETS.stream().map(Long::doubleValue).toList(),
                usage.values().iterator().next().getBoundaries());

        Attributes byOutcome = Attributes.of(Names.STRATEGY, "openai-compact", Names.OUTCOME, "success");
        MetricData saved = metric(Names.TOKENS_SAVED_METRIC);
        assertEquals("{token}", saved.getUnit());
        assertEquals(Math.max(0, r.savedTokens()), histogram(saved).get(byOutcome).getSum());
        MetricData count = metric(Names.COMPACTIONS);
        assertEquals("{compaction}", count.getUnit());
        assertTrue(count.getLongSumData().isMonotonic());
        assertEquals(Map.of(byOutcome, 1L), counter(count));
    }

    private static Map<AttributeKey<?>, Object> without(Map<AttributeKey<?>, Object> m, AttributeKey<?>... keys) {
        Map<AttributeKey<?>, Object> copy = new HashMap<>(m);
        for (AttributeKey<?> k : keys) {
            copy.remove(k);
        }
        return copy;
    }

    @Test
    void aChainThatFallsBackIsOneSpanWithItsFailureAndFallbackAsEventsAndASummarizerCallInTheMetrics() throws Exception {
        server.enqueue(Wire.error(404, "invalid_request_error", "not_found", "Unknown url /v1/responses/compact"));
        server.enqueue(Wire.chatCompletion("req_chat"));
        BackendRegistry registry = BackendRegistry.builder()
                .clientOptions(ClientOptions.builder().sleeper(sleeper).jitter(() -> 0.0).build())
                .keepRecentTokens(500)
                .listener(telemetry.listener())
                .build();
        Backend backend = Backend.builder().provider("openai").model(MODEL).apiKey(API_KEY)
                .baseUrl(server.url("/v1").toString()).summaryModel("gpt-5-mini").build();
        CompactionRequest request = CompactionRequest.builder().model(MODEL).items(Wire.agentRun(40))
                .attribute("agent_id", "agent_b").minSavingRatio(0).build();

        CompactionResult r;
        Span app = sdk.getTracer("app").spanBuilder("agent turn").startSpan();
        try (Scope ignored = app.makeCurrent()) {
            r = registry.compactorFor(backend).compact(request);
        } finally {
            app.end();
        }
        assertEquals("summarizing", r.strategy());
        assertTrue(r.fellBack());
        assertEquals(app.getSpanContext().getTraceId(), r.traceId());

        SpanData compaction = span(COMPACT_SPAN);
        assertEquals(app.getSpanContext().getSpanId(), compaction.getParentSpanId());
        Map<AttributeKey<?>, Object> a = attributes(compaction);
        Map<AttributeKey<?>, Object> expected = new HashMap<>();
        expected.put(Names.OPERATION, "compact");
        expected.put(Names.PROVIDER, "openai");
        expected.put(Names.REQUEST_MODEL, MODEL);
        expected.put(Names.COMPACTOR, "chain[openai-compact>summarizing>masking]");
        expected.put(Names.STRATEGY, "summarizing");
        expected.put(Names.OUTCOME, "fallback");
        expected.put(Names.TRACE_ID, r.traceId());
        expected.put(Names.SPAN_ID, a.get(Names.SPAN_ID));
        expected.put(AttributeKey.stringKey("compact4j.agent_id"), "agent_b");
        expected.put(AttributeKey.stringKey("compact4j.backend"), "openai");
        expected.put(Names.ITEMS_BEFORE, (long) r.itemsBefore());
        expected.put(Names.ITEMS_AFTER, (long) r.items().size());
        expected.put(Names.TOKENS_BEFORE, (long) r.tokensBefore());
        expected.put(Names.TOKENS_AFTER, (long) r.tokensAfter());
        expected.put(Names.TOKENS_SAVED, (long) r.savedTokens());
        expected.put(Names.FELL_BACK, true);
        expected.put(Names.ATTEMPTS, 2L);
        expected.put(Names.REQUEST_IDS, List.of("req_404", "req_chat"));
        expected.put(Names.REQUEST_ID, "req_chat");
        expected.put(Names.INPUT_TOKENS, 1893L);
        expected.put(Names.OUTPUT_TOKENS, 212L);
        expected.put(Names.COMPACTED, true);
        assertEquals(expected, a);
        assertTrue(((String) a.get(Names.SPAN_ID)).matches("[0-9a-f]{16}"));
        assertTrue(r.savedTokens() > 0);

        List<EventData> events = compaction.getEvents();
        assertEquals(List.of(Names.EVENT_ATTEMPT_FAILED, Names.EVENT_FALLBACK), events.stream().map(EventData::getName).toList());
        Attributes failed = events.get(0).getAttributes();
        assertEquals("openai-compact", failed.get(Names.STRATEGY));
        assertEquals("io.github.compact4j.errors.NotFoundException", failed.get(Names.ERROR_TYPE));
        assertEquals(404L, failed.get(Names.ERROR_STATUS));
        assertEquals("not_found", failed.get(Names.ERROR_CODE));
        assertEquals("req_404", failed.get(Names.REQUEST_ID));
        assertTrue(failed.get(Names.DURATION_MS) >= 0);
        assertEquals(6, failed.size());
        Attributes fallback = events.get(1).getAttributes();
        assertEquals("openai-compact", fallback.get(Names.FROM));
        assertEquals("summarizing", fallback.get(Names.TO));
        assertTrue(fallback.get(Names.REASON).startsWith("NotFoundException: "), fallback.get(Names.REASON));
        assertFalse(fallback.get(Names.REASON).contains(API_KEY));
        assertEquals(3, fallback.size());

        List<SpanData> attempts = httpSpans();
        assertEquals(List.of(server.url("/v1/responses/compact").toString(), server.url("/v1/chat/completions").toString()),
                attempts.stream().map(s -> s.getAttributes().get(Names.URL_FULL)).toList());
        assertEquals(List.of(404L, 200L), attempts.stream().map(s -> s.getAttributes().get(Names.HTTP_STATUS)).toList());
        assertEquals(List.of("openai-compact", "summarizing"),
                attempts.stream().map(s -> s.getAttributes().get(Names.STRATEGY)).toList());
        assertEquals("404", attempts.get(0).getAttributes().get(Names.ERROR_TYPE));
        assertEquals(List.of(compaction.getSpanId(), compaction.getSpanId()),
                attempts.stream().map(SpanData::getParentSpanId).toList());
        assertEquals(4, spans.getFinishedSpanItems().size(), "the app's span, the compaction's and two attempts");

        // the compaction and its summarizer call, each with its duration; tokens once, with the call
        Attributes compact = Attributes.of(Names.OPERATION, "compact", Names.PROVIDER, "openai", Names.REQUEST_MODEL, MODEL);
        Attributes chat = Attributes.of(Names.OPERATION, "chat", Names.PROVIDER, "openai", Names.REQUEST_MODEL, "gpt-5-mini");
        Map<Attributes, HistogramPointData> duration = histogram(metric(Names.OPERATION_DURATION));
        assertEquals(2, duration.size());
        assertEquals(1, duration.get(compact).getCount());
        assertEquals(1, duration.get(chat).getCount());
        assertTrue(duration.get(chat).getSum() <= duration.get(compact).getSum());
        Map<Attributes, HistogramPointData> usage = histogram(metric(Names.TOKEN_USAGE));
        assertEquals(2, usage.size(), "the native call failed: no compact tokens; the summarizer's once: " + usage.keySet());
        assertEquals(1893, usage.get(chat.toBuilder().put(Names.TOKEN_TYPE, "input").build()).getSum());
        assertEquals(212, usage.get(chat.toBuilder().put(Names.TOKEN_TYPE, "output").build()).getSum());
        Attributes byOutcome = Attributes.of(Names.STRATEGY, "summarizing", Names.OUTCOME, "fallback");
        assertEquals(r.savedTokens(), histogram(metric(Names.TOKENS_SAVED_METRIC)).get(byOutcome).getSum());
        assertEquals(Map.of(byOutcome, 1L), counter(metric(Names.COMPACTIONS)));
    }

    @Test
    void aFailedCompactionEndsItsSpanWithTheErrorAndCountsAsAFailure() {
        server.enqueue(Wire.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided"));
        ContextCompactor compactor = TracingCompactor.builder(client()).listener(telemetry.listener()).build();

        AuthenticationException e = assertThrows(AuthenticationException.class, () -> compactor.compact(request()));

        SpanData compaction = span(COMPACT_SPAN);
        assertEquals(StatusCode.ERROR, compaction.getStatus().getStatusCode());
        assertEquals("AuthenticationException", compaction.getStatus().getDescription());
        Attributes a = compaction.getAttributes();
        assertEquals("failure", a.get(Names.OUTCOME));
        assertEquals("io.github.compact4j.errors.AuthenticationException", a.get(Names.ERROR_TYPE));
        assertEquals("req_401", a.get(Names.REQUEST_ID));
        assertEquals(List.of("req_401"), a.get(Names.REQUEST_IDS));
        assertEquals(401L, a.get(Names.ERROR_STATUS));
        assertEquals("invalid_api_key", a.get(Names.ERROR_CODE));
        assertEquals(e.traceId().orElseThrow(), a.get(Names.TRACE_ID));
        assertEquals(null, a.get(Names.STRATEGY), "nothing produced a result");
        EventData exception = compaction.getEvents().get(0);
        assertEquals("exception", exception.getName());
        assertEquals(AuthenticationException.class.getName(),
                exception.getAttributes().get(AttributeKey.stringKey("exception.type")));
        assertFalse(exception.getAttributes().get(AttributeKey.stringKey("exception.message")).contains(API_KEY));
        assertEquals(1, httpSpans().size());
        assertEquals(compaction.getSpanId(), httpSpans().get(0).getParentSpanId());

        Map<Attributes, HistogramPointData> duration = histogram(metric(Names.OPERATION_DURATION));
        assertEquals(1, duration.get(Attributes.of(Names.OPERATION, "compact", Names.PROVIDER, "openai",
                Names.REQUEST_MODEL, MODEL, Names.ERROR_TYPE, AuthenticationException.class.getName())).getCount());
        assertEquals(Map.of(Attributes.of(Names.STRATEGY, "openai-compact", Names.OUTCOME, "failure"), 1L),
                counter(metric(Names.COMPACTIONS)));
        assertTrue(metrics.collectAllMetrics().stream().noneMatch(m -> m.getName().equals(Names.TOKEN_USAGE)));
    }

    @Test
    void withoutAnActiveSpanTheCompactionIsARootSpanThatNamesTheLogsTraceId() {
        ContextCompactor masking = TracingCompactor.builder(ToolOutputMaskingCompactor.builder().build())
                .listener(telemetry.listener()).build();
        CompactionResult r = masking.compact(CompactionRequest.builder().model(MODEL).items(Wire.agentRun(12)).build());

        SpanData compaction = span(COMPACT_SPAN);
        assertFalse(compaction.getParentSpanContext().isValid(), "a root span");
        assertEquals(r.traceId(), compaction.getAttributes().get(Names.TRACE_ID), "the logs' trace id, to search by");
        assertEquals(null, compaction.getAttributes().get(Names.PROVIDER), "masking calls no provider");
        assertEquals(null, compaction.getAttributes().get(Names.INPUT_TOKENS), "and reports no usage");
        assertEquals("masking", compaction.getAttributes().get(Names.STRATEGY));
        assertEquals(Map.of(Attributes.of(Names.STRATEGY, "masking", Names.OUTCOME, "success"), 1L),
                counter(metric(Names.COMPACTIONS)));
        assertEquals(1, histogram(metric(Names.OPERATION_DURATION))
                .get(Attributes.of(Names.OPERATION, "compact", Names.REQUEST_MODEL, MODEL)).getCount());
    }

    @Test
    void aListenerOnAnInnerCompactorOfTheSameCallRecordsTheCallOnce() {
        ContextCompactor inner = TracingCompactor.builder(ToolOutputMaskingCompactor.builder().build())
                .listener(telemetry.listener()).build();
        ContextCompactor outer = TracingCompactor.builder(new io.github.compact4j.logging.TracedCompactor() {
            @Override public String name() { return "outer"; }
            @Override protected io.github.compact4j.CompactionResult.Builder doCompact(CompactionRequest r) {
                return inner.compact(r).toBuilder();
            }
        }).listener(telemetry.listener()).build();

        outer.compact(CompactionRequest.builder().model(MODEL).items(Wire.agentRun(12)).build());

        SpanData compaction = span(COMPACT_SPAN);
        assertEquals("outer", compaction.getAttributes().get(Names.COMPACTOR));
        assertEquals(1, spans.getFinishedSpanItems().size());
        assertEquals(Map.of(Attributes.of(Names.STRATEGY, "masking", Names.OUTCOME, "success"), 1L),
                counter(metric(Names.COMPACTIONS)));
        assertEquals(1, histogram(metric(Names.OPERATION_DURATION)).values().iterator().next().getCount());
    }

    @Test
    void aServerSideCompactionIsAnEventOnTheCurrentSpan() {
        CompactionListener listener = telemetry.listener();
        Span app = sdk.getTracer("app").spanBuilder("agent turn").startSpan();
        try (Scope ignored = app.makeCurrent()) {
            listener.onServerCompaction(new CompactionListener.ServerCompactionEvent(app.getSpanContext().getTraceId(),
                    "anthropic", 40, 3, 150_000, 9_000, Usage.of(152_000, 2_100), List.of("compact_20260112")));
        } finally {
            app.end();
        }
        SpanData s = span("agent turn");
        assertEquals(1, s.getEvents().size());
        EventData e = s.getEvents().get(0);
        assertEquals(Names.EVENT_SERVER_COMPACTION, e.getName());
        assertEquals(Attributes.builder()
                .put(Names.PROVIDER, "anthropic")
                .put(Names.ITEMS_BEFORE, 40L).put(Names.ITEMS_AFTER, 3L)
                .put(Names.TOKENS_BEFORE, 150_000L).put(Names.TOKENS_AFTER, 9_000L).put(Names.TOKENS_SAVED, 141_000L)
                .put(Names.COMPACTED, true)
                .put(Names.TRACE_ID, app.getSpanContext().getTraceId())
                .put(Names.INPUT_TOKENS, 152_000L).put(Names.OUTPUT_TOKENS, 2_100L)
                .put(Names.APPLIED_EDITS, List.of("compact_20260112"))
                .build(), e.getAttributes());
        Attributes server = Attributes.of(Names.STRATEGY, "server", Names.OUTCOME, "success");
        assertEquals(Map.of(server, 1L), counter(metric(Names.COMPACTIONS)));
        assertEquals(141_000, histogram(metric(Names.TOKENS_SAVED_METRIC)).get(server).getSum());
    }

    @Test
    void withoutAnSdkTheListenerSitsEveryCallOut() {
        assertFalse(CompactionTelemetry.create(OpenTelemetry.noop()).listener().isEnabled());
        assertTrue(telemetry.listener().isEnabled());
        assertEquals(telemetry.listener(), telemetry.listener());
        assertThrows(NullPointerException.class, () -> CompactionTelemetry.create(null));
    }

    @Test
    void providerIdsBecomeTheConventionsNames() {
        assertEquals("azure.ai.openai", ProviderNames.of("azure-openai", "chain[openai-compact>summarizing>masking]"));
        assertEquals("x_ai", ProviderNames.of("xai", "summarizing"));
        assertEquals("gcp.gemini", ProviderNames.of("gemini", "summarizing"));
        assertEquals("ollama", ProviderNames.of("ollama", "summarizing"), "a provider the conventions do not name keeps its id");
        assertEquals("openai", ProviderNames.of(null, "openai-compact"));
        assertEquals("anthropic", ProviderNames.of(null, "anthropic-compact"));
        assertEquals(null, ProviderNames.of(null, "masking"));
    }
}
