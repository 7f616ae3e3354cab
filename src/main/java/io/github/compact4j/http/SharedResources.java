package io.github.compact4j.http;

import io.github.compact4j.internal.Async;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The two resources the library owns and shares: the {@link OkHttpClient} every HTTP client uses
 * when the app passes none (OkHttp's connection pool and dispatcher are meant to be shared; each
 * client derives its variant with {@code newBuilder()}, which keeps them), and the pool of daemon
 * threads {@code compactAsync} runs on when given no executor. Both are created on first use, and
 * their threads are daemons that end after a minute idle, so neither keeps a JVM alive or grows
 * with the number of clients and registries built.
 *
 * <p>An app that unloads compact4j before its JVM ends (a redeployed web app, a plugin) calls
 * {@link #shutdown()} so that no thread or pooled connection of the library outlives it:
 *
 * <pre>{@code
 * @PreDestroy
 * void stop() {
 *     SharedResources.shutdown();
 * }
 * }</pre>
 */
public final class SharedResources {

    private static final Object LOCK = new Object();
    private static OkHttpClient client;
    private static ThreadPoolExecutor dispatcherPool;

    private SharedResources() {}

    /**
     * @return the OkHttp client the library's HTTP clients derive theirs from when the app passes
     *     none; created on first use, and again after {@link #shutdown()}
     */
    public static OkHttpClient okHttpClient() {
        synchronized (LOCK) {
            if (client == null) {
                AtomicInteger n = new AtomicInteger();
                ThreadFactory daemons = r -> {
                    Thread t = new Thread(r, "compact4j-okhttp-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                };
                dispatcherPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                        new SynchronousQueue<>(), daemons);
                client = new OkHttpClient.Builder().dispatcher(new Dispatcher(dispatcherPool))
                        .connectionPool(new ConnectionPool()).build();
            }
            return client;
        }
    }

    /**
     * Stops the library's own threads and closes its pooled connections: the shared OkHttp
     * client's dispatcher and connection pool, and the default pool {@code compactAsync} runs on.
     * Calls in flight finish; clients built before go on working (their next call opens a new
     * connection), and a later {@code compactAsync} without an executor starts a new pool.
     * Resources the app passed in (its own OkHttp client or executor) are not touched.
     */
    public static void shutdown() {
        OkHttpClient c;
        ThreadPoolExecutor pool;
        synchronized (LOCK) {
            c = client;
            pool = dispatcherPool;
            client = null;
            dispatcherPool = null;
        }
        if (c != null) {
            pool.shutdown();
            c.connectionPool().evictAll();
        }
        Async.shutdownDefaultExecutor();
    }
}
