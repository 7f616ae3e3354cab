package io.github.compact4j.anthropic;

import static io.github.compact4j.anthropic.AnthropicFixtures.client;
import static io.github.compact4j.anthropic.AnthropicFixtures.compacted;
import static io.github.compact4j.anthropic.AnthropicFixtures.conversation;
import static io.github.compact4j.anthropic.AnthropicFixtures.ok;
import static io.github.compact4j.anthropic.AnthropicFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.models.beta.messages.BetaCompactionBlockParam;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.beta.messages.MessageCreateParams;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicConversation;
import io.github.compact4j.testing.SdkJudges;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** anthropic-java 3.16.0 judges the body compact4j sends and the history it returns. */
class AnthropicCompactContractTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    @Test
    void theCompactionRequestIsAValidBetaMessageCreateBodyWithNothingTheApiRefusesBesideCompaction() throws Exception {
        server.enqueue(ok(compacted()));
        client(server, new AnthropicFixtures.RecordingSleeper()).keepRecentTokens(200)
                .compactionInstructions("Keep file paths.").thinking("{\"type\":\"enabled\",\"budget_tokens\":4000}")
                .build().compact(request().instructions("Work carefully.").build());
        MessageCreateParams.Body body = SdkJudges.anthropicBetaBody(server.takeRequest().getBody().readUtf8());
        assertEquals("Keep file paths.", body.compaction().orElseThrow().instructions().orElseThrow());
        assertEquals(AnthropicFixtures.MODEL, body.model().asString());
        assertEquals(1, body.tools().orElseThrow().size());
        assertTrue(body.thinking().orElseThrow().isEnabled());
        assertTrue(body.system().isPresent());
        assertFalse(body.contextManagement().isPresent());
        assertFalse(body.stopSequences().isPresent());
        assertFalse(body.toolChoice().isPresent());
        assertFalse(body.outputConfig().isPresent());
        assertTrue(body.maxTokens() > 0);
        assertEquals(5, body.messages().size());
    }

    @Test
    void theFixtureAnswerIsAValidBetaMessage() {
        BetaMessage m = SdkJudges.anthropic(compacted(), BetaMessage.class).validate();
        assertTrue(m.content().get(0).isCompaction());
        assertEquals(410, m.usage().iterations().orElseThrow().get(0).asCompaction().outputTokens());
    }

    @Test
    void theCompactedHistoryParsesAsBetaMessagesWithTheBlockFirstAndNothingAdded() {
        server.enqueue(ok(compacted()));
        CompactionResult r = client(server, new AnthropicFixtures.RecordingSleeper()).keepRecentTokens(200).build()
                .compact(request().build());
        AnthropicConversation next = conversation().withItems(r.items());
        List<BetaMessageParam> messages = SdkJudges.anthropicBetaMessages(next.messages());
        BetaCompactionBlockParam block = messages.get(0).content().orElseThrow().asContentBlockParams().get(0).asCompaction();
        assertEquals(AnthropicFixtures.SUMMARY, block.content().orElseThrow());
        assertEquals(AnthropicFixtures.SIGNATURE, block.signature().orElseThrow());
        assertTrue(block._additionalProperties().isEmpty(), "no field the API would refuse as an extra input");
        assertEquals(BetaMessageParam.Role.ASSISTANT, messages.get(0).role());
        // and the whole next request, with the block first, is a valid body too
        SdkJudges.anthropicBetaBody(next.toJson());
    }

    @Test
    void theJudgeCanFail() {
        assertThrows(AnthropicInvalidDataException.class, () -> SdkJudges.anthropicBetaBody(
                "{\"model\":\"claude-sonnet-4-6\",\"messages\":[]}"));
    }
}
