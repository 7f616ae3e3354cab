package io.github.compact4j.summarize;

import io.github.compact4j.Usage;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * An in-process {@link Summarizer}: it answers from what it is given, deterministically, and
 * records every request and answer so tests can check what the compactor fed it.
 */
final class FakeSummarizer implements Summarizer {

    final List<SummaryRequest> requests = new CopyOnWriteArrayList<>();
    final List<Summary> answers = new CopyOnWriteArrayList<>();
    private final BiFunction<SummaryRequest, Integer, Summary> answer;

    /** Answers with {@link #derive(SummaryRequest, int)}. */
    FakeSummarizer() {
        this((r, call) -> new Summary(derive(r, call), false,
                Usage.of(TokenCounter.defaultCounter().count(r.userMessage()), 30), List.of("req_" + call)));
    }

    /** @param answer the answer to the n-th call (from 1) */
    FakeSummarizer(BiFunction<SummaryRequest, Integer, Summary> answer) {
        this.answer = answer;
    }

    @Override
    public Summary summarize(SummaryRequest request) {
        requests.add(request);
        Summary s = answer.apply(request, requests.size());
        answers.add(s);
        return s;
    }

    /**
     * A short summary made from the request: which call it is, what it covered, and the first
     * line of what it carried forward.
     */
    static String derive(SummaryRequest r, int call) {
        int calls = 0;
        String firstCall = "-";
        for (Item it : r.items()) {
            if (it instanceof ToolCall c) {
                if (calls++ == 0) {
                    firstCall = c.callId();
                }
            }
        }
        String carried = r.previousSummary().map(p -> p.lines().findFirst().orElse("")).orElse("none");
        return "Summary " + call + " (part " + r.part() + "/" + r.parts() + "): " + r.items().size() + " items, "
                + calls + " tool calls from " + firstCall + ", transcript " + Integer.toHexString(r.transcript().hashCode())
                + ".\nCarried: " + (carried.length() > 60 ? carried.substring(0, 60) : carried);
    }

    /** @return the text of the last answer, as the compactor stores it */
    String lastText() {
        return answers.get(answers.size() - 1).text().strip();
    }
}
