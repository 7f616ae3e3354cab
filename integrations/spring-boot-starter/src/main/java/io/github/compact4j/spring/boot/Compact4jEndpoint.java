package io.github.compact4j.spring.boot;

import io.github.compact4j.registry.Backend;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code compact4j} Actuator endpoint ({@code /actuator/compact4j}): each backend's chain,
 * whether its native endpoint is remembered as not supporting compaction, and its recent
 * compactions. It shows no key, no header value and no conversation content.
 */
@Endpoint(id = "compact4j")
public class Compact4jEndpoint {

    private final CompactionBackends backends;
    private final RecentCompactions recent;

    /**
     * @param backends the configured backends
     * @param recent their recent compactions
     */
    public Compact4jEndpoint(CompactionBackends backends, RecentCompactions recent) {
        this.backends = backends;
        this.recent = recent;
    }

    /**
     * One backend as the endpoint shows it.
     *
     * @param name its name in {@code compact4j.backends}
     * @param provider the provider id
     * @param model the model
     * @param summaryModel the model that writes summaries
     * @param baseUrl the base URL, without user info or query
     * @param chain the compactor's name, e.g. {@code chain[openai-compact>summarizing>masking]}
     * @param strategies the chain's strategies, in the order tried
     * @param rememberedUnsupported whether its native compaction answered "not supported" and is skipped for now
     * @param recentCompactions its last compactions, newest first
     */
    public record BackendView(String name, String provider, String model, String summaryModel, String baseUrl,
            String chain, List<String> strategies, boolean rememberedUnsupported,
            List<RecentCompactions.Entry> recentCompactions) {}

    /** @return every backend, by name */
    @ReadOperation
    public Map<String, List<BackendView>> backends() {
        List<BackendView> all = new ArrayList<>();
        for (String name : backends.names()) {
            all.add(view(name));
        }
        return Map.of("backends", all);
    }

    /**
     * @param name a backend's name
     * @return that backend, or null (a 404) when none has the name
     */
    @ReadOperation
    public BackendView backend(@Selector String name) {
        return backends.names().contains(name) ? view(name) : null;
    }

    private BackendView view(String name) {
        Backend b = backends.backend(name);
        String chain = backends.compactor(name).name();
        return new BackendView(name, b.provider(), b.model(), b.summaryModel(), withoutCredentials(b.baseUrl()), chain,
                strategies(chain), backends.registry().rememberedUnsupported(b), recent.of(name));
    }

    /** {@code chain[a>b>c]} as {@code [a, b, c]}; a single compactor as itself. */
    static List<String> strategies(String chain) {
        if (chain.startsWith("chain[") && chain.endsWith("]")) {
            return Arrays.asList(chain.substring("chain[".length(), chain.length() - 1).split(">"));
        }
        return List.of(chain);
    }

    /** A base URL may hold user info or a query with a credential: shown without them. */
    static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "(not shown)";
        }
    }
}
