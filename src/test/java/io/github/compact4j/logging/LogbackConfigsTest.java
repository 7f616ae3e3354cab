package io.github.compact4j.logging;

import static io.github.compact4j.logging.TestCompactors.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.CompactionResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Loads each logback configuration shipped under docs/logging/ into the real logging system,
 * fails on any configuration error or warning, and runs a compaction through it to check the
 * output says what the docs promise.
 */
class LogbackConfigsTest {

    static final Path DOCS = Path.of("docs", "logging");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path logDir;

    final PrintStream realOut = System.out;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    /** Configures the JVM's logging from {@code file}, with console output captured. */
    void configure(String file) throws Exception {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        LoggerContext ctx = context();
        ctx.reset();
        ctx.putProperty("LOG_DIR", logDir.toString());
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(ctx);
        long since = System.currentTimeMillis();
        joran.doConfigure(DOCS.resolve(file).toFile());
        List<Status> problems = new ArrayList<>();
        for (Status s : ctx.getStatusManager().getCopyOfStatusList()) {
            if (s.getTimestamp() >= since && s.getEffectiveLevel() >= Status.WARN) {
                problems.add(s);
            }
        }
        if (!problems.isEmpty() || new StatusUtil(ctx).getHighestLevel(since) >= Status.WARN) {
            fail(file + " has configuration problems: " + problems);
        }
    }

    String consoleText() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void restoreTestLogging() throws Exception {
        System.setOut(realOut);
        MDC.clear(); // the test's own thread
        LoggerContext ctx = context();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
        if (!ctx.isStarted()) {
            ctx.start(); // a test stopped it to flush files
        }
    }

    @Test
    void everyShippedConfigIsCoveredHere() throws Exception {
        try (Stream<Path> files = Files.list(DOCS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).sorted()
                    .collect(Collectors.toList());
            assertEquals(List.of("logback-async.xml", "logback-console.xml", "logback-debug-one-agent.xml",
                    "logback-json.xml", "logback-per-agent.xml"), names, "add a test for each new config");
        }
    }

    @Test
    void consoleShowsTheTraceIdAgentAndFigures() throws Exception {
        configure("logback-console.xml");
        CompactionResult r = new TestCompactors.KeepLast("k").compact(request(4).attribute("agent_id", "agent_a").build());
        String out = consoleText();
        String line = out.lines().filter(l -> l.contains("compaction succeeded")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertTrue(line.contains("trace=" + r.traceId() + " agent=agent_a"), line);
        assertTrue(line.contains("tokens_before=\"40\""), line);
        assertFalse(out.contains("compaction started"), "DEBUG is off");
    }

    @Test
    void jsonLinesCarryTheMdcAndKeyValuesAsFields() throws Exception {
        configure("logback-json.xml");
        CompactionResult r = new TestCompactors.KeepLast("k").compact(request(4).attribute("agent_id", "agent_a").build());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : consoleText().split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        JsonNode end = lines.stream().filter(n -> n.path("formattedMessage").asText().startsWith("compaction succeeded"))
                .findFirst().orElseThrow(() -> new AssertionError(consoleText()));
        assertEquals(r.traceId(), end.path("mdc").path("compact4j.trace_id").asText());
        assertEquals("agent_a", end.path("mdc").path("compact4j.agent_id").asText());
        assertEquals("INFO", end.path("level").asText());
        assertEquals("io.github.compact4j.compaction", end.path("loggerName").asText());
        assertEquals("40", kv(end, "tokens_before"));
        assertEquals("10", kv(end, "tokens_after"));
        assertEquals("req_k", kv(end, "request_ids"));
    }

    /** logback writes key-values as an array of one-entry objects. */
    static String kv(JsonNode line, String key) {
        for (JsonNode pair : line.path("kvpList")) {
            if (pair.has(key)) {
                return pair.get(key).asText();
            }
        }
        throw new AssertionError("no " + key + " in " + line);
    }

    @Test
    void perAgentConfigWritesOneFilePerAgent() throws Exception {
        configure("logback-per-agent.xml");
        CompactionResult a = new TestCompactors.KeepLast("k").compact(request(4).attribute("agent_id", "agent_a").build());
        CompactionResult b = new TestCompactors.KeepLast("k").compact(request(4).attribute("agent_id", "agent_b").build());
        new TestCompactors.KeepLast("k").compact(request(4).build());
        context().stop(); // close the files
        String fileA = Files.readString(logDir.resolve("agent-agent_a.log"));
        String fileB = Files.readString(logDir.resolve("agent-agent_b.log"));
        String none = Files.readString(logDir.resolve("agent-none.log"));
        assertTrue(fileA.contains("trace=" + a.traceId()) && !fileA.contains(b.traceId()), fileA);
        assertTrue(fileB.contains("trace=" + b.traceId()) && !fileB.contains(a.traceId()), fileB);
        assertTrue(none.contains("compaction succeeded") && !none.contains(a.traceId()), none);
    }

    @Test
    void debugForOneAgentOnly() throws Exception {
        configure("logback-debug-one-agent.xml");
        CompactionResult a = new TestCompactors.KeepLast("k").compact(request(4).attribute("agent_id", "agent_a").build());
        CompactionResult b = new TestCompactors.KeepLast("k").compact(request(4).attribute("agent_id", "agent_b").build());
        List<String> started = consoleText().lines().filter(l -> l.contains("compaction started")).collect(Collectors.toList());
        assertEquals(1, started.size(), consoleText());
        assertTrue(started.get(0).contains("trace=" + b.traceId() + " agent=agent_b"), started.get(0));
        assertTrue(consoleText().lines().anyMatch(l -> l.contains("compaction succeeded") && l.contains(a.traceId())),
                "the other agent still logs at INFO");
    }

    @Test
    void asyncAppenderWritesJsonLinesToTheRollingFile() throws Exception {
        configure("logback-async.xml");
        CompactionResult r = new TestCompactors.KeepLast("k").compact(request(4).attribute("run_id", "run_1").build());
        context().stop(); // drains the queue and closes the file
        List<String> lines = Files.readAllLines(logDir.resolve("app.jsonl"));
        JsonNode end = null;
        for (String l : lines) {
            JsonNode n = JSON.readTree(l);
            if (n.path("formattedMessage").asText().startsWith("compaction succeeded")) {
                end = n;
            }
        }
        assertTrue(end != null, String.join("\n", lines));
        assertEquals(r.traceId(), end.path("mdc").path("compact4j.trace_id").asText());
        assertEquals("run_1", end.path("mdc").path("compact4j.run_id").asText());
        assertEquals("k", kv(end, "strategy"));
    }
}
