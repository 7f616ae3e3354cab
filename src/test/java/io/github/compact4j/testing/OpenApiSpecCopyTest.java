package io.github.compact4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The tests read OpenAI's spec from a copy on the test class path, so they run from a plain clone.
 * Where the project's shared contracts folder sits beside the repository (as in CI), the copy must
 * match it byte for byte: the shared spec is the source of truth.
 */
class OpenApiSpecCopyTest {

    @Test
    void theCopyMatchesTheSharedContract() throws IOException {
        Path shared = Path.of("..", "shared", "contracts", "openai-openapi.yaml");
        assumeTrue(Files.isRegularFile(shared), "no shared contracts folder beside the repository");
        byte[] copy;
        try (InputStream in = OpenApiSpec.class.getResourceAsStream(OpenApiSpec.RESOURCE)) {
            copy = in.readAllBytes();
        }
        assertArrayEquals(Files.readAllBytes(shared), copy,
                "src/test/resources" + OpenApiSpec.RESOURCE + " differs from ../shared/contracts: copy the shared spec over it");
    }
}
