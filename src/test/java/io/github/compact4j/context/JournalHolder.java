package io.github.compact4j.context;

import io.github.compact4j.conversation.Message;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Run in a child JVM by {@code JsonLinesJournalTest}: takes the journal file given as its argument
 * by appending to it, says {@code held}, holds it until a line arrives on its input, then closes
 * the journal and says {@code released}.
 */
public final class JournalHolder {

    private JournalHolder() {}

    public static void main(String[] args) throws Exception {
        try (CompactionJournal journal = CompactionJournal.jsonLines(Path.of(args[0]))) {
            journal.append(JournalEntry.of(null, Instant.EPOCH, "child", List.of(Message.user("from the child"))));
            System.out.println("held");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("released");
        System.out.flush();
    }
}
