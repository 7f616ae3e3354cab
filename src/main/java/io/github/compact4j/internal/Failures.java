package io.github.compact4j.internal;

import io.github.compact4j.CompactionException;
import java.util.List;

/** Facts read off a failure. Not public API. */
public final class Failures {

    private Failures() {}

    /**
     * @param t any failure
     * @return the backend request ids it carries, or none
     */
    public static List<String> requestIds(Throwable t) {
        return t instanceof CompactionException ce ? ce.requestIds() : List.of();
    }
}
