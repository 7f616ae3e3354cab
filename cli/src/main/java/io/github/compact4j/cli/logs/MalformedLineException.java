package io.github.compact4j.cli.logs;

/** A line that looks like a log line but cannot be read; the message says why, without the place. */
final class MalformedLineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedLineException(String problem) {
        super(problem, null, false, false);
    }
}
