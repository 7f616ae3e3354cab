package io.github.compact4j.benchmarks.harness;

import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRequest;
import java.util.List;

/** The {@link Summarizer} SPI over one of the harness's model clients: one call per request. */
final class ApiSummarizer implements Summarizer {

    private final ModelApi api;

    ApiSummarizer(ModelApi api) {
        this.api = api;
    }

    @Override
    public Summary summarize(SummaryRequest request) {
        ModelApi.Reply r = api.complete(request.instructions(), request.userMessage(), request.maxOutputTokens());
        return new Summary(r.text(), r.truncated(), r.usage(), r.requestId() == null || r.requestId().isEmpty()
                ? List.of() : List.of(r.requestId()));
    }
}
