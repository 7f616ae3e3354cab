package io.github.compact4j.openaijava;

import com.openai.errors.OpenAIServiceException;
import io.github.compact4j.errors.ContextOverflow;
import java.util.Optional;

/**
 * Lets {@link ContextOverflow#detect(Throwable)} read openai-java's service exceptions: their
 * HTTP status and their error object ({@code message}, {@code type}, {@code param},
 * {@code code}), which the exception's message only partly carries. Registered through
 * {@link java.util.ServiceLoader}; apps never call it.
 *
 * <pre>{@code
 * } catch (OpenAIServiceException e) {
 *     ContextOverflow.detect(e).ifPresent(overflow -> ...);   // e.g. code context_length_exceeded
 * }
 * }</pre>
 *
 * <p>It is harmless without openai-java on the class path: it then recognises nothing.
 */
public final class OpenAiJavaOverflowExtractor implements ContextOverflow.Extractor {

    private final boolean sdkPresent;

    /** Looks for openai-java once; {@link java.util.ServiceLoader} calls it. */
    public OpenAiJavaOverflowExtractor() {
        this.sdkPresent = present("com.openai.errors.OpenAIServiceException");
    }

    @Override
    public Optional<ContextOverflow.HttpFailure> extract(Throwable failure) {
        return sdkPresent ? Sdk.extract(failure) : Optional.empty();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, OpenAiJavaOverflowExtractor.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches the SDK's classes, so it is loaded only when they are there. */
    private static final class Sdk {
        static Optional<ContextOverflow.HttpFailure> extract(Throwable failure) {
            if (!(failure instanceof OpenAIServiceException e)) {
                return Optional.empty();
            }
            String body;
            try {
                // the error object: its code and type say "context window" where the message may not
                body = OpenAiJavaItems.mapper().writeValueAsString(e.body());
            } catch (Exception unreadable) {
                body = "";
            }
            if (body.isBlank() || "null".equals(body) || "{}".equals(body)) {
                body = String.valueOf(e.getMessage());
            }
            return Optional.of(new ContextOverflow.HttpFailure(e.statusCode(), body));
        }
    }
}
