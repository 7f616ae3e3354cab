package io.github.compact4j.micrometer;

import io.github.compact4j.logging.CompactionListener;
import io.micrometer.observation.Observation;

/**
 * The observation of a compaction a provider made on its side, as a {@code ManagedConversation}
 * recognised it in the model's output.
 */
public class ServerCompactionContext extends Observation.Context {

    private final CompactionListener.ServerCompactionEvent event;

    /**
     * @param event what the provider replaced and what it cost
     */
    public ServerCompactionContext(CompactionListener.ServerCompactionEvent event) {
        this.event = event;
    }

    /** @return what the provider replaced and what it cost */
    public CompactionListener.ServerCompactionEvent event() {
        return event;
    }
}
