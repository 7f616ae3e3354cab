package io.github.compact4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.compact4j.internal.Json;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs test code on a thread with a 1 MB stack, the JVM's default thread stack on most 64-bit
 * platforms, so a recursion that only survives on a big main-thread stack fails the test instead
 * of passing by luck. Also builds JSON nested as deep as a test needs, without recursion.
 */
public final class SmallStack {

    /** The stack size the library must be safe on. */
    public static final long STACK_BYTES = 1 << 20;

    private SmallStack() {}

    /** Test code that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs the body on a 1 MB stack and waits for it; whatever it throws is rethrown here.
     *
     * @param body the test code
     */
    public static void run(Body body) {
        run("small-stack", body);
    }

    /**
     * As {@link #run(Body)}, on a thread of the given name.
     *
     * @param threadName the thread's name, as stack traces and profilers show it
     * @param body the test code
     */
    public static void run(String threadName, Body body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, threadName, STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the small-stack thread", e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new AssertionError(e);
        }
    }

    /**
     * @param levels how many arrays, one inside the other (at least 1)
     * @return {@code [[[...]]]}, built without recursion
     */
    public static JsonNode nestedArrays(int levels) {
        ArrayNode root = Json.NODES.arrayNode();
        ArrayNode cur = root;
        for (int i = 1; i < levels; i++) {
            cur = cur.addArray();
        }
        return root;
    }

    /**
     * @param levels how many arrays, one inside the other (at least 1)
     * @return the JSON text of {@link #nestedArrays(int)}
     */
    public static String nestedArraysText(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }
}
