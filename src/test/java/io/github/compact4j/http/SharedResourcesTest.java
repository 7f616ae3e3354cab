package io.github.compact4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.BackendRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The library's own threads: bounded whatever is built, and gone after a shutdown. */
class SharedResourcesTest {

    private static long libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("compact4j-"))
                .count();
    }

    /** Waits for threads to end on their own; they are asked to, not killed. */
    private static long libraryThreadsAfterSettling() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long n = libraryThreads();
        while (n > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            n = libraryThreads();
        }
        return n;
    }

    @Test
    void buildingAndDiscardingRegistriesStartsNoThreadAndShutdownEndsTheLibrarysOwn() throws Exception {
        SharedResources.shutdown();
        assertEquals(0, libraryThreadsAfterSettling());
        long before = Thread.getAllStackTraces().size();
        CompactionRequest request = CompactionRequest.builder().model("gpt-5.1")
                .items(List.of(Message.user("hello"), Message.assistant("hi"))).build();
        for (int i = 0; i < 200; i++) {
            BackendRegistry registry = BackendRegistry.builder().loadServices(false).build();
            ContextCompactor c = registry.compactorFor(Backend.builder().provider("ollama").model("m" + i)
                    .environment(Map.of()).build());
            assertEquals(c.name(), registry.compactorFor(Backend.builder().provider("ollama").model("m" + i)
                    .environment(Map.of()).build()).name());
        }
        assertTrue(Thread.getAllStackTraces().size() <= before + 2,
                "building 200 registries and their chains must not start threads");

        // compactAsync without an executor uses the library's pool: its threads end with a shutdown
        ContextCompactor masking = io.github.compact4j.mask.ToolOutputMaskingCompactor.builder().build();
        for (int i = 0; i < 20; i++) {
            masking.compactAsync(request).get(10, TimeUnit.SECONDS);
        }
        assertTrue(libraryThreads() >= 1, "the async pool ran the calls");
        SharedResources.shutdown();
        assertEquals(0, libraryThreadsAfterSettling(), "no thread of the library outlives a shutdown");

        // and everything works again afterwards, on fresh resources
        assertEquals(2, masking.compactAsync(request).get(10, TimeUnit.SECONDS).items().size());
        okhttp3.OkHttpClient first = SharedResources.okHttpClient();
        assertSame(first, SharedResources.okHttpClient());
        SharedResources.shutdown();
        assertNotSame(first, SharedResources.okHttpClient());
        SharedResources.shutdown();
    }
}
