package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompactionPolicyTest {

    @Test
    void defaultsTriggerAt85PercentUnlessTheReserveIsTighter() {
        CompactionPolicy p = CompactionPolicy.defaults();
        assertEquals(170_000, p.triggerAt(200_000));
        assertEquals(32_768 - 8192, p.triggerAt(32_768), "a small window is bound by the reserve");
        assertTrue(p.shouldCompact(170_000, 200_000));
        assertFalse(p.shouldCompact(169_999, 200_000));
        assertEquals(100_000, p.targetAt(200_000));
    }

    @Test
    void anAbsoluteTriggerReplacesTheRatio() {
        CompactionPolicy p = CompactionPolicy.builder().triggerTokens(50_000).reserveTokens(0).build();
        assertEquals(50_000, p.triggerAt(1_000_000));
    }

    @Test
    void rejectsFiguresOutOfRangeNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompactionPolicy.builder().triggerRatio(1.5).build());
        assertTrue(e.getMessage().startsWith("triggerRatio"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompactionPolicy.builder().minSavingRatio(1).build());
        assertThrows(IllegalArgumentException.class, () -> CompactionPolicy.builder().reserveTokens(-1).build());
    }
}
