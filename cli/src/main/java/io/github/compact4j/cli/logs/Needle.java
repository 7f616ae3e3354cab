package io.github.compact4j.cli.logs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A byte string to find in lines, with Horspool's skip table: at each try it compares the
 * window's last byte and, on a mismatch, jumps ahead by up to the needle's length. A 32-character
 * trace id is searched looking at about one byte in twenty of a log line.
 */
final class Needle {

    private final byte[] bytes;
    private final int[] skip = new int[256];

    Needle(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty needle");
        }
        int m = bytes.length;
        Arrays.fill(skip, m);
        for (int i = 0; i < m - 1; i++) {
            skip[bytes[i] & 0xff] = m - 1 - i;
        }
    }

    /** @return the index of the first occurrence in {@code b[from, to)}, or -1 */
    int indexIn(byte[] b, int from, int to) {
        int m = bytes.length;
        byte last = bytes[m - 1];
        int i = from;
        int end = to - m;
        while (i <= end) {
            byte c = b[i + m - 1];
            if (c == last) {
                int j = m - 2;
                while (j >= 0 && b[i + j] == bytes[j]) {
                    j--;
                }
                if (j < 0) {
                    return i;
                }
            }
            i += skip[c & 0xff];
        }
        return -1;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
