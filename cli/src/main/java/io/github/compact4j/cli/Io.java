package io.github.compact4j.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Where a run of the tool writes and what environment it sees. Passed in rather than read from
 * {@link System} so that tests run the commands in-process with their own streams and API keys.
 */
public final class Io {

    private final OutputStream stdout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;

    /**
     * @param stdout where results go; text and raw bytes (the {@code logs --json} lines) both go here
     * @param stderr where warnings and errors go
     * @param env the environment (API keys, base URLs)
     */
    public Io(OutputStream stdout, OutputStream stderr, Map<String, String> env) {
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
        this.err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        this.env = Map.copyOf(env);
    }

    /** @return the process's own streams and environment */
    public static Io system() {
        return new Io(System.out, System.err, System.getenv());
    }

    /** @return standard output as text; flush it before writing raw bytes to {@link #stdout()} */
    public PrintWriter out() {
        return out;
    }

    /** @return standard output as bytes */
    public OutputStream stdout() {
        out.flush();
        return stdout;
    }

    /** @return standard error, flushed on every line */
    public PrintWriter err() {
        return err;
    }

    /** @return the environment */
    public Map<String, String> env() {
        return env;
    }

    /** Prints a warning line, {@code compact4j: warning: ...}. */
    void warn(String message) {
        err.println("compact4j: warning: " + message);
    }
}
