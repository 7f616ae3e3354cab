package io.github.compact4j.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RunningTokenCountTest {

    private final TokenCounter counter = TokenCounter.forModel("gpt-5.1");

    @Test
    void addRemoveAndResetKeepTheTotalOfTheConversation() {
        List<Item> items = List.of(Message.system("You are a coding agent."), Message.user("List the files."),
                ToolCall.function("c1", "ls", "{}"), ToolResult.functionOutput("c1", "pom.xml\nsrc\n"),
                Message.assistant("There are two entries."));
        RunningTokenCount running = new RunningTokenCount(counter);
        assertEquals(0, running.total());
        int first = running.add(items.get(0));
        assertEquals(counter.count(items.get(0)), first);
        long added = running.addAll(items.subList(1, items.size()));
        assertEquals(counter.count(items), running.total());
        assertEquals(counter.count(items.subList(1, items.size())), added);
        assertEquals(5, running.size());

        running.remove(items.get(3));
        assertEquals(counter.count(items) - counter.count(items.get(3)), running.total());
        assertEquals(4, running.size());

        List<Item> compacted = List.of(items.get(0), Message.user("Summary: two files."));
        running.reset(compacted);
        assertEquals(counter.count(compacted), running.total());
        assertEquals(2, running.size());
        assertEquals("RunningTokenCount{items=2, tokens=" + running.total() + "}", running.toString());
    }

    @Test
    void removingFromAnEmptyCountIsAnError() {
        RunningTokenCount running = new RunningTokenCount(counter);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> running.remove(Message.user("x")));
        assertEquals("cannot remove an item from an empty running count", e.getMessage());
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        List<Item> all = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            all.add(ToolResult.functionOutput("call_" + i, "line " + i + " of the build log: BUILD SUCCESS"));
        }
        RunningTokenCount running = new RunningTokenCount(counter);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<Item> slice = all.subList(t * 1_000, (t + 1) * 1_000);
                done.add(pool.submit(() -> slice.forEach(running::add)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(counter.count(all), running.total());
        assertEquals(4_000, running.size());
    }
}
