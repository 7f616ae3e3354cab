package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.Turns;
import io.github.compact4j.tokens.TokenCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped corpus is what the issue asks for, valid for real endpoints, and what the generator writes. */
class CorpusTest {

    private static final Path DIR = Path.of("corpus");

    @Test
    void fiveLongConversationsOfDifferentShapesEachWithProbes() {
        List<CorpusConversation> corpus = Corpus.load(DIR);
        assertTrue(corpus.size() >= 5, "conversations: " + corpus.size());
        assertEquals(Set.of("coding-agent", "long-chat", "research-docs", "multi-agent", "compacted-once"),
                Set.copyOf(corpus.stream().map(CorpusConversation::name).toList()));
        assertEquals(corpus.size(), new HashSet<>(corpus.stream().map(CorpusConversation::shape).toList()).size());
        TokenCounter counter = TokenCounter.defaultCounter();
        for (CorpusConversation c : corpus) {
            assertTrue(counter.count(c.items()) >= 30_000, c.name() + ": " + counter.count(c.items()) + " tokens");
            assertTrue(c.probes().size() >= 5, c.name());
            Set<String> kinds = new HashSet<>();
            c.probes().forEach(p -> kinds.add(p.kind()));
            assertTrue(kinds.size() >= 3, c.name() + " probes several kinds of fact: " + kinds);
        }
    }

    @Test
    void everyProbedFactIsInItsConversation() {
        for (CorpusConversation c : Corpus.load(DIR)) {
            String text = TranscriptText.of(c.items());
            for (Probe p : c.probes()) {
                assertTrue(p.expected().stream().anyMatch(e -> Scoring.matches(text, e)), c.name() + "/" + p.id());
            }
        }
    }

    @Test
    void theConversationsAreValidInputForARealEndpoint() {
        for (CorpusConversation c : Corpus.load(DIR)) {
            assertEquals(List.of(), Turns.unpaired(c.items()), c.name() + ": every call has its result");
            for (int i = 0; i < c.items().size(); i++) {
                Item it = c.items().get(i);
                assertFalse(it instanceof Reasoning, c.name() + " item " + i + ": no made-up reasoning item");
                assertFalse(it.toJsonNode().has("id"), c.name() + " item " + i + ": no id of a response never stored");
            }
        }
    }

    @Test
    void theGeneratorWritesTheShippedFiles(@TempDir Path tmp) throws Exception {
        CorpusGenerator.main(new String[] {tmp.toString(),
            "../examples/src/main/resources/conversations/coding-agent.json"});
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path shipped : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Path generated = tmp.resolve(shipped.getFileName());
                assertTrue(Files.exists(generated), generated.toString());
                assertArrayEquals(Files.readAllBytes(shipped), Files.readAllBytes(generated), shipped.toString());
            }
        }
    }
}
