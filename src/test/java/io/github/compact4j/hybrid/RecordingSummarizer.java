package io.github.compact4j.hybrid;

import io.github.compact4j.Usage;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRequest;
import io.github.compact4j.tokens.TokenCounter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process summarizer that answers with a short, deterministic summary of what it was given
 * and records every request, with the tokens it read as its usage, so tests can see whether the
 * hybrid called it and how much it fed it.
 */
final class RecordingSummarizer implements Summarizer {

    static final TokenCounter COUNTER = TokenCounter.defaultCounter();

    final List<SummaryRequest> requests = new CopyOnWriteArrayList<>();
    final List<String> answers = new CopyOnWriteArrayList<>();

    @Override
    public Summary summarize(SummaryRequest request) {
        requests.add(request);
        String text = "Summary " + requests.size() + " of " + request.items().size() + " items (part " + request.part()
                + "/" + request.parts() + "), transcript " + Integer.toHexString(request.transcript().hashCode()) + ".";
        answers.add(text);
        int read = COUNTER.count(request.instructions()) + COUNTER.count(request.userMessage());
        return new Summary(text, false, Usage.of(read, COUNTER.count(text)), List.of("req_" + requests.size()));
    }

    /** @return the tokens of every request's instructions and user message: what the calls read */
    long tokensRead() {
        return requests.stream().mapToLong(r -> COUNTER.count(r.instructions()) + COUNTER.count(r.userMessage())).sum();
    }
}
