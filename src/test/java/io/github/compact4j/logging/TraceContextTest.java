package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** W3C id validation and generation. */
class TraceContextTest {

    private static final Pattern W3C_TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    @Provide
    Arbitrary<String> candidates() {
        // mostly near-misses: the right alphabet plus upper case and one non-hex letter, lengths around 32
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdefABCDEFg").ofMinLength(30).ofMaxLength(34),
                hex32(), Arbitraries.just("0".repeat(32)), Arbitraries.just("0".repeat(31) + "1"));
    }

    @Property
    void validation_matches_the_w3c_definition(@ForAll("candidates") String id) {
        boolean expected = W3C_TRACE_ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '0');
        assertEquals(expected, TraceContext.isValidTraceId(id), id);
    }

    @Property
    void lowercase_hex_of_the_right_length_is_accepted(@ForAll("hex32") String id) {
        assertEquals(!id.equals("0".repeat(32)), TraceContext.isValidTraceId(id), id);
    }

    @Provide
    Arbitrary<String> hex32() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
    }

    @Test
    void rejects_what_is_not_an_id() {
        assertFalse(TraceContext.isValidTraceId(null));
        assertFalse(TraceContext.isValidTraceId(""));
        assertFalse(TraceContext.isValidTraceId("0".repeat(32)));
        assertFalse(TraceContext.isValidTraceId("4BF92F3577B34DA6A3CE929D0E0E4736"), "upper case");
        assertFalse(TraceContext.isValidTraceId("4bf92f3577b34da6a3ce929d0e0e473"), "31 characters");
        assertFalse(TraceContext.isValidTraceId("4bf92f3577b34da6a3ce929d0e0e4736-"), "33 characters");
        assertFalse(TraceContext.isValidTraceId("4bf92f3577b34da6a3ce929d0e0e473g"));
        assertTrue(TraceContext.isValidTraceId("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertTrue(TraceContext.isValidTraceId("0".repeat(31) + "1"));
    }

    @Test
    void the_constructor_names_the_bad_id() {
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> new TraceContext("nope", "00f067aa0ba902b7"));
        assertTrue(t.getMessage().contains("traceId") && t.getMessage().contains("'nope'"), t.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "0".repeat(16)));
        assertTrue(s.getMessage().contains("spanId"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", null));
        assertThrows(IllegalArgumentException.class,
                () -> new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00F067AA0BA902B7"));
    }

    @Test
    void generated_ids_are_valid_and_distinct() {
        Set<String> traces = new HashSet<>();
        Set<String> spans = new HashSet<>();
        int[] digitCounts = new int[16];
        for (int i = 0; i < 20_000; i++) {
            TraceContext c = TraceContext.of(null);
            assertTrue(TraceContext.isValidTraceId(c.traceId()), c.traceId());
            assertEquals(16, c.spanId().length());
            traces.add(c.traceId());
            spans.add(c.spanId());
            for (char ch : c.traceId().toCharArray()) {
                digitCounts[Character.digit(ch, 16)]++;
            }
        }
        assertEquals(20_000, traces.size());
        assertEquals(20_000, spans.size());
        // every hex digit shows up at about 1/16 of the 640,000 characters (40,000 each)
        for (int d = 0; d < 16; d++) {
            assertTrue(digitCounts[d] > 38_000 && digitCounts[d] < 42_000, "digit " + d + ": " + digitCounts[d]);
        }
    }

    @Test
    void a_given_trace_id_is_kept_with_a_fresh_span() {
        TraceContext a = TraceContext.of("4bf92f3577b34da6a3ce929d0e0e4736");
        TraceContext b = TraceContext.of("4bf92f3577b34da6a3ce929d0e0e4736");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", a.traceId());
        assertFalse(a.spanId().equals(b.spanId()));
    }
}
