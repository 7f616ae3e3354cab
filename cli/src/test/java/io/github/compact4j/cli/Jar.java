package io.github.compact4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged tool as users do: {@code java -jar compact4j-cli.jar ...}, in its own process. */
final class Jar {

    static final Path JAR = Path.of(System.getProperty("compact4j.cli.jar", "target/compact4j-cli.jar"));
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private Jar() {}

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the tool with no API key in its environment; stdout and stderr go to files. */
    static ProcessBuilder builder(Path workDir, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests with mvn verify, which packages it first");
        }
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.endsWith("_API_KEY") || k.endsWith("_BASE_URL"));
        return pb;
    }

    static Cli.Result run(Path workDir, String... args) {
        try {
            Path out = Files.createTempFile(workDir, "stdout", ".txt");
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            Process p = builder(workDir, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            // a liveness guard only: the tool answers in seconds; a hang should fail, not block the build
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("java -jar " + String.join(" ", args) + " did not finish");
            }
            return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
