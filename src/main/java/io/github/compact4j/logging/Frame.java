package io.github.compact4j.logging;

import io.github.compact4j.internal.TraceSlot;
import java.util.List;

/**
 * What the thread's {@link TraceSlot} holds while compact4j works on it: either an open
 * compaction call (which nested calls join) or a bare trace an app made current through
 * {@link LogContext#trace(TraceContext)}. Carried to other threads by the snapshot of the
 * logging context. Immutable but for {@code open}.
 */
final class Frame implements TraceSlot.Carrier {

    final Frame parent;
    final TraceContext trace;
    final MdcKeys keys;
    /** The compactor's name for a call, null for a bare trace. */
    final String strategy;
    final List<CompactionListener> listeners;
    volatile boolean open = true;

    Frame(Frame parent, TraceContext trace, MdcKeys keys, String strategy, List<CompactionListener> listeners) {
        this.parent = parent;
        this.trace = trace;
        this.keys = keys;
        this.strategy = strategy;
        this.listeners = listeners;
    }

    /** A trace made current without a call. */
    static Frame trace(TraceContext trace) {
        return new Frame(null, trace, null, null, List.of());
    }

    /** @return whether this is an open compaction call that a call started now should join */
    boolean joinable() {
        return strategy != null && open;
    }

    @Override
    public String traceId() {
        return trace.traceId();
    }

    /** @return the frame the thread's slot holds, if it is one of ours */
    static Frame current() {
        return TraceSlot.get() instanceof Frame f ? f : null;
    }
}
