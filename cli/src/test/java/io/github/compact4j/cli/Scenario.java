package io.github.compact4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Two agents of one app, run for real and logged through one logback configuration:
 * <ul>
 *   <li>{@code agent_a} on {@code openai}: each compaction tries OpenAI's native endpoint first,
 *       which answers 404 (so a WARN fallback line carries the compaction's trace id), then masks;</li>
 *   <li>{@code agent_b} on {@code anthropic}: masks.</li>
 * </ul>
 * Each agent has its own journal; the log holds both.
 */
final class Scenario {

    final AgentRun a;
    final AgentRun b;
    final Path log;

    private Scenario(AgentRun a, AgentRun b, Path log) {
        this.a = a;
        this.b = b;
        this.log = log;
    }

    /**
     * @param dir where the journals and the log go
     * @param config the logback configuration
     * @param logName the log file's name
     */
    static Scenario run(Path dir, Path config, String logName) {
        Path log = dir.resolve(logName);
        AgentRun[] runs = new AgentRun[2];
        try (MockWebServer openai = new MockWebServer()) {
            openai.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                            .setHeader("x-request-id", "req_404_test")
                            .setBody("{\"error\":{\"message\":\"Invalid URL (POST /v1/responses/compact)\","
                                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
                }
            });
            openai.start();
            String url = openai.url("/v1").toString();
            Logs.writeWhile(config, log, () -> {
                runs[0] = AgentRun.run(dir.resolve("agent_a.journal.jsonl"), "agent_a", "openai", 12, url);
                runs[1] = AgentRun.run(dir.resolve("agent_b.journal.jsonl"), "agent_b", "anthropic", 9);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scenario(runs[0], runs[1], log);
    }
}
