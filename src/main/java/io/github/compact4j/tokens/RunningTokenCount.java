package io.github.compact4j.tokens;

import io.github.compact4j.conversation.Item;
import java.util.List;
import java.util.Objects;

/**
 * The token total of a growing conversation, kept up to date one item at a time, so the cost of
 * an append does not depend on how long the conversation already is. Summing a list with
 * {@link TokenCounter#count(List)} after every append reads every item's remembered count again,
 * which grows with the conversation; this adds only the new item's count.
 *
 * <p>It keeps the sum, not the items: the caller holds the conversation and tells this count what
 * was appended ({@link #add(Item)}), what was dropped ({@link #remove(Item)}), or, after a
 * compaction, what the conversation now is ({@link #reset(List)}). Thread-safe.
 *
 * <pre>{@code
 * RunningTokenCount tokens = new RunningTokenCount(TokenCounter.forModel("gpt-5.1"));
 * tokens.add(userMessage);
 * tokens.add(toolCall);
 * if (tokens.total() > 0.8 * window) { ... compact ...; tokens.reset(result.items()); }
 * }</pre>
 */
public final class RunningTokenCount {

    private final TokenCounter counter;
    private long total;
    private int items;

    /**
     * An empty count.
     *
     * @param counter how to count each item
     */
    public RunningTokenCount(TokenCounter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /**
     * A count that starts with the given items.
     *
     * @param counter how to count each item
     * @param items the conversation so far
     */
    public RunningTokenCount(TokenCounter counter, List<? extends Item> items) {
        this(counter);
        reset(items);
    }

    /**
     * Adds an appended item.
     *
     * @param item the new item
     * @return the item's own count
     */
    public int add(Item item) {
        int n = counter.count(item);   // outside the lock: the expensive part, and memoised
        synchronized (this) {
            total += n;
            items++;
        }
        return n;
    }

    /**
     * Adds appended items.
     *
     * @param newItems the new items, in order
     * @return the sum of their counts
     */
    public long addAll(List<? extends Item> newItems) {
        long sum = 0;
        for (Item item : newItems) {
            sum += counter.count(item);
        }
        synchronized (this) {
            total += sum;
            items += newItems.size();
        }
        return sum;
    }

    /**
     * Takes away an item that was added and has left the conversation.
     *
     * @param item the item
     * @return the item's own count
     * @throws IllegalStateException when the count holds no item
     */
    public int remove(Item item) {
        int n = counter.count(item);
        synchronized (this) {
            if (items == 0) {
                throw new IllegalStateException("cannot remove an item from an empty running count");
            }
            total -= n;
            items--;
        }
        return n;
    }

    /**
     * Starts over from a whole conversation, e.g. the items a compaction returned.
     *
     * @param conversation the conversation as it now is
     */
    public void reset(List<? extends Item> conversation) {
        long sum = 0;
        for (Item item : conversation) {
            sum += counter.count(item);
        }
        synchronized (this) {
            total = sum;
            items = conversation.size();
        }
    }

    /** @return the token total of the items added and not removed */
    public synchronized long total() {
        return total;
    }

    /** @return how many items the total covers */
    public synchronized int size() {
        return items;
    }

    /** @return the counter each item is counted with */
    public TokenCounter counter() {
        return counter;
    }

    @Override
    public synchronized String toString() {
        return "RunningTokenCount{items=" + items + ", tokens=" + total + "}";
    }
}
