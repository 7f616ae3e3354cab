package io.github.compact4j.internal.http;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one {@link OkHttpClient} every client of the library shares unless the app passes its own:
 * OkHttp's connection pool and threads are meant to be shared, and each backend client derives
 * its variant with {@code newBuilder()}, which keeps them. Created on first use; its threads are
 * daemons, so it never keeps the JVM alive.
 */
final class SharedClient {

    private SharedClient() {}

    static OkHttpClient get() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        static final OkHttpClient CLIENT = create();

        private static OkHttpClient create() {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory daemons = r -> {
                Thread t = new Thread(r, "compact4j-okhttp-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), daemons);
            return new OkHttpClient.Builder().dispatcher(new Dispatcher(pool)).build();
        }
    }
}
