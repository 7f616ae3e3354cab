package io.github.compact4j.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's wire format as MockWebServer answers it, the conversations sent, and the logs captured:
 * what the integrations' tests share.
 */
public final class Wire {

    /** A key of OpenAI's shape, for tests that check it never shows. */
    public static final String API_KEY = "sk-test-0123456789abcdefghijklmnop";
    /** The model the conversations run on. */
    public static final String MODEL = "gpt-5.1-codex-max";

    /** A short coding-agent exchange in the Responses item format, as OpenAI returns it. */
    public static final String CONVERSATION = "["
            + "{\"role\":\"user\",\"content\":\"Create a simple landing page for a dog petting cafe.\"},"
            + "{\"id\":\"rs_001\",\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"gAAAAABreasoning==\"},"
            + "{\"id\":\"msg_001\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\","
            + "\"annotations\":[],\"logprobs\":[],\"text\":\"Below is a single file landing page...\"}],\"role\":\"assistant\"},"
            + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"write_file\",\"arguments\":\"{\\\"path\\\":\\\"index.html\\\"}\",\"id\":\"fc_1\",\"status\":\"completed\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok, 2.10 kB written\"}"
            + "]";

    /** {@code /responses/compact}'s answer: the kept user message, then one compaction item, and usage. */
    public static final String COMPACTED = "{\"id\":\"resp_001\",\"object\":\"response.compaction\",\"created_at\":1764967971,"
            + "\"output\":[{\"id\":\"msg_000\",\"type\":\"message\",\"status\":\"completed\",\"content\":[{\"type\":"
            + "\"input_text\",\"text\":\"Create a simple landing page for a dog petting cafe.\"}],\"role\":\"user\"},"
            + "{\"id\":\"cmp_001\",\"type\":\"compaction\",\"encrypted_content\":\"gAAAAABpM0Yj-Zx_9+/q==\"}],"
            + "\"usage\":{\"input_tokens\":139,\"input_tokens_details\":{\"cached_tokens\":11,\"cache_write_tokens\":0},"
            + "\"output_tokens\":438,\"output_tokens_details\":{\"reasoning_tokens\":64},\"total_tokens\":577}}";

    /** The summary {@link #chatCompletion(String)} answers with. */
    public static final String SUMMARY = "Task: make the build pass (FooTest expected 3 but was 2). Done: modules 0-39 "
            + "built; module 3 holds the off-by-one in Counter.next. Next: fix Counter.next and rerun FooTest.";

    private Wire() {}

    /** @return {@link #CONVERSATION} as items */
    public static List<Item> conversation() {
        return ResponsesItems.fromJson(CONVERSATION);
    }

    /**
     * A coding agent's run: a task, then tool exchanges of about 150 tokens each, then a last answer.
     *
     * @param steps how many tool exchanges
     * @return the items, unmodifiable
     */
    public static List<Item> agentRun(int steps) {
        List<Item> items = new ArrayList<>();
        items.add(Message.system("You are a careful coding agent."));
        items.add(Message.user("Make the build pass: FooTest fails with expected 3 but was 2."));
        for (int i = 0; i < steps; i++) {
            items.add(Message.assistant("Step " + i + ": checking module " + i + " before changing anything."));
            items.add(ToolCall.function("call_" + i, "shell", "{\"cmd\":\"mvn -q -pl module" + i + " test\"}"));
            items.add(ToolResult.functionOutput("call_" + i, ("[INFO] module" + i + " line of build output with "
                    + "timing 120ms and path src/main/java/App.java\n").repeat(6)));
        }
        items.add(Message.assistant("All modules checked; module 3 holds the off-by-one."));
        return List.copyOf(items);
    }

    /**
     * @param requestId its {@code x-request-id}
     * @return {@link #COMPACTED}, as OpenAI sends it
     */
    public static MockResponse compacted(String requestId) {
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", requestId)
                .setHeader("openai-processing-ms", "812")
                .setBody(COMPACTED);
    }

    /**
     * @param requestId its {@code x-request-id}
     * @return a Chat Completions answer with {@link #SUMMARY}, as OpenAI sends it
     */
    public static MockResponse chatCompletion(String requestId) {
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", requestId)
                .setBody("{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\","
                        + "\"created\":1741569952,\"model\":\"gpt-5.1-codex-max-2025-11-19\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + SUMMARY + "\",\"refusal\":null,"
                        + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{"
                        + "\"prompt_tokens\":1893,\"completion_tokens\":212,\"total_tokens\":2105,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":64,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
                        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_06737a9306\"}");
    }

    /**
     * @param status the HTTP status
     * @param type the error's {@code type}
     * @param code its {@code code}, or null
     * @param message its {@code message}
     * @return OpenAI's error body, with {@code x-request-id: req_<status>}
     */
    public static MockResponse error(int status, String type, String code, String message) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_" + status)
                .setBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    /** Records each back-off wait instead of sleeping. */
    public static final class RecordingSleeper implements Sleeper {
        /** The waits asked for, in order. */
        public final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        /** Records a sleeper. */
        public RecordingSleeper() {}

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    /** Every line compact4j logs, with its MDC, at DEBUG, while open. */
    public static final class Logs implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("io.github.compact4j");
        private final Level level;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent e) {
                e.prepareForDeferredProcessing(); // the MDC of the moment, not of when the test reads it
                super.append(e);
            }
        };

        /** Starts capturing. */
        public Logs() {
            level = logger.getLevel();
            logger.setLevel(Level.DEBUG);
            appender.start();
            logger.addAppender(appender);
        }

        /** @return the lines captured so far */
        public List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }
}
