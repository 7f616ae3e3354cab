package io.github.compact4j.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import okhttp3.Headers;

/**
 * Checks the headers a client builder is given, before OkHttp sees them: OkHttp's own message for
 * a bad value echoes the value, and a header value is often a credential, so these errors say
 * where the bad character is instead.
 */
public final class HeaderChecks {

    /** Headers every client sets itself and a caller may not set. */
    public static final Set<String> RESERVED = Set.of("authorization", "api-key", "x-api-key",
            "x-client-request-id", "content-type", "content-length",
            "transfer-encoding", "host");

    private HeaderChecks() {}

    /**
     * @param more further header names a client sets itself, e.g. {@code x-api-key}
     * @return {@link #RESERVED} and those, lower-cased
     */
    public static Set<String> reserved(String... more) {
        Set<String> all = new HashSet<>(RESERVED);
        for (String name : List.of(more)) {
            all.add(name.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(all);
    }

    /**
     * Checks an extra header a caller asked for.
     *
     * @param name the header name
     * @param value its value
     * @param reserved lower-cased names the client sets itself
     * @param keyHeaders lower-cased names that carry the API key, for a hint to use {@code apiKey(...)}
     * @throws IllegalArgumentException when the name is reserved or invalid, or the value has a
     *     character HTTP headers cannot carry
     */
    public static void checkExtra(String name, String value, Set<String> reserved, Set<String> keyHeaders) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        String lower = name.toLowerCase(Locale.ROOT);
        if (reserved.contains(lower)) {
            throw new IllegalArgumentException("header '" + name + "' is set by the client itself"
                    + (keyHeaders.contains(lower) ? "; pass the key with apiKey(...)" : ""));
        }
        try {
            new Headers.Builder().add(name, "x");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name", e);
        }
        checkValue(name, value);
    }

    /**
     * @param name the header name, for the message
     * @param value a value about to go into that header
     * @throws IllegalArgumentException when it has a character HTTP headers cannot carry
     */
    public static void checkValue(String name, String value) {
        int bad = badChar(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("the value of header '" + name + "' has a character HTTP headers"
                    + " cannot carry at position " + bad);
        }
    }

    /**
     * @param key an API key about to go into a header
     * @throws IllegalArgumentException when it has a space, a line break or a non-ASCII character
     *     (a key pasted with its surroundings, usually)
     */
    public static void checkApiKey(String key) {
        int bad = badChar(key);
        if (bad < 0) {
            bad = key.indexOf(' ');
        }
        if (bad >= 0) {
            throw new IllegalArgumentException("the API key has a character HTTP headers cannot carry at position "
                    + bad + " (a space, a line break or a non-ASCII character)");
        }
    }

    /** @return the index of the first character OkHttp refuses in a header value, or -1 */
    static int badChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c >= 0x7f) {
                return i;
            }
        }
        return -1;
    }
}
