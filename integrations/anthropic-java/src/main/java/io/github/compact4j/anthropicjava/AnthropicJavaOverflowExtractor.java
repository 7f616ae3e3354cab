package io.github.compact4j.anthropicjava;

import com.anthropic.errors.AnthropicServiceException;
import io.github.compact4j.errors.ContextOverflow;
import java.util.Optional;

/**
 * Lets {@link ContextOverflow#detect(Throwable)} read anthropic-java's service exceptions: their
 * HTTP status and their error body ({@code error.type}, {@code error.message},
 * {@code error.details.error_code}). Registered through {@link java.util.ServiceLoader}; apps
 * never call it.
 *
 * <pre>{@code
 * } catch (AnthropicServiceException e) {
 *     ContextOverflow.detect(e).ifPresent(overflow -> ...);   // "prompt is too long: 215000 tokens > 200000 maximum"
 * }
 * }</pre>
 *
 * <p>It is harmless without anthropic-java on the class path: it then recognises nothing.
 */
public final class AnthropicJavaOverflowExtractor implements ContextOverflow.Extractor {

    private final boolean sdkPresent;

    /** Looks for anthropic-java once; {@link java.util.ServiceLoader} calls it. */
    public AnthropicJavaOverflowExtractor() {
        this.sdkPresent = present("com.anthropic.errors.AnthropicServiceException");
    }

    @Override
    public Optional<ContextOverflow.HttpFailure> extract(Throwable failure) {
        return sdkPresent ? Sdk.extract(failure) : Optional.empty();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, AnthropicJavaOverflowExtractor.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches the SDK's classes, so it is loaded only when they are there. */
    private static final class Sdk {
        static Optional<ContextOverflow.HttpFailure> extract(Throwable failure) {
            if (!(failure instanceof AnthropicServiceException e)) {
                return Optional.empty();
            }
            String body;
            try {
                body = MessagesJson.mapper().writeValueAsString(e.body());
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
