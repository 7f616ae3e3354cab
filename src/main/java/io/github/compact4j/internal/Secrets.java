package io.github.compact4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it reaches a log line, an exception message or a
 * {@code toString()}. Not public API.
 *
 * <p>Two nets: every API key a client of this library was built with is registered here and
 * replaced wherever it appears verbatim; and anything shaped like a well-known key or a bearer
 * token is masked even if it was never registered (a key echoed back by a proxy, say).
 */
public final class Secrets {

    /** What a removed secret is replaced with. */
    public static final String REDACTED = "REDACTED";

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    // sk-… (OpenAI, Anthropic sk-ant-…, DeepSeek), gsk_… (Groq), xai-…, AIza… (Google), bearer tokens,
    // and key-ish JSON or header fields.
    private static final Pattern SHAPED = Pattern.compile(
            "(?i)(?<bearer>\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}"
                    + "|\\b(?:sk|gsk|xai|pk|rk)[-_][A-Za-z0-9._-]{12,}"
                    + "|\\bAIza[0-9A-Za-z_-]{20,}"
                    + "|(?<field>\"(?:api[_-]?key|x-api-key|authorization|access[_-]?token|secret)\"\\s*:\\s*\")[^\"]{4,}(?=\")");

    private Secrets() {}

    /**
     * Remembers {@code secret} so it is scrubbed from all text from now on.
     *
     * @param secret an API key or token; null and very short values are ignored
     */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 6) {
            KNOWN.add(secret);
        }
    }

    /**
     * @param text any text, may be null
     * @return the text with every known or key-shaped secret replaced by {@link #REDACTED}
     */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : KNOWN) {
            if (out.contains(secret)) {
                out = out.replace(secret, REDACTED);
            }
        }
        Matcher m = SHAPED.matcher(out);
        if (!m.find()) {
            return out;
        }
        StringBuilder sb = new StringBuilder(out.length());
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
}
