package io.github.compact4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every program of the examples package, a class with {@code public static void main(String[])},
 * has a test named after it and a row in the README's examples table: a new example without them
 * fails the build.
 */
class EveryExampleIsTestedTest {

    private static final String PACKAGE = MaskingExample.class.getPackageName();

    /** The compiled classes of the package, where MaskingExample was loaded from, with a main method. */
    static List<Class<?>> programs() throws Exception {
        Path classes = Path.of(MaskingExample.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(PACKAGE.replace('.', '/'));
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(".class") && !file.contains("$")) {
                    Class<?> c = Class.forName(PACKAGE + "." + file.substring(0, file.length() - ".class".length()));
                    if (hasMain(c)) {
                        found.add(c);
                    }
                }
            }
        }
        return found;
    }

    private static boolean hasMain(Class<?> c) {
        try {
            Method main = c.getDeclaredMethod("main", String[].class);
            int m = main.getModifiers();
            return Modifier.isPublic(m) && Modifier.isStatic(m) && main.getReturnType() == void.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Test
    void theScanFindsThePrograms() throws Exception {
        List<Class<?>> programs = programs();
        assertTrue(programs.contains(MaskingExample.class), "the scan finds the default example: " + programs);
        assertTrue(programs.stream().noneMatch(c -> c == StandInServer.class || c == ResultTable.class),
                "helpers without a main are not programs: " + programs);
    }

    @Test
    void everyProgramHasATestNamedAfterIt() throws Exception {
        List<String> untested = new ArrayList<>();
        for (Class<?> program : programs()) {
            try {
                Class.forName(program.getName() + "Test");
            } catch (ClassNotFoundException e) {
                untested.add(program.getSimpleName());
            }
        }
        assertEquals(List.of(), untested, "examples with a main but no <Name>Test that runs it offline");
    }

    @Test
    void everyProgramHasARowInTheReadme() throws Exception {
        String readme = readme();
        List<String> unlisted = new ArrayList<>();
        for (Class<?> program : programs()) {
            if (!readme.contains("| `" + program.getSimpleName() + "`")) {
                unlisted.add(program.getSimpleName());
            }
        }
        assertEquals(List.of(), unlisted, "examples missing from the README's examples table");
    }

    private static String readme() throws IOException {
        // the tests run in examples/, the README is the repository's
        return Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }
}
