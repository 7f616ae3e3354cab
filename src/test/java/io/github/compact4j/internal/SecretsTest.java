package io.github.compact4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aRegisteredKeyIsReplacedWherever() {
        Secrets.register("my-gateway-token-42");
        assertEquals("token REDACTED in the middle", Secrets.scrub("token my-gateway-token-42 in the middle"));
        Secrets.register("short");
        assertEquals("short stays", Secrets.scrub("short stays"), "values under 6 characters are not registered");
    }

    @Test
    void keyShapedTextIsMaskedEvenUnregistered() {
        assertEquals("Incorrect API key provided: REDACTED, see the docs",
                Secrets.scrub("Incorrect API key provided: sk-proj-AbCdEf0123456789xyz, see the docs"));
        assertEquals("Authorization: Bearer REDACTED", Secrets.scrub("Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9"));
        assertEquals("{\"api_key\":\"REDACTED\",\"n\":1}", Secrets.scrub("{\"api_key\":\"whatever-it-is\",\"n\":1}"));
        assertEquals("key REDACTED", Secrets.scrub("key AIzaSyA1234567890abcdefghijklmn"));
        assertEquals("plain text with sk-short", Secrets.scrub("plain text with sk-short"));
    }

    @Test
    void nullAndEmptyPassThroughAndMaskNeverShowsTheSecret() {
        assertNull(Secrets.scrub(null));
        assertEquals("", Secrets.scrub(""));
        assertEquals("REDACTED", Secrets.mask("sk-anything"));
        assertEquals("none", Secrets.mask(null));
    }
}
