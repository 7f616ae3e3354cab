package io.github.compact4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Journals as versions of the library before it recorded each compaction's figures wrote them:
 * the same lines without {@code items_before}, {@code items_after}, {@code tokens_before} and
 * {@code tokens_after}, so the tool's fallbacks (the logs, or blanks) stay tested.
 */
final class OlderJournals {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OlderJournals() {}

    static Path withoutFigures(Path journal, Path dir) {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                ObjectNode node = (ObjectNode) JSON.readTree(line);
                node.remove(List.of("items_before", "items_after", "tokens_before", "tokens_after"));
                lines.add(JSON.writeValueAsString(node));
            }
            Path older = dir.resolve("older-" + journal.getFileName());
            Files.write(older, lines, StandardCharsets.UTF_8);
            return older;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
