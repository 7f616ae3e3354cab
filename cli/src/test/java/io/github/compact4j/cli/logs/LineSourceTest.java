package io.github.compact4j.cli.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines come out as a plain split would give them, whatever the block size and line lengths. */
class LineSourceTest {

    @TempDir
    Path dir;

    @Test
    void newlineAgreesWithAPlainSearch() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                // bytes next to '\n' in value, and high bytes, to trip a wrong bit trick
                b[i] = (byte) new int[] {'\n', '\u000b', '\t', 'a', 0x8a, 0x0a + 0x80, 0}[rnd.nextInt(7)];
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int expected = -1;
            for (int i = from; i < b.length; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, LineSource.newline(b, from, b.length));
        }
    }

    @Test
    void readsEveryLineAcrossBlocksAndGrowsForLongOnes() throws Exception {
        SplittableRandom rnd = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            String line = "line " + i + " " + "x".repeat(rnd.nextInt(i % 97 == 0 ? 3_000 : 120));
            lines.add(line);
            file.append(line).append(i % 13 == 0 ? "\r\n" : "\n");
        }
        file.append("unfinished");
        Path f = Files.writeString(dir.resolve("lines.txt"), file);
        List<String> read = new ArrayList<>();
        List<Boolean> terminated = new ArrayList<>();
        new LineSource(256, 10).read(f, (b, s, e, n, t) -> {
            assertEquals(read.size() + 1, n);
            read.add(new String(b, s, e - s, StandardCharsets.UTF_8));
            terminated.add(t);
        }, false, () -> true, p -> {});
        lines.add("unfinished");
        assertEquals(lines, read);
        assertEquals(Boolean.FALSE, terminated.get(terminated.size() - 1));
        assertEquals(Boolean.TRUE, terminated.get(0));
    }
}
