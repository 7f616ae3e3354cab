package io.github.compact4j.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace and span ids: validation and generation. Not public API; the public face is
 * the logging layer's {@code TraceContext}. It lives at the bottom so that the request,
 * the exceptions and the OpenTelemetry lookup can check an id without depending on the logging
 * layer.
 */
public final class TraceIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceIds() {}

    /**
     * @param id the candidate, may be null
     * @return true for 32 lowercase hex characters that are not all zero
     */
    public static boolean isValidTraceId(String id) {
        return isNonZeroLowerHex(id, 32);
    }

    /**
     * @param id the candidate, may be null
     * @return true for 16 lowercase hex characters that are not all zero
     */
    public static boolean isValidSpanId(String id) {
        return isNonZeroLowerHex(id, 16);
    }

    /** One pass, no regex: this runs on every call. */
    private static boolean isNonZeroLowerHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= '1' && c <= '9' || c >= 'a' && c <= 'f') {
                nonZero = true;
            } else if (c != '0') {
                return false;
            }
        }
        return nonZero;
    }

    /** @return a new random trace id */
    public static String newTraceId() {
        return randomHex(16);
    }

    /** @return a new random span id */
    public static String newSpanId() {
        return randomHex(8);
    }

    /**
     * {@code bytes} random bytes as lowercase hex, never all zero. Trace ids need to be unique,
     * not unpredictable (they are logged and sent as headers), so this uses
     * {@link ThreadLocalRandom}, as OpenTelemetry's default id generator does, rather than a
     * {@code SecureRandom}, which threads making calls at once would contend for.
     */
    private static String randomHex(int bytes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] hex = new char[bytes * 2];
        long bits;
        do {
            bits = 0;
            for (int i = 0; i < hex.length; i += 16) {
                long r = random.nextLong();
                bits |= r;
                for (int j = 0; j < 16 && i + j < hex.length; j++) {
                    hex[i + j] = HEX[(int) (r >>> (60 - 4 * j)) & 0xf];
                }
            }
        } while (bits == 0);
        return new String(hex);
    }
}
