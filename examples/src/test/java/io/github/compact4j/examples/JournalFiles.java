package io.github.compact4j.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Checks on the journal files an example wrote. */
final class JournalFiles {

    private JournalFiles() {}

    /**
     * The example closed its journal: a JSON-lines journal holds a lock on {@code <file>.lock}
     * from its first append until it is closed, so taking that lock here fails while it is open.
     */
    static void assertReleased(Path journal) throws IOException {
        Path lock = journal.resolveSibling(journal.getFileName() + ".lock");
        assertTrue(Files.exists(lock), "the journal was written: " + lock);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                FileLock taken = channel.tryLock()) {
            assertNotNull(taken, "another process holds " + lock);
        } catch (OverlappingFileLockException e) {
            fail("the example left its journal " + journal + " open");
        }
    }
}
