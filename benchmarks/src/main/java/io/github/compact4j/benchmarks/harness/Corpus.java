package io.github.compact4j.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the corpus: for every {@code <name>.probes.json} in a directory, the conversation
 * {@code <name>.json} (a JSON array of Responses items) and its probes.
 *
 * <p>A probes file: {@code {"shape": "...", "description": "...", "probes": [{"id", "kind",
 * "question", "expected": [...], "reject": [...]}]}}.
 */
public final class Corpus {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PROBES_SUFFIX = ".probes.json";

    private Corpus() {}

    /**
     * @param dir the corpus directory, e.g. {@code benchmarks/corpus}
     * @return its conversations, by name
     * @throws IllegalArgumentException when the directory holds no conversation
     */
    public static List<CorpusConversation> load(Path dir) {
        List<Path> probeFiles;
        try (Stream<Path> s = Files.list(dir)) {
            probeFiles = s.filter(p -> p.getFileName().toString().endsWith(PROBES_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the corpus directory " + dir, e);
        }
        if (probeFiles.isEmpty()) {
            throw new IllegalArgumentException("no *" + PROBES_SUFFIX + " file in " + dir.toAbsolutePath());
        }
        List<CorpusConversation> out = new ArrayList<>();
        for (Path p : probeFiles) {
            String file = p.getFileName().toString();
            String name = file.substring(0, file.length() - PROBES_SUFFIX.length());
            out.add(read(name, dir.resolve(name + ".json"), p));
        }
        return List.copyOf(out);
    }

    static CorpusConversation read(String name, Path itemsFile, Path probesFile) {
        try {
            List<Item> items;
            try (var in = Files.newInputStream(itemsFile)) {
                items = ResponsesItems.fromJson(in);
            }
            JsonNode meta = MAPPER.readTree(probesFile.toFile());
            List<Probe> probes = new ArrayList<>();
            for (JsonNode p : meta.path("probes")) {
                probes.add(new Probe(p.path("id").asText(), p.path("kind").asText(null), p.path("question").asText(),
                        strings(p.path("expected")), strings(p.path("reject"))));
            }
            return new CorpusConversation(name, meta.path("shape").asText(name), meta.path("description").asText(""),
                    items, probes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus conversation " + name + " (" + itemsFile + ")", e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
