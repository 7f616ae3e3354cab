package io.github.compact4j.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void urlsLoseUserInfoAndCredentialQueryValuesButKeepTheRest() {
        assertEquals("https://example.com/v1beta/models?key=REDACTED&alt=sse",
                Redaction.url(HttpUrl.get("https://example.com/v1beta/models?key=AIzaXYZ&alt=sse")));
        assertEquals("https://res.openai.azure.com/openai/v1/responses/compact?api-version=preview&api-key=REDACTED",
                Redaction.url(HttpUrl.get("https://res.openai.azure.com/openai/v1/responses/compact?api-version=preview&api-key=abc")));
        assertEquals("https://proxy.local/v1?sig=REDACTED&Token=REDACTED",
                Redaction.url(HttpUrl.get("https://user:pw@proxy.local/v1?sig=s1&Token=t1")));
        assertEquals("https://api.openai.com/v1/responses/compact",
                Redaction.url(HttpUrl.get("https://api.openai.com/v1/responses/compact")));
    }

    @Test
    void headersGoThroughTheAllowList() {
        assertEquals("REDACTED", Redaction.header("Authorization", "Bearer sk-abc"));
        assertEquals("REDACTED", Redaction.header("api-key", "abc"));
        assertEquals("REDACTED", Redaction.header("X-Api-Key", "abc"));
        assertEquals("REDACTED", Redaction.header("Cookie", "a=b"));
        assertEquals("REDACTED", Redaction.header("X-Custom-Auth", "abc"), "unknown headers are redacted");
        assertEquals("req_123", Redaction.header("X-Request-Id", "req_123"));
        assertEquals("20", Redaction.header("x-ratelimit-remaining-tokens", "20"));
        assertEquals("2023-06-01", Redaction.header("anthropic-version", "2023-06-01"));
        assertEquals("my-app REDACTED", Redaction.header("user-agent", "my-app sk-proj-abcdefghijklmnop"),
                "allowed values are still scrubbed");
    }
}
