package io.github.compact4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.context.CompactionJournal;
import io.github.compact4j.context.JournalEntry;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal restore} gives back what {@code ManagedConversation.originalItems()} gives. */
class JournalRestoreTest {

    @TempDir
    static Path dir;
    static Scenario run;
    static Path current;
    static Path tail;

    @BeforeAll
    static void run() throws Exception {
        run = Scenario.run(dir, Logs.shipped("logback-json.xml"), "app.jsonl");
        current = Files.writeString(dir.resolve("current.json"), run.a.convo.toResponsesJson());
        List<Item> original = run.a.convo.originalItems();
        int journaled = run.a.beforeEach.get(run.a.beforeEach.size() - 1).size();
        tail = Files.writeString(dir.resolve("tail.json"), ResponsesItems.toJson(original.subList(journaled, original.size())));
    }

    @Test
    void atEachCompactionItIsTheConversationJustBeforeIt() {
        for (int n = 1; n <= run.a.beforeEach.size(); n++) {
            Cli.Result r = Cli.run("journal", "restore", run.a.journal.toString(), "--at", Integer.toString(n));
            assertEquals(0, r.code(), r.toString());
            assertEquals(ResponsesItems.toJson(run.a.beforeEach.get(n - 1)), r.out().strip(), "compaction " + n);
        }
    }

    @Test
    void withTheCurrentItemsAndTheLogItIsTheWholeOriginalConversation() {
        List<Item> original = run.a.convo.originalItems();
        assertTrue(original.size() > run.a.beforeEach.get(run.a.beforeEach.size() - 1).size(),
                "the agent appended after its last compaction");
        Cli.Result r = Cli.run("journal", "restore", run.a.journal.toString(), "--current", current.toString(),
                "--logs", run.log.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(ResponsesItems.toJson(original), r.out().strip());
        assertEquals(ResponsesItems.toJson(run.a.appended), r.out().strip(), "every item the agent appended, in order");
    }

    @Test
    void withTheTailItIsTheWholeOriginalConversation() {
        Cli.Result r = Cli.run("journal", "restore", run.a.journal.toString(), "--tail", tail.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(ResponsesItems.toJson(run.a.convo.originalItems()), r.out().strip());
    }

    @Test
    void chatCompletionsAndAnthropicFormats() throws Exception {
        List<Item> original = run.a.convo.originalItems();
        Cli.Result chat = Cli.run("journal", "restore", run.a.journal.toString(), "--tail", tail.toString(),
                "--format", "chat");
        assertEquals(0, chat.code(), chat.toString());
        assertEquals(ChatCompletionsMessages.toJson(original), chat.out().strip());
        Path out = dir.resolve("restored/anthropic.json");
        Cli.Result anthropic = Cli.run("journal", "restore", run.a.journal.toString(), "--tail", tail.toString(),
                "--format", "anthropic", "-o", out.toString());
        assertEquals(0, anthropic.code(), anthropic.toString());
        assertEquals(AnthropicMessages.toConversation(original).toJson(), Files.readString(out).strip());
        assertTrue(anthropic.err().contains(original.size() + " items"), anthropic.err());
    }

    @Test
    void aTailWithThinkingHasNoResponsesFormAndSaysSoNamingTheItem() throws Exception {
        Path thinking = Files.writeString(dir.resolve("thinking.json"), "{\"messages\":["
                + "{\"role\":\"user\",\"content\":\"and now?\"},{\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"Check the log.\",\"signature\":\"EqQBsig==\"},"
                + "{\"type\":\"text\",\"text\":\"All done.\"}]}]}");
        int journaled = run.a.beforeEach.get(run.a.beforeEach.size() - 1).size();
        Cli.Result r = Cli.run("journal", "restore", run.a.journal.toString(), "--tail", thinking.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().startsWith("compact4j: the restored conversation cannot be written as Responses items: item "
                + (journaled + 1) + ", field 'type': a reasoning item made from an Anthropic 'thinking' block has no"
                + " Responses form"), r.err());
        assertTrue(r.err().contains("Write the conversation in the Anthropic Messages format"), r.err());
        Cli.Result anthropic = Cli.run("journal", "restore", run.a.journal.toString(), "--tail", thinking.toString(),
                "--format", "anthropic");
        assertEquals(0, anthropic.code(), anthropic.toString());
        assertTrue(anthropic.out().contains("{\"type\":\"thinking\",\"thinking\":\"Check the log.\",\"signature\":"
                + "\"EqQBsig==\"}"), anthropic.out());
    }

    @Test
    void aJournaledAnthropicConversationComesBackWithEveryThinkingBlockSigned() throws Exception {
        String body = "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"fix the build\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"Run it first.\","
                + "\"signature\":\"EqQBCkYIARgCIkDsig==\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"bash\","
                + "\"input\":{\"cmd\":\"mvn -q verify\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va\"},"
                + "{\"type\":\"text\",\"text\":\"It builds.\"}]}]}";
        Path journal = dir.resolve("anthropic-journal.jsonl");
        try (CompactionJournal j = CompactionJournal.jsonLines(journal)) {
            j.append(JournalEntry.of(null, Instant.EPOCH, "summarizing", AnthropicConversation.fromJson(body).items()));
        }
        Cli.Result anthropic = Cli.run("journal", "restore", journal.toString(), "--format", "anthropic");
        assertEquals(0, anthropic.code(), anthropic.toString());
        assertEquals(body, anthropic.out().strip());

        // the default form is the journal's own, and keeps the signatures as well
        Cli.Result responses = Cli.run("journal", "restore", journal.toString());
        assertEquals(0, responses.code(), responses.toString());
        assertEquals(body, AnthropicMessages.toConversation(ResponsesItems.fromJson(responses.out().strip())).toJson());
    }

    @Test
    void withoutTheItemsAfterItSaysWhatIsMissing() {
        Path older = OlderJournals.withoutFigures(run.a.journal, dir);
        Cli.Result r = Cli.run("journal", "restore", older.toString(), "--current", current.toString());
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("does not record how many items compaction"), r.err());
        assertTrue(r.err().contains("--logs"), r.err());
    }

    @Test
    void atOutOfRangeIsAUsageError() {
        int n = run.a.beforeEach.size();
        Cli.Result r = Cli.run("journal", "restore", run.a.journal.toString(), "--at", Integer.toString(n + 1));
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertEquals("compact4j: --at " + (n + 1) + ": " + run.a.journal + " holds " + n + " compactions; use 1 to " + n,
                r.err().strip());
        assertEquals(ExitCode.USAGE, Cli.run("journal", "restore", run.a.journal.toString(), "--at", "0").code());
        assertEquals(ExitCode.USAGE, Cli.run("journal", "restore", run.a.journal.toString(), "--format", "xml").code());
        assertEquals(ExitCode.USAGE, Cli.run("journal", "restore", run.a.journal.toString(), "--at", "1", "--tail",
                tail.toString()).code());
    }
}
