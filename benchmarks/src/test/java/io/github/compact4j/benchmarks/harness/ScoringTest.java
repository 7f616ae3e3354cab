package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringTest {

    private static Probe probe(String... expected) {
        return new Probe("p", "fact", "q?", List.of(expected), List.of());
    }

    @Test
    void anExactAnswerIsRight() {
        assertTrue(Scoring.correct(probe("OPS-2291"), "OPS-2291"));
        assertTrue(Scoring.correct(probe("Lloyd Warehouse"), "We signed with the Lloyd Warehouse in Rotterdam."));
    }

    @Test
    void caseQuotesAndPunctuationDoNotMatter() {
        assertTrue(Scoring.correct(probe("afterResult = result || user"), "It was `AFTERRESULT = RESULT || USER` on line 68"));
        assertTrue(Scoring.correct(probe("/var/lib/tidewater/wal"), "In var/lib/tidewater/wal, on a local disk."));
        assertTrue(Scoring.correct(probe("Groen & Zout"), "They booked \u201cGroen & Zout\u201d."));
        assertEquals("turns java", Scoring.normalise("Turns.java"));
    }

    @Test
    void matchesAreWholeWords() {
        assertFalse(Scoring.correct(probe("2.18.2"), "We pinned 2.18.20"));
        assertFalse(Scoring.correct(probe("LedgerCloser.java"), "MyLedgerCloser.java"));
        assertTrue(Scoring.correct(probe("LedgerCloser.java"), "the fix goes in LedgerCloser.java."));
    }

    @Test
    void numbersMatchByValue() {
        assertTrue(Scoring.correct(probe("48500"), "The total budget is \u20ac48,500."));
        assertTrue(Scoring.correct(probe("256"), "256.0 MiB"));
        assertTrue(Scoring.correct(probe("2"), "A quorum write needs two acknowledgements."));
        assertTrue(Scoring.correct(probe("1.8"), "at most 1.80 seconds"));
        assertTrue(Scoring.correct(probe("320"), "320"));
    }

    @Test
    void aDifferentNumberIsWrong() {
        assertFalse(Scoring.correct(probe("138"), "Turns.java has 1380 lines"));
        assertFalse(Scoring.correct(probe("138"), "about 13.8 lines"));
        assertFalse(Scoring.correct(probe("68"), "line 86"));
        assertFalse(Scoring.correct(probe("1.8"), "1.9 seconds"));
    }

    @Test
    void blankUnknownAndWrongAnswersAreWrong() {
        assertFalse(Scoring.correct(probe("6543"), null));
        assertFalse(Scoring.correct(probe("6543"), "   "));
        assertFalse(Scoring.correct(probe("6543"), "unknown"));
        assertFalse(Scoring.correct(probe("Pacific/Chatham"), "It fails under Pacific/Auckland."));
    }

    @Test
    void aRejectedValueMakesTheAnswerWrongEvenWithTheExpectedOne() {
        Probe p = new Probe("t", "decision", "When?", List.of("10:15"), List.of("09:30"));
        assertTrue(Scoring.correct(p, "It starts at 10:15."));
        assertFalse(Scoring.correct(p, "It starts at 09:30."));
        assertFalse(Scoring.correct(p, "It was 09:30, or maybe 10:15."));
    }

    @Test
    void anyExpectedAlternativeIsEnough() {
        Probe p = probe("Thursday 02:00 UTC", "2:00 UTC");
        assertTrue(Scoring.correct(p, "Thursday at 2:00 UTC"));
        assertFalse(Scoring.correct(p, "Friday at 3:00 UTC"));
    }

    @Test
    void aProbeNeedsAnExpectedAnswer() {
        assertThrows(IllegalArgumentException.class, () -> new Probe("x", "fact", "q", List.of(), List.of()));
    }
}
