package io.github.compact4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** An example's stdout and stderr, kept in memory, and the lines of them a test reads. */
final class Printed {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** The lines of stdout that match {@code regex} whole, each as its matcher. */
    List<Matcher> lines(String regex) {
        Pattern p = Pattern.compile(regex);
        return out().lines().map(p::matcher).filter(Matcher::matches).collect(Collectors.toList());
    }

    /** The one line of stdout that matches {@code regex} whole; fails, showing the output, when there is not exactly one. */
    Matcher line(String regex) {
        List<Matcher> found = lines(regex);
        assertEquals(1, found.size(), () -> "lines matching " + regex + " in:\n" + out());
        return found.get(0);
    }

    /** A figure as the examples print it, {@code 143,313}. */
    static long number(String printed) {
        return Long.parseLong(printed.replace(",", ""));
    }
}
