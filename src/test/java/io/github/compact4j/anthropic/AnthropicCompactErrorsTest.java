package io.github.compact4j.anthropic;

import static io.github.compact4j.anthropic.AnthropicFixtures.client;
import static io.github.compact4j.anthropic.AnthropicFixtures.compacted;
import static io.github.compact4j.anthropic.AnthropicFixtures.error;
import static io.github.compact4j.anthropic.AnthropicFixtures.message;
import static io.github.compact4j.anthropic.AnthropicFixtures.ok;
import static io.github.compact4j.anthropic.AnthropicFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionResult;
import io.github.compact4j.errors.BadRequestException;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.errors.ServerException;
import io.github.compact4j.errors.StaleCompactionException;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicCompactErrorsTest {

    private MockWebServer server;
    private final AnthropicFixtures.RecordingSleeper sleeper = new AnthropicFixtures.RecordingSleeper();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private CompactionException failing() {
        return assertThrows(CompactionException.class,
                () -> client(server, sleeper).keepRecentTokens(200).build().compact(request().build()));
    }

    /** Every answer without a summary is still HTTP 200: the stop reason says why. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{\"type\":\"text\",\"text\":\"<summary>Task: ...\"}]|max_tokens|max_tokens|Raise maxTokens",
            "[]|refusal|declined|compactionInstructions",
            "[]|model_context_window_exceeded|do not fit the model's window|Compact earlier",
            "[{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"shell\",\"input\":{}}]|tool_use|called a tool|fallback",
            "[{\"type\":\"text\",\"text\":\"Sure, here is a summary.\"}]|end_turn|without a compaction block|anthropic-beta: compact-2026-09-04",
            "[]|compaction|without a summary|fallback",
            "[{\"type\":\"compaction\",\"content\":null,\"signature\":\"EvQB\"}]|compaction|without a summary|fallback",
            "[{\"type\":\"compaction\",\"content\":\"  \",\"signature\":\"EvQB\"}]|compaction|without a summary|fallback",
            "[]|pause_turn|'pause_turn'|base URL"})
    void everyAnswerWithoutASummaryIsAnInvalidResponseTheChainFallsBackFrom(String content, String stop, String says,
            String hint) {
        server.enqueue(ok(message(content, stop)));
        CompactionException e = failing();
        assertInstanceOf(InvalidResponseException.class, e);
        assertTrue(e.getMessage().startsWith("Anthropic compaction failed"), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains(hint), e.hint().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("left as it was"), e.hint().orElseThrow());
        assertEquals(List.of("req_011CompactOk"), e.requestIds());
        assertEquals(1, server.getRequestCount(), "an answer without a summary is not retried");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[" + "{\"type\":\"compaction\",\"content\":\"a\",\"signature\":\"s\"},{\"type\":\"text\",\"text\":\"b\"}" + "]",
            "[{\"type\":\"text\",\"text\":\"a summary in a text block\"}]",
            "[{\"type\":\"compaction\",\"content\":\"a summary\"}]",
            "[\"compaction\"]"})
    void aCompactionThatBreaksTheWireFormatIsInvalid(String content) {
        server.enqueue(ok(message(content, "compaction")));
        CompactionException e = failing();
        assertInstanceOf(InvalidResponseException.class, e);
        assertTrue(e.getMessage().contains("Anthropic compaction failed"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotAMessageIsInvalid() {
        server.enqueue(ok("{\"type\":\"completion\",\"completion\":\"hi\"}"));
        assertInstanceOf(InvalidResponseException.class, failing());
        server.enqueue(ok("{\"type\":\"message\",\"stop_reason\":\"compaction\"}"));
        assertTrue(failing().getMessage().contains("no 'content' array"));
    }

    /** An edited, misplaced or doubled block is a stale history: rebuild it from the journal. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "compaction_signature_invalid|changed after Anthropic signed it",
            "compaction_content_mismatch|changed after Anthropic signed it",
            "compaction_tool_changes_mismatch|changed after Anthropic signed it",
            "compaction_block_misplaced|must come first",
            "compaction_block_ambiguous|more than one compaction block"})
    void aTamperedOrMisplacedBlockIsAStaleCompaction(String code, String hint) {
        server.enqueue(error(400, "invalid_request_error", code, "messages.0.content.0: compaction block rejected"));
        CompactionException e = failing();
        StaleCompactionException stale = assertInstanceOf(StaleCompactionException.class, e);
        assertEquals(code, stale.errorCode().orElseThrow());
        assertEquals(400, stale.statusCode());
        assertTrue(stale.hint().orElseThrow().contains(hint), stale.hint().orElseThrow());
        assertEquals(List.of("req_400"), stale.requestIds());
        assertEquals(1, server.getRequestCount(), "a 400 is not retried");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "compaction_nothing_to_summarize|nothing to summarize",
            "compaction_incomplete_turn|tool call without its result",
            "compaction_too_many_tool_references|more tools"})
    void otherCompactionErrorsAreBadRequestsWithTheirOwnHint(String code, String hint) {
        server.enqueue(error(400, "invalid_request_error", code, "compaction cannot run"));
        CompactionException e = failing();
        BadRequestException bad = assertInstanceOf(BadRequestException.class, e);
        assertFalse(bad instanceof StaleCompactionException);
        assertEquals(code, bad.errorCode().orElseThrow());
        assertTrue(bad.hint().orElseThrow().contains(hint), bad.hint().orElseThrow());
    }

    @Test
    void aMissingBetaIsABadRequestNamingIt() {
        server.enqueue(error(400, "invalid_request_error", null,
                "compaction: requires anthropic-beta: compact-2026-09-04"));
        CompactionException e = failing();
        assertInstanceOf(BadRequestException.class, e);
        assertTrue(e.getMessage().contains("requires anthropic-beta: compact-2026-09-04"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("does not support on-demand compaction"), e.hint().orElseThrow());
    }

    @Test
    void compactionUnavailableIsRetriedWithBackOff() throws Exception {
        server.enqueue(error(529, "overloaded_error", "compaction_unavailable", "Compaction is temporarily unavailable"));
        server.enqueue(error(529, "overloaded_error", "compaction_unavailable", "Compaction is temporarily unavailable"));
        server.enqueue(ok(compacted()));
        CompactionResult r = client(server, sleeper).keepRecentTokens(200).build().compact(request().build());
        assertEquals("anthropic-compact", r.strategy());
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeper.waits);
        assertEquals(List.of("req_529", "req_529", "req_011CompactOk"), r.requestIds());
    }

    @Test
    void compactionUnavailableAfterEveryRetryIsAServerError() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(error(529, "overloaded_error", "compaction_unavailable", "Compaction is temporarily unavailable"));
        }
        CompactionException e = failing();
        ServerException s = assertInstanceOf(ServerException.class, e);
        assertEquals(529, s.statusCode());
        assertEquals("compaction_unavailable", s.errorCode().orElseThrow());
        assertEquals(3, s.attempts());
        assertTrue(s.hint().orElseThrow().contains("could not run the compaction just now"), s.hint().orElseThrow());
    }

    @Test
    void theBlockOfAnAnswerIsKeptExactlyAsSent() throws Exception {
        String exotic = "{\"type\":\"compaction\",\"content\":\"<summary>caf\\u00e9 \\ud83d\\ude00</summary>\","
                + "\"signature\":\"sig==\",\"tool_changes\":[{\"type\":\"tool_addition\",\"tool\":{\"type\":\"tool_reference\",\"name\":\"grep\"}}],"
                + "\"encrypted_content\":null}";
        server.enqueue(ok(message("[" + exotic + "]", "compaction")));
        CompactionResult r = client(server, sleeper).keepRecentTokens(200).build().compact(request().build());
        io.github.compact4j.conversation.CompactionBlock b =
                io.github.compact4j.conversation.CompactionBlock.of(r.items().get(1)).orElseThrow();
        assertEquals(io.github.compact4j.internal.Json.MAPPER.readTree(exotic).toString(), b.block().toString());
        assertEquals("{\"type\":\"compaction\",\"content\":\"<summary>café 😀</summary>\",\"signature\":\"sig==\","
                + "\"tool_changes\":[{\"type\":\"tool_addition\",\"tool\":{\"type\":\"tool_reference\",\"name\":\"grep\"}}],\"encrypted_content\":null}",
                b.block().toString());
        assertEquals("<summary>café 😀</summary>", b.summary());
    }
}
