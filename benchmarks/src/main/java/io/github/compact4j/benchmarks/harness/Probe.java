package io.github.compact4j.benchmarks.harness;

import java.util.List;
import java.util.Objects;

/**
 * One quality probe of a corpus conversation: a fact stated in the conversation, asked back after
 * compaction. The answer is right when it contains one of {@code expected} and none of
 * {@code reject} (see {@link Scoring}).
 *
 * @param id short name, unique within its conversation
 * @param kind what sort of fact: {@code file}, {@code number}, {@code decision}, {@code error},
 *     {@code name}
 * @param question the question put to the model
 * @param expected acceptable answers; any one of them makes the answer right
 * @param reject answers that make it wrong even when an expected one is present too, such as a
 *     value the conversation later replaced
 */
public record Probe(String id, String kind, String question, List<String> expected, List<String> reject) {

    /** @throws IllegalArgumentException when there is no expected answer */
    public Probe {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        expected = List.copyOf(expected);
        reject = reject == null ? List.of() : List.copyOf(reject);
        kind = kind == null ? "fact" : kind;
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("probe " + id + " has no expected answer");
        }
    }
}
