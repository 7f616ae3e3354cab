package io.github.compact4j.summarize;

import static io.github.compact4j.summarize.SummarizerFixtures.ANTHROPIC_KEY;
import static io.github.compact4j.summarize.SummarizerFixtures.OPENAI_KEY;
import static io.github.compact4j.summarize.SummarizerFixtures.SUMMARY;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.compact4j.errors.AuthenticationException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.logging.LogCapture;
import io.github.compact4j.summarize.SummarizerFixtures.RecordingSleeper;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * With every library logger at TRACE and body logging on, and with backends that echo the key
 * back (as OpenAI's 401 does), the key appears in no log event, exception message or toString.
 */
class SummarizerSecretsTest {

    private MockWebServer server;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void chatCompletionsNeverShowsTheKey() {
        server.enqueue(SummarizerFixtures.openAiError(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: " + OPENAI_KEY + ". You can find your API key at"
                        + " https://platform.openai.com/account/api-keys."));
        server.enqueue(SummarizerFixtures.openAiError(429, "rate_limit_error", null, "limit reached for " + OPENAI_KEY)
                .setHeader("retry-after-ms", "10"));
        server.enqueue(SummarizerFixtures.openAiError(500, "server_error", null, "boom Bearer " + OPENAI_KEY));
        server.enqueue(SummarizerFixtures.openAiError(500, "server_error", null, "boom"));
        server.enqueue(SummarizerFixtures.chatOk(SummarizerFixtures.chatCompletion(SUMMARY, "stop")
                .replace("fp_06737a9306", "fp_" + OPENAI_KEY)));

        Summarizer chat = SummarizerFixtures.chat(server, sleeper).logBodies(true).maxRetries(3).build();
        List<String> texts = run(chat, "Authorization: REDACTED");
        for (String text : texts) {
            assertFalse(text.contains(OPENAI_KEY), text);
            assertFalse(text.contains("summarizer0123456789"), text);
        }
        assertTrue(String.join("\n", texts).contains("Incorrect API key provided: REDACTED"));
    }

    @Test
    void anthropicNeverShowsTheKey() {
        server.enqueue(SummarizerFixtures.anthropicError(401, "authentication_error", "invalid x-api-key " + ANTHROPIC_KEY));
        server.enqueue(SummarizerFixtures.anthropicError(429, "rate_limit_error", "slow down " + ANTHROPIC_KEY)
                .setHeader("retry-after", "1"));
        server.enqueue(SummarizerFixtures.anthropicError(500, "api_error", "Internal server error " + ANTHROPIC_KEY));
        server.enqueue(SummarizerFixtures.anthropicError(529, "overloaded_error", "Overloaded"));
        server.enqueue(SummarizerFixtures.anthropicOk(SummarizerFixtures.anthropicMessage(SUMMARY, "end_turn")
                .replace("msg_01XFDUDYJgAACzvnptvVoYEL", "msg_" + ANTHROPIC_KEY)));

        Summarizer claude = SummarizerFixtures.anthropic(server, sleeper).logBodies(true).maxRetries(3).build();
        List<String> texts = run(claude, "x-api-key: REDACTED");
        for (String text : texts) {
            assertFalse(text.contains(ANTHROPIC_KEY), text);
            assertFalse(text.contains("summarizer0123456789"), text);
        }
        assertTrue(String.join("\n", texts).contains("invalid x-api-key REDACTED"));
    }

    /** A failed compaction (the 401), then one that succeeds after a 429 and two server errors. */
    private static List<String> run(Summarizer summarizer, String redactedKeyHeader) {
        SummarizingFallbackCompactor compactor = SummarizingFallbackCompactor.builder().summarizer(summarizer)
                .keepRecentTokens(500).build();
        CompactionRequest request = CompactionRequest.builder().model("gpt-4o")
                .items(SummarizingFallbackCompactorTest.agentRun(30)).minSavingRatio(0).build();
        List<String> texts = new ArrayList<>();
        try (LogCapture logs = new LogCapture(Level.TRACE, "io.github.compact4j")) {
            CompactionException e = assertThrows(CompactionException.class, () -> compactor.compact(request));
            assertInstanceOf(AuthenticationException.class, e);
            texts.add(e.getMessage());
            texts.add(e.toString());
            CompactionResult r = compactor.compact(request);
            texts.add(r.toString());
            texts.add(summarizer.toString());
            texts.add(compactor.toString());
            logs.events().forEach(ev -> texts.add(everything(ev)));

            assertTrue(logs.events().size() >= 15, "every logger spoke: " + logs.events().size());
            assertFalse(logs.from("io.github.compact4j.http.body").isEmpty(), "bodies were logged");
            List<ILoggingEvent> headers = logs.from("io.github.compact4j.http.headers");
            assertTrue(headers.stream().anyMatch(h -> h.getFormattedMessage().contains(redactedKeyHeader)),
                    () -> headers.get(0).getFormattedMessage());
        }
        return texts;
    }

    /** Everything an appender could print of the event: message, key-values, MDC, exceptions. */
    private static String everything(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) {
                sb.append(' ').append(kv.key).append('=').append(kv.value);
            }
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    @Test
    void theTestWouldSeeAKeyThatLeaked() {
        MockResponse leaky = SummarizerFixtures.openAiError(400, "invalid_request_error", null, "x");
        String unregistered = "sk-" + "never-registered-" + "0123456789abcdef";
        leaky.setBody("{\"error\":{\"message\":\"" + unregistered.replace("sk-", "") + "\"}}");
        server.enqueue(leaky);
        CompactionException e = assertThrows(CompactionException.class,
                () -> SummarizerFixtures.chat(server, sleeper).build().summarize(SummarizerFixtures.request()));
        assertTrue(e.getMessage().contains("never-registered-0123456789abcdef"),
                "an unregistered, unshaped value passes through, so the checks above can fail: " + e.getMessage());
    }
}
