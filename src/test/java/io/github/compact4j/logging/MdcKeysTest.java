package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MdcKeysTest {

    @Test
    void defaultsPrefixEveryField() {
        MdcKeys k = MdcKeys.defaults();
        assertEquals("compact4j.trace_id", k.key("trace_id"));
        assertEquals("compact4j.agent_id", k.key("agent_id"));
        assertEquals("compact4j.name", k.key("name"));
    }

    @Test
    void prefixRenameAndOmit() {
        MdcKeys k = MdcKeys.builder().prefix("").rename("trace_id", "traceId").omit("span_id").build();
        assertEquals("traceId", k.key("trace_id"));
        assertEquals("agent_id", k.key("agent_id"));
        assertNull(k.key("span_id"));
        assertNull(k.key("span_id"), "memoised omission stays omitted");
        assertEquals(k, MdcKeys.builder().prefix("").omit("span_id").rename("trace_id", "traceId").build());
    }

    @Test
    void badNamesAreRejectedWithTheName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MdcKeys.builder().rename("agent_id", "has space"));
        assertTrue(e.getMessage().contains("'has space'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MdcKeys.builder().prefix("a b"));
        assertThrows(IllegalArgumentException.class, () -> MdcKeys.builder().omit("trace_id"));
    }

    @Test
    void keysBelongToTheirCompactorNotToTheJvm() {
        TestCompactors.KeepLast one = new TestCompactors.KeepLast("one");
        TestCompactors.KeepLast two = new TestCompactors.KeepLast("two");
        TestCompactors.KeepLast plain = new TestCompactors.KeepLast("plain");
        TracingCompactor.builder(one).mdcKeys(MdcKeys.builder().prefix("one.").build()).build()
                .compact(TestCompactors.request(2).build());
        TracingCompactor.builder(two).mdcKeys(MdcKeys.builder().prefix("two.").build()).build()
                .compact(TestCompactors.request(2).build());
        plain.compact(TestCompactors.request(2).build());
        assertTrue(one.mdcSeen.get(0).containsKey("one.trace_id"), one.mdcSeen.toString());
        assertFalse(one.mdcSeen.get(0).containsKey("two.trace_id"), one.mdcSeen.toString());
        assertTrue(two.mdcSeen.get(0).containsKey("two.trace_id"), two.mdcSeen.toString());
        assertFalse(two.mdcSeen.get(0).containsKey("compact4j.trace_id"), two.mdcSeen.toString());
        // the first compactor's keys fixed nothing: one without keys of its own still uses the defaults
        assertTrue(plain.mdcSeen.get(0).containsKey("compact4j.trace_id"), plain.mdcSeen.toString());
        assertSame(MdcKeys.defaults(), LogContext.open().keys());
    }
}
