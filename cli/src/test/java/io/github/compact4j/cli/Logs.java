package io.github.compact4j.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.status.Status;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Writes real logs: configures logback from a configuration file with Joran, as an app's
 * logback.xml would be, runs some code, and puts the test's own logging back. The shipped
 * configurations write to the console, so standard output is sent to the log file meanwhile.
 */
final class Logs {

    /** The repository's root, where docs/logging/ is. */
    static final Path REPO = Path.of(System.getProperty("compact4j.repo", ".."));

    static Path shipped(String name) {
        return REPO.resolve("docs").resolve("logging").resolve(name);
    }

    private Logs() {}

    /**
     * Runs {@code body} with logback configured from {@code config}; console output and the
     * {@code LOG_FILE} property both go to {@code logFile} (appended).
     */
    static void writeWhile(Path config, Path logFile, Runnable body) {
        PrintStream realOut = System.out;
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        try (PrintStream file = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8)) {
            System.setOut(file);
            ctx.reset();
            ctx.putProperty("LOG_FILE", logFile.toString());
            long since = System.currentTimeMillis();
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(ctx);
            joran.doConfigure(config.toFile());
            List<Status> problems = ctx.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getTimestamp() >= since && s.getEffectiveLevel() >= Status.WARN).collect(Collectors.toList());
            if (!problems.isEmpty()) {
                throw new AssertionError(config + " has configuration problems: " + problems);
            }
            body.run();
            ctx.stop(); // flushes and closes file appenders
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(realOut);
            MDC.clear();
            ctx.reset();
            try {
                new ContextInitializer(ctx).autoConfig();
            } catch (ch.qos.logback.core.joran.spi.JoranException e) {
                throw new AssertionError(e);
            }
            if (!ctx.isStarted()) {
                ctx.start();
            }
        }
    }

    static Map<String, String> noEnv() {
        return Map.of();
    }
}
