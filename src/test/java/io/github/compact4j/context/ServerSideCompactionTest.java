package io.github.compact4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.beta.messages.BetaContextManagementConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.responses.ResponseCreateParams;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import io.github.compact4j.testing.SdkJudges;
import io.github.compact4j.tokens.ModelCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fragments an app's own requests carry, judged by the official SDKs. */
class ServerSideCompactionTest {

    @Test
    void openAisThresholdComesFromTheModelsWindowAndThePolicy() {
        int window = ModelCatalog.defaults().lookup("gpt-5.1-codex-max").contextWindow();
        ServerSideCompaction.OpenAi f = ServerSideCompaction.openAi().model("gpt-5.1-codex-max").build();
        assertEquals(CompactionPolicy.defaults().triggerAt(window), f.compactThreshold());
        assertEquals("[{\"type\":\"compaction\",\"compact_threshold\":" + f.compactThreshold() + "}]",
                f.contextManagementJson());
        CompactionPolicy early = CompactionPolicy.builder().triggerRatio(0.5).build();
        assertEquals(early.triggerAt(window),
                ServerSideCompaction.openAi().model("gpt-5.1-codex-max").policy(early).build().compactThreshold());
        assertEquals(120_000, ServerSideCompaction.openAi().compactThreshold(120_000).build().compactThreshold());
    }

    @Test
    void openAisFragmentsAreValidResponseCreateParams() throws Exception {
        ServerSideCompaction.OpenAi f = ServerSideCompaction.openAi().compactThreshold(200_000).build();
        ResponseCreateParams.ContextManagement cm = SdkJudges.openAi(f.contextManagement().get(0).toString(),
                ResponseCreateParams.ContextManagement.class).validate();
        assertEquals(200_000L, cm.compactThreshold().orElseThrow());
        assertEquals("compaction", cm.type());

        List<Item> input = List.of(Message.user("Keep going."), ServerSideCompaction.compactionTrigger());
        assertEquals("{\"type\":\"compaction_trigger\"}", input.get(1).toJson());
        ObjectNode body = Json.NODES.objectNode().put("model", "gpt-5.1-codex-max").put("store", false);
        body.set("input", ResponsesItems.toJsonNode(input));
        body.set("context_management", f.contextManagement());
        ResponseCreateParams.Body parsed = SdkJudges.openAi(body.toString(), ResponseCreateParams.Body.class).validate();
        assertEquals(1, parsed.contextManagement().orElseThrow().size());
        assertTrue(parsed.input().orElseThrow().asResponse().get(1).isCompactionTrigger());
        SdkJudges.openAiInputItems(ResponsesItems.toJson(input));
    }

    @Test
    void anthropicsEditsPutThinkingFirstAndNameTheirBetas() {
        ServerSideCompaction.Anthropic f = ServerSideCompaction.anthropic().model("claude-sonnet-4-6")
                .compact().pauseAfterCompaction(true).compactInstructions("Keep file paths.")
                .clearToolUses().keepToolUses(3).clearAtLeast(10_000).excludeTools("read_file").clearToolInputs(true)
                .keepThinkingTurns(2)
                .build();
        int trigger = CompactionPolicy.defaults().triggerAt(ModelCatalog.defaults().lookup("claude-sonnet-4-6").contextWindow());
        assertEquals("{\"edits\":["
                + "{\"type\":\"clear_thinking_20251015\",\"keep\":{\"type\":\"thinking_turns\",\"value\":2}},"
                + "{\"type\":\"clear_tool_uses_20250919\",\"trigger\":{\"type\":\"input_tokens\",\"value\":" + trigger + "},"
                + "\"keep\":{\"type\":\"tool_uses\",\"value\":3},\"clear_at_least\":{\"type\":\"input_tokens\",\"value\":10000},"
                + "\"exclude_tools\":[\"read_file\"],\"clear_tool_inputs\":true},"
                + "{\"type\":\"compact_20260112\",\"trigger\":{\"type\":\"input_tokens\",\"value\":" + trigger + "},"
                + "\"pause_after_compaction\":true,\"instructions\":\"Keep file paths.\"}]}", f.contextManagementJson());
        assertEquals(List.of("context-management-2025-06-27", "compact-2026-01-12"), f.betas());
        assertEquals("context-management-2025-06-27,compact-2026-01-12", f.betaHeader());

        BetaContextManagementConfig cm = SdkJudges.anthropic(f.contextManagementJson(), BetaContextManagementConfig.class)
                .validate();
        List<BetaContextManagementConfig.Edit> edits = cm.edits().orElseThrow();
        assertTrue(edits.get(0).isClearThinking20251015());
        assertTrue(edits.get(1).isClearToolUses20250919());
        assertTrue(edits.get(2).isCompact20260112());
        assertEquals(trigger, edits.get(2).asCompact20260112().trigger().orElseThrow().value());
    }

    @Test
    void compactionAloneNeedsOnlyItsBetaAndAWholeRequestBodyIsValid() {
        ServerSideCompaction.Anthropic f = ServerSideCompaction.anthropic().compactTrigger(60_000).build();
        assertEquals("{\"edits\":[{\"type\":\"compact_20260112\",\"trigger\":{\"type\":\"input_tokens\",\"value\":60000}}]}",
                f.contextManagementJson());
        assertEquals(List.of("compact-2026-01-12"), f.betas());
        ObjectNode body = Json.NODES.objectNode().put("model", "claude-sonnet-4-6").put("max_tokens", 4096);
        body.putArray("messages").addObject().put("role", "user").put("content", "Fix the build.");
        body.set("context_management", f.contextManagement());
        assertTrue(SdkJudges.anthropicBetaBody(body.toString()).contextManagement().isPresent());

        ServerSideCompaction.Anthropic thinking = ServerSideCompaction.anthropic().keepAllThinking().build();
        assertEquals("{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":{\"type\":\"all\"}}]}",
                thinking.contextManagementJson());
        assertEquals(List.of("context-management-2025-06-27"), thinking.betas());
        SdkJudges.anthropic(thinking.contextManagementJson(), BetaContextManagementConfig.class).validate();
    }

    @Test
    void aSmallWindowStillTriggersAtTheDocumentedMinimum() {
        ModelCatalog small = ModelCatalog.defaults().toBuilder()
                .put("tiny-claude", io.github.compact4j.tokens.ModelInfo.of("anthropic", 32_000, 4_000)).build();
        ServerSideCompaction.Anthropic f = ServerSideCompaction.anthropic().model("tiny-claude").modelCatalog(small)
                .compact().build();
        assertTrue(f.contextManagementJson().contains("\"value\":50000"), f.contextManagementJson());
    }

    @Test
    void theBuildersFollowTheContract() {
        assertThrows(IllegalStateException.class, () -> ServerSideCompaction.openAi().build());
        assertThrows(IllegalArgumentException.class, () -> ServerSideCompaction.openAi().compactThreshold(999));
        assertThrows(NullPointerException.class, () -> ServerSideCompaction.openAi().model(null));
        assertThrows(IllegalStateException.class, () -> ServerSideCompaction.anthropic().model("claude-sonnet-4-6").build());
        assertThrows(IllegalStateException.class, () -> ServerSideCompaction.anthropic().compact().build());
        assertThrows(IllegalArgumentException.class, () -> ServerSideCompaction.anthropic().compactTrigger(49_999));
        assertThrows(IllegalArgumentException.class, () -> ServerSideCompaction.anthropic().keepThinkingTurns(0));
        assertThrows(IllegalArgumentException.class, () -> ServerSideCompaction.anthropic().keepToolUses(-1));
    }
}
