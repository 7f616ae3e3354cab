package io.github.compact4j.cli.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The skip search finds what a plain search finds, at the same place, in any slice. */
class NeedleTest {

    @Test
    void agreesWithStringIndexOfOnRandomText() {
        SplittableRandom rnd = new SplittableRandom(7);
        String alphabet = "ab_7\"";
        for (int round = 0; round < 20_000; round++) {
            String hay = random(rnd, alphabet, rnd.nextInt(60));
            String needle = random(rnd, alphabet, 1 + rnd.nextInt(5));
            byte[] b = ("xx" + hay + "yy").getBytes(StandardCharsets.US_ASCII);
            int expected = hay.indexOf(needle);
            int found = new Needle(needle).indexIn(b, 2, 2 + hay.length());
            assertEquals(expected < 0 ? -1 : expected + 2, found, () -> "'" + needle + "' in '" + hay + "'");
        }
    }

    @Test
    void findsATraceIdInALogLine() {
        String line = "{\"timestamp\":1796314381497,\"level\":\"INFO\",\"mdc\": {\"compact4j.trace_id\":"
                + "\"5dde50b1d15c54fb001283ed70774008\"},\"formattedMessage\":\"compaction succeeded\"}";
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        assertEquals(line.indexOf("5dde50b1"), new Needle("5dde50b1d15c54fb001283ed70774008").indexIn(b, 0, b.length));
        assertEquals(-1, new Needle("5dde50b1d15c54fb001283ed70774009").indexIn(b, 0, b.length));
        assertEquals(-1, new Needle("\"WARN\"").indexIn(b, 0, b.length));
    }

    private static String random(SplittableRandom rnd, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
