package io.github.compact4j.registry;

import io.github.compact4j.errors.ApiException;
import io.github.compact4j.CompactionRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Remembers, per backend, that its native compaction endpoint answered "not supported", so later
 * calls go straight to the fallback for a while instead of paying a failed round trip each time.
 * Not public API.
 */
final class NotSupportedMemory {

    private static final Pattern UNSUPPORTED = Pattern.compile(
            "(?i)not supported|does not support|unsupported|not available for|no such (route|endpoint)|unknown (url|endpoint)"
                    // Anthropic: a beta the API or the platform does not know, a parameter it refuses
                    + "|requires anthropic-beta|unexpected value.{0,80}anthropic-beta|invalid beta"
                    + "|compaction[\\w.]*: extra inputs are not permitted|not available on this platform");

    private final Map<String, Instant> until = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param ttl how long a "not supported" answer is remembered
     * @param clock the clock
     */
    public NotSupportedMemory(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * @param failure what a native call threw
     * @return whether it says "not supported": a 404 or 405, a 501, or a 400 whose code or words
     *     say the model, the endpoint, the beta or the parameter cannot compact
     */
    public static boolean meansNotSupported(RuntimeException failure) {
        if (!(failure instanceof ApiException e)) {
            return false;
        }
        int s = e.statusCode();
        if (s == 404 || s == 405 || s == 501) {
            return true;
        }
        if (s != 400) {
            return false;
        }
        String words = e.errorCode().orElse("") + " " + e.backendMessage().orElse("");
        return UNSUPPORTED.matcher(words).find();
    }

    /**
     * @param backend the backend
     * @param strategy the strategy the guard is for, for the skip reason
     * @return a guard that skips the strategy while the backend is remembered
     */
    public FallbackChain.Guard guardFor(Backend backend, String strategy) {
        String key = key(backend);
        return new FallbackChain.Guard() {
            @Override
            public Optional<String> skipReason(CompactionRequest request) {
                Instant t = until.get(key);
                if (t == null) {
                    return Optional.empty();
                }
                if (!clock.instant().isBefore(t)) {
                    until.remove(key, t);
                    return Optional.empty();
                }
                return Optional.of(backend.id() + " answered that it does not support " + strategy
                        + "; remembered until " + t);
            }

            @Override
            public void failed(CompactionRequest request, RuntimeException failure) {
                if (meansNotSupported(failure)) {
                    until.put(key, clock.instant().plus(ttl));
                }
            }
        };
    }

    /**
     * @param backend the backend
     * @return whether it is remembered not to support native compaction right now
     */
    public boolean remembers(Backend backend) {
        Instant t = until.get(key(backend));
        return t != null && clock.instant().isBefore(t);
    }

    /** One memory per endpoint and model: the same model on another base URL may well compact. */
    private static String key(Backend backend) {
        return backend.provider() + "|" + backend.baseUrl() + "|" + backend.model();
    }
}
