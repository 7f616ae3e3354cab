package io.github.compact4j.summarize;

import io.github.compact4j.Usage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-process {@link FakeSummarizer}'s answers, for tests outside this package. */
public final class FakeSummarizers {

    private FakeSummarizers() {}

    /**
     * Answers as a {@link FakeSummarizer} does ({@link FakeSummarizer#derive}), but keeps no record
     * of its requests and reports the input tokens as a quarter of the transcript's length instead
     * of counting them: for runs of thousands of compactions sharing one summarizer.
     *
     * @return a new summarizer, safe to share between threads
     */
    public static Summarizer deterministicUnrecorded() {
        AtomicInteger calls = new AtomicInteger();
        return request -> {
            int call = calls.incrementAndGet();
            return new Summary(FakeSummarizer.derive(request, call), false,
                    Usage.of(request.userMessage().length() / 4, 30), List.of("req_" + call));
        };
    }
}
