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

    @Test
    void readsFromPropertiesAndEnvironmentAndNamesTheBadKey() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("compact4j.policy.trigger-ratio", "0.8");
        props.setProperty("compact4j.policy.reserve-tokens", "16_000");
        CompactionPolicy p = CompactionPolicy.fromProperties(props);
        assertEquals(0.8, p.triggerRatio());
        assertEquals(16_000, p.reserveTokens());
        assertEquals(0.5, p.targetRatio(), "unset keys keep their defaults");

        CompactionPolicy e = CompactionPolicy.fromEnvironment(java.util.Map.of("COMPACT4J_POLICY_TRIGGER_TOKENS", "90000"));
        assertEquals(90_000, e.triggerTokens());

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CompactionPolicy.fromEnvironment(java.util.Map.of("COMPACT4J_POLICY_TRIGGER_RATIO", "eighty")));
        assertEquals("COMPACT4J_POLICY_TRIGGER_RATIO must be a number, got 'eighty'", bad.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> CompactionPolicy.fromProperties(props("compact4j.policy.trigger-ratio", "2")));
        assertTrue(range.getMessage().contains("triggerRatio must be in (0, 1]"), range.getMessage());
    }

    private static java.util.Properties props(String k, String v) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty(k, v);
        return p;
    }
}
