package io.github.compact4j.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Locale;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The INFO line's {@code saved_pct} without {@code String.format}, checked against it. */
class PercentFormatTest {

    @Property
    void agrees_with_String_format_away_from_ties(@ForAll @DoubleRange(min = -5, max = 5) double ratio) {
        double tenths = Math.abs(ratio * 1000);
        // at an exact .x5 the two may round differently (binary product vs decimal expansion)
        Assume.that(Math.abs(tenths - Math.floor(tenths) - 0.5) > 1e-6);
        String expected = String.format(Locale.ROOT, "%.1f", ratio * 100);
        String actual = Tracing.percent(ratio);
        assertEquals(new BigDecimal(expected).compareTo(new BigDecimal(actual)), 0, ratio + ": " + actual);
        assertTrue(actual.matches("-?\\d+\\.\\d"), actual);
    }

    @Property
    void token_counts_give_what_the_message_says(@ForAll @IntRange(min = 1, max = 2_000_000) int before,
            @ForAll @IntRange(min = 0, max = 2_000_000) int after) {
        double ratio = (double) (before - after) / before;
        String actual = Tracing.percent(ratio);
        double shown = Double.parseDouble(actual);
        assertTrue(Math.abs(shown - ratio * 100) <= 0.05 + 1e-9, before + " -> " + after + ": " + actual);
    }

    @Test
    void examples() {
        assertEquals("83.3", Tracing.percent(50.0 / 60));
        assertEquals("0.0", Tracing.percent(0));
        assertEquals("100.0", Tracing.percent(1));
        assertEquals("-25.0", Tracing.percent(-0.25));
        assertEquals("0.0", Tracing.percent(-0.00001));   // no "-0.0"
        assertEquals("9.9", Tracing.percent(0.0994));
        assertEquals("10.0", Tracing.percent(0.0996));
        assertEquals("NaN", Tracing.percent(Double.NaN));
    }
}
