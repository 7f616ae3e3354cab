package io.github.compact4j.cli;

/**
 * The exit codes of every command, for scripts. {@code docs/cli.md} lists them too; change both
 * together.
 */
public final class ExitCode {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** {@code logs}: no line matched the filters, as with grep. */
    public static final int NO_MATCH = 1;
    /** The command line is wrong: an unknown option, a missing or malformed value. */
    public static final int USAGE = 2;
    /** An input file is missing, unreadable or malformed. */
    public static final int BAD_INPUT = 3;
    /** {@code compact}: the compaction failed; nothing was written. */
    public static final int COMPACTION_FAILED = 4;
    /** An output file could not be written. */
    public static final int CANNOT_WRITE = 5;
    /** A bug in the tool: the message and stack trace are worth a bug report. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCode() {}
}
