package io.github.compact4j.summarize;

import io.github.compact4j.conversation.Item;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a {@link Summarizer}: the part of the conversation to summarize, as items and as a
 * plain-text transcript, the summary of what came before it, the instructions, and the output
 * budget. Immutable.
 *
 * <p>The built-in summarizers send {@link #instructions()} as the system prompt and
 * {@link #userMessage()} as the one user message. The conversation goes in as a transcript rather
 * than as native tool calls, because a model given tool calls must be given the tool definitions
 * too (Anthropic refuses {@code tool_use} blocks without them), and because a transcript reads
 * the same on every backend.
 *
 * <p>When the part to summarize does not fit the summarizer's window it is split: each call gets
 * the running summary as {@link #previousSummary()}, and {@link #part()} / {@link #parts()} say
 * where it is.
 */
public final class SummaryRequest {

    private final String previousSummary;
    private final List<Item> items;
    private final String transcript;
    private final String task;
    private final String instructions;
    private final int maxOutputTokens;
    private final int part;
    private final int parts;

    private SummaryRequest(Builder b) {
        if (b.maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive, got " + b.maxOutputTokens);
        }
        if (b.part < 1 || b.part > b.parts) {
            throw new IllegalArgumentException("part must be between 1 and parts (" + b.parts + "), got " + b.part);
        }
        this.previousSummary = b.previousSummary;
        this.items = List.copyOf(b.items);
        this.transcript = Objects.requireNonNull(b.transcript, "transcript");
        this.task = b.task;
        this.instructions = Objects.requireNonNull(b.instructions, "instructions");
        this.maxOutputTokens = b.maxOutputTokens;
        this.part = b.part;
        this.parts = b.parts;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the summary of everything before {@link #items()}: from an earlier compaction, or
     *     the running summary of the previous parts
     */
    public Optional<String> previousSummary() {
        return Optional.ofNullable(previousSummary);
    }

    /** @return the items to summarize, oversized tool outputs already cut; unmodifiable */
    public List<Item> items() {
        return items;
    }

    /** @return the items as the plain-text transcript the built-in summarizers send */
    public String transcript() {
        return transcript;
    }

    /**
     * @return the conversation's opening task message, for context: it stays in the conversation
     *     verbatim, so the summary need not repeat it word for word
     */
    public Optional<String> task() {
        return Optional.ofNullable(task);
    }

    /** @return the instructions for the summarizer model (its system prompt) */
    public String instructions() {
        return instructions;
    }

    /** @return the most tokens the summary may take: the request's output limit */
    public int maxOutputTokens() {
        return maxOutputTokens;
    }

    /** @return which part of the conversation this call covers, from 1 */
    public int part() {
        return part;
    }

    /** @return how many parts the conversation was split into; 1 when it fit in one call */
    public int parts() {
        return parts;
    }

    /**
     * @return a copy of this request with another output budget, for the retry after a summary
     *     was cut off
     * @param tokens the new budget
     */
    public SummaryRequest withMaxOutputTokens(int tokens) {
        return toBuilder().maxOutputTokens(tokens).build();
    }

    /**
     * The user message the built-in summarizers send: the task for context, the previous
     * summary, the transcript, and what to write.
     *
     * @return the text
     */
    public String userMessage() {
        StringBuilder sb = new StringBuilder(transcript.length() + 1024);
        if (task != null) {
            sb.append("<task>\n").append(task).append("\n</task>\n")
                    .append("(The task above stays in the conversation word for word; it is here for context.)\n\n");
        }
        if (previousSummary != null) {
            sb.append("<previous_summary>\n").append(previousSummary).append("\n</previous_summary>\n\n");
        }
        if (parts > 1) {
            sb.append("<conversation part=\"").append(part).append("\" of=\"").append(parts).append("\">\n");
        } else {
            sb.append("<conversation>\n");
        }
        sb.append(transcript).append("\n</conversation>\n\n");
        sb.append(previousSummary != null
                ? "Write one updated hand-off summary that merges the previous summary with the conversation above."
                : "Write the hand-off summary of the conversation above.");
        if (part < parts) {
            sb.append(" More of the conversation follows in later parts; cover everything up to here.");
        }
        return sb.toString();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.previousSummary = previousSummary;
        b.items = items;
        b.transcript = transcript;
        b.task = task;
        b.instructions = instructions;
        b.maxOutputTokens = maxOutputTokens;
        b.part = part;
        b.parts = parts;
        return b;
    }

    /** Names the figures, never the content. */
    @Override
    public String toString() {
        return "SummaryRequest{part=" + part + "/" + parts + ", items=" + items.size() + ", transcriptChars="
                + transcript.length() + ", previousSummary=" + (previousSummary != null) + ", maxOutputTokens="
                + maxOutputTokens + "}";
    }

    /** Builds a {@link SummaryRequest}. Not thread-safe. */
    public static final class Builder {
        private String previousSummary;
        private List<? extends Item> items = List.of();
        private String transcript = "";
        private String task;
        private String instructions = SummarizingFallbackCompactor.DEFAULT_PROMPT;
        private int maxOutputTokens = SummarizingFallbackCompactor.DEFAULT_MAX_SUMMARY_TOKENS;
        private int part = 1;
        private int parts = 1;

        private Builder() {}

        /**
         * @param summary the summary of what came before, or null
         * @return this
         */
        public Builder previousSummary(String summary) {
            this.previousSummary = summary;
            return this;
        }

        /**
         * @param items the items to summarize
         * @return this
         */
        public Builder items(List<? extends Item> items) {
            this.items = Objects.requireNonNull(items, "items");
            return this;
        }

        /**
         * @param transcript the items as text
         * @return this
         */
        public Builder transcript(String transcript) {
            this.transcript = Objects.requireNonNull(transcript, "transcript");
            return this;
        }

        /**
         * @param task the opening task message, or null
         * @return this
         */
        public Builder task(String task) {
            this.task = task;
            return this;
        }

        /**
         * @param instructions the summarizer's system prompt
         * @return this
         */
        public Builder instructions(String instructions) {
            this.instructions = Objects.requireNonNull(instructions, "instructions");
            return this;
        }

        /**
         * @param tokens the output budget, positive
         * @return this
         */
        public Builder maxOutputTokens(int tokens) {
            this.maxOutputTokens = tokens;
            return this;
        }

        /**
         * @param part which part, from 1
         * @param parts how many parts
         * @return this
         */
        public Builder part(int part, int parts) {
            this.part = part;
            this.parts = parts;
            return this;
        }

        /** @return the request */
        public SummaryRequest build() {
            return new SummaryRequest(this);
        }
    }
}
