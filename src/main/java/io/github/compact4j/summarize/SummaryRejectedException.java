package io.github.compact4j.summarize;

import io.github.compact4j.errors.CompactionException;
import java.util.List;
import java.util.Objects;

/**
 * The summarizer answered, but its summary cannot replace the conversation: it is empty, it was
 * cut off by the output limit even after a retry with a larger budget, it is not smaller than
 * what it would replace, or the model refused to write it. The caller's conversation is unchanged; a fallback chain moves on to its
 * next strategy (masking, which cannot fail).
 *
 * <pre>{@code
 * try {
 *     history = summarizing.compact(request).items();
 * } catch (SummaryRejectedException e) {
 *     log.warn("summary not used ({}), keeping the history", e.reason());
 * }
 * }</pre>
 */
public class SummaryRejectedException extends CompactionException {

    private static final long serialVersionUID = 1L;

    /** Why the summary was not used. */
    public enum Reason {
        /** The summarizer returned no text. */
        EMPTY,
        /** The summary was cut off by the output limit, twice. */
        TRUNCATED,
        /** The summary is as large as, or larger than, the turns it would replace. */
        NOT_SMALLER,
        /**
         * The model declined to summarize (Chat Completions {@code message.refusal} or
         * {@code finish_reason: content_filter}, Anthropic {@code stop_reason: refusal}).
         */
        REFUSED
    }

    private final Reason reason;

    /**
     * @param reason why the summary was not used
     * @param what what happened, e.g. "The summary (5200 tokens) is not smaller than the 4100
     *     tokens it would replace"
     * @param requestIds the summarizer's request ids, in call order
     */
    public SummaryRejectedException(Reason reason, String what, List<String> requestIds) {
        super(details(Objects.requireNonNull(what, "what"))
                .hint(hint(Objects.requireNonNull(reason, "reason")))
                .requestIds(requestIds));
        this.reason = reason;
    }

    private static String hint(Reason reason) {
        String keep = "The conversation was left as it was.";
        return switch (reason) {
            case EMPTY -> keep + " Check the summarizer's model and prompt.";
            case TRUNCATED -> keep + " Raise maxSummaryTokens, or use a summarizer model with a larger output limit.";
            case NOT_SMALLER -> keep + " Lower maxSummaryTokens or keepRecentTokens, so the summary replaces more than it adds.";
            case REFUSED -> keep + " The summarizer model declined (a safety refusal or a content filter): use another"
                    + " summarizer model, or let a fallback strategy such as masking take over.";
        };
    }

    /** @return why the summary was not used */
    public Reason reason() {
        return reason;
    }
}
