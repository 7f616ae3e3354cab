package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void keysAreSetOncePerJvm() {
        // whichever came first (an install or a compaction in another test), the keys are fixed now
        MdcKeys inForce = MdcKeys.current();
        assertSame(inForce, MdcKeys.current());
        MdcKeys.install(inForce); // the same keys again: allowed, no change
        MdcKeys other = MdcKeys.builder().prefix(inForce.prefix() + "x.").build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MdcKeys.install(other));
        assertTrue(e.getMessage().contains("before the first compaction"), e.getMessage());
        assertSame(inForce, MdcKeys.current());
    }
}
