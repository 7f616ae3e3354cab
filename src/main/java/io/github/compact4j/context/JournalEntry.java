package io.github.compact4j.context;

import io.github.compact4j.conversation.Item;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One compaction's record in a {@link CompactionJournal}: the stretch of the original conversation
 * it compacted, so the full history can always be put back together, and the conversation's
 * figures before and after, so a reader (the {@code compact4j journal} command, say) can show what
 * each compaction did without the logs. Immutable; a final class with a builder so that fields can
 * be added.
 *
 * <pre>{@code
 * JournalEntry e = JournalEntry.builder().traceId(r.traceId()).time(Instant.now()).strategy(r.strategy())
 *         .items(compactedAway).itemsBefore(r.itemsBefore()).itemsAfter(r.items().size())
 *         .tokensBefore(r.tokensBefore()).tokensAfter(r.tokensAfter()).build();
 * }</pre>
 */
public final class JournalEntry {

    /** The strategy name of the entry a {@code ManagedConversation} writes when it rebuilds from the journal. */
    public static final String REBUILD = "rebuild";

    private final String traceId;
    private final Instant time;
    private final String strategy;
    private final List<Item> items;
    private final int itemsBefore;
    private final int itemsAfter;
    private final int tokensBefore;
    private final int tokensAfter;

    private JournalEntry(Builder b) {
        this.traceId = b.traceId;
        this.time = b.time;
        this.strategy = b.strategy;
        this.items = List.copyOf(b.items);
        this.itemsBefore = b.itemsBefore;
        this.itemsAfter = b.itemsAfter;
        this.tokensBefore = b.tokensBefore;
        this.tokensAfter = b.tokensAfter;
    }

    /**
     * An entry without figures.
     *
     * @param traceId the compaction's trace id, or null
     * @param time when it was applied
     * @param strategy the strategy that produced the result
     * @param items the original items it compacted away
     * @return the entry
     */
    public static JournalEntry of(String traceId, Instant time, String strategy, List<? extends Item> items) {
        return builder().traceId(traceId).time(time).strategy(strategy).items(items).build();
    }

    /** @return a new builder; {@code time}, {@code strategy} and {@code items} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the compaction's trace id (find its log lines with it), or null */
    public String traceId() {
        return traceId;
    }

    /** @return when it was applied */
    public Instant time() {
        return time;
    }

    /** @return the strategy that produced the result, or {@link #REBUILD} */
    public String strategy() {
        return strategy;
    }

    /** @return the original items appended since the previous compaction, up to this one, in order */
    public List<Item> items() {
        return items;
    }

    /** @return the conversation's item count just before, when recorded */
    public OptionalInt itemsBefore() {
        return figure(itemsBefore);
    }

    /** @return the conversation's item count just after, when recorded */
    public OptionalInt itemsAfter() {
        return figure(itemsAfter);
    }

    /** @return the conversation's local token count just before, when recorded */
    public OptionalInt tokensBefore() {
        return figure(tokensBefore);
    }

    /** @return the conversation's local token count just after, when recorded */
    public OptionalInt tokensAfter() {
        return figure(tokensAfter);
    }

    private static OptionalInt figure(int v) {
        return v < 0 ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEntry e && Objects.equals(traceId, e.traceId) && time.equals(e.time)
                && strategy.equals(e.strategy) && items.equals(e.items) && itemsBefore == e.itemsBefore
                && itemsAfter == e.itemsAfter && tokensBefore == e.tokensBefore && tokensAfter == e.tokensAfter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceId, time, strategy, items, itemsBefore, itemsAfter, tokensBefore, tokensAfter);
    }

    /** Names the entry, never its content. */
    @Override
    public String toString() {
        return "JournalEntry{" + strategy + " at " + time + (traceId != null ? ", traceId=" + traceId : "") + ", items="
                + items.size() + (tokensBefore >= 0 ? ", tokens=" + tokensBefore + "->" + tokensAfter : "") + "}";
    }

    /**
     * Builds a {@link JournalEntry}: setters reject null and negative figures at once; a missing
     * time, strategy or item list is an {@link IllegalStateException} at {@link #build()}. Not
     * thread-safe.
     */
    public static final class Builder {
        private String traceId;
        private Instant time;
        private String strategy;
        private List<? extends Item> items;
        private int itemsBefore = -1;
        private int itemsAfter = -1;
        private int tokensBefore = -1;
        private int tokensAfter = -1;

        private Builder() {}

        /**
         * @param traceId the compaction's trace id, or null
         * @return this
         */
        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        /**
         * @param time when it was applied
         * @return this
         */
        public Builder time(Instant time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * @param strategy the strategy that produced the result
         * @return this
         */
        public Builder strategy(String strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * @param items the original items it compacted away; copied
         * @return this
         */
        public Builder items(List<? extends Item> items) {
            this.items = Objects.requireNonNull(items, "items");
            return this;
        }

        /**
         * @param n the conversation's item count just before
         * @return this
         */
        public Builder itemsBefore(int n) {
            this.itemsBefore = count(n, "itemsBefore");
            return this;
        }

        /**
         * @param n the conversation's item count just after
         * @return this
         */
        public Builder itemsAfter(int n) {
            this.itemsAfter = count(n, "itemsAfter");
            return this;
        }

        /**
         * @param n the conversation's local token count just before
         * @return this
         */
        public Builder tokensBefore(int n) {
            this.tokensBefore = count(n, "tokensBefore");
            return this;
        }

        /**
         * @param n the conversation's local token count just after
         * @return this
         */
        public Builder tokensAfter(int n) {
            this.tokensAfter = count(n, "tokensAfter");
            return this;
        }

        private static int count(int n, String name) {
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + n);
            }
            return n;
        }

        /**
         * @return the entry
         * @throws IllegalStateException when the time, the strategy or the items are missing
         */
        public JournalEntry build() {
            if (time == null || strategy == null || items == null) {
                throw new IllegalStateException("a journal entry needs its time, strategy and items");
            }
            return new JournalEntry(this);
        }
    }
}
