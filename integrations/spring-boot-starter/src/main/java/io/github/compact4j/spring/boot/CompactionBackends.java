package io.github.compact4j.spring.boot;

import io.github.compact4j.ContextCompactor;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The backends of {@code compact4j.backends.*}, by name, each with its compactor from the
 * registry (its chain, the registry's listeners, and the starter's record of its recent
 * compactions).
 *
 * <pre>{@code
 * @Autowired CompactionBackends backends;
 * CompactionResult r = backends.compactor("claude").compact(request);
 * }</pre>
 */
public final class CompactionBackends {

    private final BackendRegistry registry;
    private final Map<String, Backend> backends;
    private final Map<String, ContextCompactor> compactors;

    /**
     * @param registry the registry the compactors come from
     * @param backends the backends by name
     * @param recent where each backend's compactions are recorded
     */
    public CompactionBackends(BackendRegistry registry, Map<String, Backend> backends, RecentCompactions recent) {
        this.registry = registry;
        this.backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        Map<String, ContextCompactor> c = new LinkedHashMap<>();
        // the builder unwraps the registry's TracingCompactor: still one layer, with one more listener
        backends.forEach((name, b) -> c.put(name, TracingCompactor.builder(registry.compactorFor(b))
                .listener(recent.listenerFor(name)).build()));
        this.compactors = Collections.unmodifiableMap(c);
    }

    /** @return the backends' names, in the order they were configured */
    public Set<String> names() {
        return backends.keySet();
    }

    /**
     * @param name a backend's name
     * @return the backend
     * @throws NoSuchElementException when no backend has that name
     */
    public Backend backend(String name) {
        Backend b = backends.get(name);
        if (b == null) {
            throw new NoSuchElementException("no compact4j backend named '" + name + "'; configured: " + names());
        }
        return b;
    }

    /**
     * @param name a backend's name
     * @return its compactor
     * @throws NoSuchElementException when no backend has that name
     */
    public ContextCompactor compactor(String name) {
        backend(name);
        return compactors.get(name);
    }

    /** @return the registry the compactors come from */
    public BackendRegistry registry() {
        return registry;
    }

    @Override
    public String toString() {
        return "CompactionBackends" + names();
    }
}
