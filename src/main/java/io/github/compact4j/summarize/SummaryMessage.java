package io.github.compact4j.summarize;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import java.util.Objects;
import java.util.Optional;

/**
 * The one message a summarizing compaction puts in place of the turns it summarized, and how to
 * recognise it later.
 *
 * <p>It is a {@code user} message whose text starts with {@link #OPEN_TAG}. {@code user}, because
 * it is the one role every backend takes anywhere in a conversation: Anthropic's messages have
 * only {@code user} and {@code assistant}; many OpenAI-compatible servers' chat templates refuse
 * or misplace a {@code system} message that is not first; {@code developer} is OpenAI's alone;
 * and an {@code assistant} message would have the model take the summary for its own words. A
 * user message that frames the summary as a hand-off is what the model reads as context to
 * continue from.
 *
 * <p>The tag is how a later compaction finds the summary and rolls it forward, instead of
 * summarizing a summary: {@link #isSummary(Item)} and {@link #summaryOf(Item)}.
 *
 * <pre>{@code
 * Message m = SummaryMessage.of("Task: ... Next: run the tests.");
 * SummaryMessage.summaryOf(m);   // Optional["Task: ... Next: run the tests."]
 * }</pre>
 */
public final class SummaryMessage {

    /** The first line of every summary message. */
    public static final String OPEN_TAG = "<conversation_summary generator=\"compact4j\">";
    /** The last line of every summary message. */
    public static final String CLOSE_TAG = "</conversation_summary>";

    static final String PREAMBLE = "Earlier turns of this conversation were replaced by the hand-off summary below; "
            + "the messages after it are verbatim. Continue the task from its current state, and do not redo work "
            + "the summary reports as done.";

    private SummaryMessage() {}

    /**
     * @param summary the summary text
     * @return the marked {@code user} message carrying it
     */
    public static Message of(String summary) {
        Objects.requireNonNull(summary, "summary");
        return Message.user(OPEN_TAG + "\n" + PREAMBLE + "\n\n" + summary.strip() + "\n" + CLOSE_TAG);
    }

    /**
     * @param item any item
     * @return whether it is a summary message made by {@link #of(String)} (in any format a codec
     *     read it from)
     */
    public static boolean isSummary(Item item) {
        return item instanceof Message m && Message.USER.equals(m.role()) && m.text().startsWith(OPEN_TAG);
    }

    /**
     * @param item any item
     * @return the summary text it carries, without the tags and the hand-off preamble; empty when
     *     it is not a summary message
     */
    public static Optional<String> summaryOf(Item item) {
        if (!isSummary(item)) {
            return Optional.empty();
        }
        String t = ((Message) item).text().substring(OPEN_TAG.length()).strip();
        if (t.endsWith(CLOSE_TAG)) {
            t = t.substring(0, t.length() - CLOSE_TAG.length()).strip();
        }
        if (t.startsWith(PREAMBLE)) {
            t = t.substring(PREAMBLE.length()).strip();
        }
        return Optional.of(t);
    }
}
