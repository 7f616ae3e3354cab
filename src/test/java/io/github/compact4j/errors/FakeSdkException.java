package io.github.compact4j.errors;

import java.util.Optional;

/**
 * Stands for an SDK's exception whose message does not carry the error body (as openai-java's and
 * anthropic-java's do not): only an {@link ContextOverflow.Extractor} registered for its type can
 * read its status and body. Its extractor is registered for the tests in
 * {@code META-INF/services/io.github.compact4j.errors.ContextOverflow$Extractor}.
 */
final class FakeSdkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String body;

    FakeSdkException(int status, String body) {
        super("request failed (" + status + ")");
        this.status = status;
        this.body = body;
    }

    /** The extractor the ServiceLoader finds. */
    public static final class Extractor implements ContextOverflow.Extractor {
        @Override
        public Optional<ContextOverflow.HttpFailure> extract(Throwable failure) {
            return failure instanceof FakeSdkException f ? Optional.of(new ContextOverflow.HttpFailure(f.status, f.body))
                    : Optional.empty();
        }
    }
}
