package io.github.compact4j.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a log line, an exception message or a
 * {@code toString()}. Not public API.
 *
 * <p>Two nets. Each HTTP client holds a {@code Secrets} of its own credentials (its API key and
 * the values of the extra headers it sends) and replaces them wherever they appear verbatim in
 * what it logs or reports; nothing is kept in a JVM-wide registry, so building clients never
 * grows a global set and one client's key is never compared against another's text. And
 * {@link #scrubShapes(String)} masks anything shaped like a well-known key or a bearer token,
 * even one no client was given (a key echoed back by a proxy, say); every exception message goes
 * through it.
 */
public final class Secrets {

    /** What a removed secret is replaced with. */
    public static final String REDACTED = "REDACTED";

    /** Knows no secret: scrubs by shape only. */
    public static final Secrets NONE = new Secrets(List.of());

    /** Values shorter than this are not treated as secrets: replacing them would mangle text. */
    static final int MIN_LENGTH = 6;

    // sk-… (OpenAI, Anthropic sk-ant-…, DeepSeek), gsk_… (Groq), xai-…, AIza… (Google), bearer tokens,
    // and key-ish JSON or header fields.
    private static final Pattern SHAPED = Pattern.compile(
            "(?i)(?<bearer>\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}"
                    + "|\\b(?:sk|gsk|xai|pk|rk)[-_][A-Za-z0-9._-]{12,}"
                    + "|\\bAIza[0-9A-Za-z_-]{20,}"
                    + "|(?<field>\"(?:api[_-]?key|x-api-key|authorization|access[_-]?token|secret)\"\\s*:\\s*\")[^\"]{4,}(?=\")");

    private final List<String> known;

    private Secrets(List<String> known) {
        this.known = known;
    }

    /**
     * @param secrets a client's credentials; nulls and values under 6 characters are ignored
     * @return a scrubber for them
     */
    public static Secrets of(Collection<String> secrets) {
        List<String> keep = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_LENGTH && !keep.contains(s)) {
                keep.add(s);
            }
        }
        return keep.isEmpty() ? NONE : new Secrets(List.copyOf(keep));
    }

    /**
     * @param text any text, may be null
     * @return the text with this client's secrets and every key-shaped secret replaced by
     *     {@link #REDACTED}
     */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : known) {
            if (out.contains(secret)) {
                out = out.replace(secret, REDACTED);
            }
        }
        return scrubShapes(out);
    }

    /**
     * @param text any text, may be null
     * @return the text with every key-shaped secret replaced by {@link #REDACTED}
     */
    public static String scrubShapes(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = SHAPED.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            String keep = m.group("bearer") != null ? m.group("bearer")
                    : m.group("field") != null ? m.group("field") : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(keep + REDACTED));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A display form of a secret for {@code toString()}: never the secret itself.
     *
     * @param secret the secret, may be null
     * @return {@code "REDACTED"} when set, {@code "none"} otherwise
     */
    public static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "none" : REDACTED;
    }

    /** Names how many secrets it holds, never one of them. */
    @Override
    public String toString() {
        return "Secrets{known=" + known.size() + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secrets s && known.equals(s.known);
    }

    @Override
    public int hashCode() {
        return Objects.hash(known);
    }
}
