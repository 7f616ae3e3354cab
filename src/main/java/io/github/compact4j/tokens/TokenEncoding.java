package io.github.compact4j.tokens;

import java.util.Locale;
import java.util.Optional;

/**
 * The byte-pair encodings a {@link TokenCounter} can count with. Only OpenAI publishes its
 * tokenizers, so these are OpenAI's; every other provider's models are counted with
 * {@link #O200K_BASE} as an estimate.
 */
public enum TokenEncoding {

    /** The encoding of GPT-4o, GPT-4.1, GPT-5, the o-series and gpt-oss; the default for every model. */
    O200K_BASE("o200k_base"),

    /** The encoding of GPT-4 (before 4o), GPT-4 Turbo and GPT-3.5 Turbo. */
    CL100K_BASE("cl100k_base");

    private final String encodingName;

    TokenEncoding(String encodingName) {
        this.encodingName = encodingName;
    }

    /** @return the encoding's usual name, e.g. {@code "o200k_base"} */
    public String encodingName() {
        return encodingName;
    }

    /**
     * @param name an encoding name such as {@code "o200k_base"} or {@code "CL100K_BASE"}
     * @return the encoding with that name, when there is one
     */
    public static Optional<TokenEncoding> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (TokenEncoding e : values()) {
            if (e.encodingName.equals(n)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
