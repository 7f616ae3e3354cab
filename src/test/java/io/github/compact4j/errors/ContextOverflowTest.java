package io.github.compact4j.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ContextOverflowTest {

    @Test
    void openAisContextLengthExceededWithItsCounts() {
        String body = "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens. However, your"
                + " messages resulted in 130512 tokens. Please reduce the length of the messages.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";
        ContextOverflow o = ContextOverflow.detect(400, body).orElseThrow();
        assertEquals(130_512, o.promptTokens().getAsInt());
        assertEquals(128_000, o.maxTokens().getAsInt());
        assertEquals(400, o.status());
    }

    @Test
    void anthropicsPromptIsTooLongFromACauseChain() {
        CompactionException e = ApiErrors.forStatus(ApiErrors.fromResponse("Anthropic call failed", 400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"prompt is too long: 215000 tokens > 200000 maximum\"}}"));
        ContextOverflow o = ContextOverflow.detect(new IllegalStateException("agent step failed", e)).orElseThrow();
        assertEquals(215_000, o.promptTokens().getAsInt());
        assertEquals(200_000, o.maxTokens().getAsInt());
    }

    @Test
    void lookalikesAreNotOverflows() {
        assertFalse(ContextOverflow.detect(400, "{\"error\":{\"message\":\"Invalid value for 'temperature'\","
                + "\"code\":\"invalid_value\"}}").isPresent(), "a bad parameter");
        assertFalse(ContextOverflow.detect(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on tokens per"
                + " min (TPM): Limit 30000, Requested 50000.\",\"code\":\"rate_limit_exceeded\"}}").isPresent(),
                "too many tokens per minute is a rate limit, not the window");
        assertFalse(ContextOverflow.detect(new IOException("connection reset")).isPresent());
        assertTrue(ContextOverflow.detect(new RuntimeException("400: context_length_exceeded")).isPresent(),
                "a client that only has a message is read from it");
    }
}
