package io.github.compact4j.cli;

/**
 * A failure the tool reports as one line on stderr and an {@link ExitCode}, never as a stack
 * trace: the message names the file, the line or item, and what is wrong.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCode}
     * @param message one line: where and what
     */
    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of {@link ExitCode}
     * @param message one line: where and what
     * @param cause what the message was made from, kept for debugging
     */
    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }

    static CliException badInput(String message) {
        return new CliException(ExitCode.BAD_INPUT, message);
    }

    static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
