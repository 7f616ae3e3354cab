package io.github.compact4j.internal;

/**
 * A per-item memo slot for derived figures such as token counts, so counting a growing
 * conversation again costs only its new items. Not public API.
 *
 * <p>Items are immutable, so a figure derived from one never goes stale. Each item holds one
 * slot: a figure under a key (say, an encoding) replaces the figure under another key.
 *
 * <p>The slot is a field of the conversation package's items, which that package keeps off its
 * public API. It hands this class an {@link Access} when its item class is initialised, the way
 * the JDK shares package-private access between its own packages; the token counters above read
 * the slot through here. The types are {@code Object} so that this bottom layer knows nothing of
 * the conversation model.
 */
public final class ItemMemo {

    /** Implemented by the conversation package, which owns the slot. */
    public interface Access {
        /**
         * @param item the item
         * @param key which figure
         * @return the figure stored under {@code key}, or -1
         */
        int get(Object item, int key);

        /**
         * @param item the item
         * @param key which figure
         * @param value the figure, not negative
         */
        void set(Object item, int key, int value);
    }

    private static volatile Access access;

    private ItemMemo() {}

    /**
     * Called once by the conversation package.
     *
     * @param a the accessor
     */
    public static void install(Access a) {
        access = a;
    }

    /**
     * @param item an item (whose class has been initialised, so the accessor is installed)
     * @param key which figure
     * @return the memoised figure, or -1
     */
    public static int get(Object item, int key) {
        return access.get(item, key);
    }

    /**
     * @param item the item
     * @param key which figure
     * @param value the figure
     */
    public static void set(Object item, int key, int value) {
        access.set(item, key, value);
    }
}
