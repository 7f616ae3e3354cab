package io.github.compact4j.cli.logs;

import java.util.List;
import java.util.Locale;

/** logback's levels, lowest first; a filter on a level keeps it and every level above it. */
final class Levels {

    static final List<String> ORDER = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private Levels() {}

    /** @return the rank of a level name, or -1 for an unknown one */
    static int rank(String level) {
        if (level == null) {
            return -1;
        }
        switch (level) {
            case "TRACE": return 0;
            case "DEBUG": return 1;
            case "INFO": return 2;
            case "WARN": case "WARNING": return 3;
            case "ERROR": case "FATAL": return 4;
            default:
                String up = level.toUpperCase(Locale.ROOT);
                return up.equals(level) ? -1 : rank(up);
        }
    }
}
