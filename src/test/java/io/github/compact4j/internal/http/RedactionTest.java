package io.github.compact4j.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compact4j.internal.Secrets;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void urlsLoseUserInfoAndCredentialQueryValuesButKeepTheRest() {
        assertEquals("https://example.com/v1beta/models?key=REDACTED&alt=sse",
                Redaction.url(HttpUrl.get("https://example.com/v1beta/models?key=AIzaXYZ&alt=sse"), Secrets.NONE));
        assertEquals("https://res.openai.azure.com/openai/v1/responses/compact?api-version=preview&api-key=REDACTED",
                Redaction.url(HttpUrl.get("https://res.openai.azure.com/openai/v1/responses/compact?api-version=preview&api-key=abc"), Secrets.NONE));
        assertEquals("https://proxy.local/v1?sig=REDACTED&Token=REDACTED",
                Redaction.url(HttpUrl.get("https://user:pw@proxy.local/v1?sig=s1&Token=t1"), Secrets.NONE));
        assertEquals("https://api.openai.com/v1/responses/compact",
                Redaction.url(HttpUrl.get("https://api.openai.com/v1/responses/compact"), Secrets.NONE));
    }

    @Test
    void headersGoThroughTheAllowList() {
        assertEquals("REDACTED", Redaction.header("Authorization", "Bearer sk-abc", Secrets.NONE));
        assertEquals("REDACTED", Redaction.header("api-key", "abc", Secrets.NONE));
        assertEquals("REDACTED", Redaction.header("X-Api-Key", "abc", Secrets.NONE));
        assertEquals("REDACTED", Redaction.header("Cookie", "a=b", Secrets.NONE));
        assertEquals("REDACTED", Redaction.header("X-Custom-Auth", "abc", Secrets.NONE), "unknown headers are redacted");
        assertEquals("req_123", Redaction.header("X-Request-Id", "req_123", Secrets.NONE));
        assertEquals("20", Redaction.header("x-ratelimit-remaining-tokens", "20", Secrets.NONE));
        assertEquals("2023-06-01", Redaction.header("anthropic-version", "2023-06-01", Secrets.NONE));
        assertEquals("my-app REDACTED", Redaction.header("user-agent", "my-app sk-proj-abcdefghijklmnop", Secrets.NONE),
                "allowed values are still scrubbed");
        assertEquals("via REDACTED", Redaction.header("via", "via gw-token-1234567", Secrets.of(List.of("gw-token-1234567"))),
                "and the client's own credentials with them");
    }
}
