package io.github.compact4j.internal;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aClientsOwnKeyIsReplacedWhereverAndOnlyByThatClient() {
        Secrets mine = Secrets.of(Arrays.asList("my-gateway-token-42", "short", null));
        assertEquals("token REDACTED in the middle", mine.scrub("token my-gateway-token-42 in the middle"));
        assertEquals("short stays", mine.scrub("short stays"), "values under 6 characters are not secrets");
        // nothing is global: another client's scrubber does not know this key
        assertEquals("token my-gateway-token-42", Secrets.of(List.of("other-token-000")).scrub("token my-gateway-token-42"));
        assertEquals("token my-gateway-token-42", Secrets.NONE.scrub("token my-gateway-token-42"));
        assertEquals("Secrets{known=1}", mine.toString());
    }

    @Test
    void keyShapedTextIsMaskedEvenUnregistered() {
        assertEquals("Incorrect API key provided: REDACTED, see the docs",
                Secrets.scrubShapes("Incorrect API key provided: sk-proj-AbCdEf0123456789xyz, see the docs"));
        assertEquals("Authorization: Bearer REDACTED", Secrets.scrubShapes("Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9"));
        assertEquals("{\"api_key\":\"REDACTED\",\"n\":1}", Secrets.scrubShapes("{\"api_key\":\"whatever-it-is\",\"n\":1}"));
        assertEquals("key REDACTED", Secrets.scrubShapes("key AIzaSyA1234567890abcdefghijklmn"));
        assertEquals("plain text with sk-short", Secrets.scrubShapes("plain text with sk-short"));
    }

    @Test
    void nullAndEmptyPassThroughAndMaskNeverShowsTheSecret() {
        assertNull(Secrets.scrubShapes(null));
        assertEquals("", Secrets.scrubShapes(""));
        assertEquals("REDACTED", Secrets.mask("sk-anything"));
        assertEquals("none", Secrets.mask(null));
    }
}
