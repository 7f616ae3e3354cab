package io.github.compact4j.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.openai.OpenAiCompactClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every strategy path, end to end against the scripted local server, on every API the harness speaks. */
class ScriptedRunTest {

    private static List<CorpusConversation> corpus;
    private static PriceTable prices;

    @BeforeAll
    static void load() {
        corpus = Corpus.load(Path.of("corpus")).stream().filter(c -> Set.of("multi-agent", "compacted-once")
                .contains(c.name())).toList();
        prices = PriceTable.load(Path.of("prices.properties"));
        assertEquals(2, corpus.size());
    }

    @ParameterizedTest
    @CsvSource({"CHAT, RESPONSES", "ANTHROPIC, ANTHROPIC", "CHAT, CHAT"})
    void everyStrategyRunsAndIsLabelled(Target.Api summaries, Target.Api answers) {
        try (ScriptedServer server = new ScriptedServer()) {
            Target t = Target.scripted(server, "gpt-5.1", summaries, answers);
            List<String[]> probeLines = new ArrayList<>();
            List<Row> rows = SavingsHarness.run(corpus, List.of(t), prices, true, probeLines, s -> { });

            assertEquals(corpus.size() * 8, rows.size());
            int probes = corpus.stream().mapToInt(c -> c.probes().size()).sum();
            assertEquals(probes * 8, probeLines.size());
            for (Row r : rows) {
                assertEquals("scripted local server", r.answeredBy());
                assertFalse(r.note().startsWith("compaction failed"), r.strategy() + ": " + r.note());
                assertEquals(r.probesAsked(), corpus.stream().filter(c -> c.name().equals(r.conversation()))
                        .findFirst().orElseThrow().probes().size());
                switch (r.strategy()) {
                    case Target.FULL_HISTORY -> {
                        assertEquals(r.probesAsked(), r.probesRight(), () -> "every probe is answerable on the full "
                                + "history; wrong: " + probeLines.stream().filter(l -> l[0].equals(r.conversation())
                                        && l[1].equals(Target.FULL_HISTORY) && l[7].equals("false"))
                                        .map(l -> l[4] + " -> " + l[6]).toList());
                        assertEquals(r.tokensBefore(), r.tokensAfter());
                    }
                    case Target.MASKING -> {
                        assertEquals(Target.LOCAL, r.compactedBy());
                        assertEquals(0, r.modelCalls());
                        assertNull(r.costUsd());
                        assertTrue(r.tokensAfter() < r.tokensBefore());
                    }
                    case Target.HYBRID -> {
                        // the policy's target: masking reaches it on these two tool-heavy conversations
                        assertEquals(SavingsHarness.policyTarget((int) r.tokensBefore()), r.targetTokens());
                        assertEquals("scripted local server", r.compactedBy());
                        assertEquals(0, r.modelCalls(), r.note());
                        assertEquals("masking", r.steps());
                        assertTrue(r.tokensAfter() <= r.targetTokens(), r.tokensAfter() + " > " + r.targetTokens());
                        assertTrue(r.note().startsWith("Masked only"), r.note());
                    }
                    case Target.NATIVE, Target.NATIVE_ANTHROPIC, Target.NATIVE_XAI, Target.SUMMARIZING, Target.CUSTOM -> {
                        assertEquals(switch (r.strategy()) {
                            case Target.NATIVE_ANTHROPIC -> "scripted local server (Anthropic wire format)";
                            case Target.NATIVE_XAI -> "scripted local server (xAI wire format)";
                            default -> "scripted local server";
                        }, r.compactedBy());
                        assertTrue(r.modelCalls() >= 1, r.strategy());
                        assertTrue(r.callInputTokens() > 0 && r.callOutputTokens() > 0, r.strategy());
                        assertNotNull(r.costUsd(), r.strategy());
                        assertTrue(r.costUsd() > 0, r.strategy());
                        assertTrue(r.tokensAfter() < r.tokensBefore(), r.strategy());
                        assertTrue(r.itemsAfter() < r.itemsBefore(), r.strategy());
                    }
                    default -> throw new AssertionError("unexpected strategy " + r.strategy());
                }
            }
            List<String> paths = server.paths();
            assertTrue(paths.contains("/v1/responses/compact"), paths.toString());
            String summaryPath = summaries == Target.Api.CHAT ? "/v1/chat/completions" : "/v1/messages";
            String answerPath = switch (answers) {
                case RESPONSES -> "/v1/responses";
                case CHAT -> "/v1/chat/completions";
                case ANTHROPIC -> "/v1/messages";
            };
            assertTrue(paths.contains(summaryPath), paths.toString());
            assertTrue(paths.contains(answerPath), paths.toString());
            assertTrue(paths.contains("/xai/v1/responses/compact"), paths.toString());
            assertTrue(paths.contains("/v1/messages"), "Anthropic's compaction: " + paths);
            Set<String> used = new HashSet<>(List.of("/v1/responses/compact", "/xai/v1/responses/compact",
                    "/v1/messages", summaryPath, answerPath));
            assertTrue(used.containsAll(paths), "no other endpoint: " + paths);
        }
    }

    @Test
    void belowWhatMaskingReachesTheHybridSummarizesTheMaskedConversationForLess() {
        try (ScriptedServer server = new ScriptedServer()) {
            Target t = Target.scripted(server, "gpt-5.1", Target.Api.CHAT, Target.Api.RESPONSES);
            List<Row> rows = SavingsHarness.run(corpus, List.of(t), prices, false, tokens -> tokens / 4,
                    new ArrayList<>(), s -> { });
            for (CorpusConversation c : corpus) {
                Row summarizing = row(rows, c.name(), Target.SUMMARIZING);
                Row hybrid = row(rows, c.name(), Target.HYBRID);
                assertEquals("masking > summarizing", hybrid.steps(), hybrid.note());
                assertEquals(1, hybrid.modelCalls());
                assertTrue(hybrid.summarizerInputTokens() < summarizing.summarizerInputTokens() / 2,
                        c.name() + ": the hybrid's summarizer read " + hybrid.summarizerInputTokens()
                                + " tokens, summarizing's " + summarizing.summarizerInputTokens());
                assertTrue(hybrid.tokensAfter() <= hybrid.targetTokens(), hybrid.note());
            }
        }
    }

    private static Row row(List<Row> rows, String conversation, String strategy) {
        return rows.stream().filter(r -> r.conversation().equals(conversation) && r.strategy().equals(strategy))
                .findFirst().orElseThrow();
    }

    @Test
    void theScriptedCompactionItemIsReadBackWhenTheHistoryIsSentAgain() {
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Set up the build server."));
        items.add(Message.assistant("Decision: the build server is called hopper-7 and runs on port 8123."));
        for (int i = 0; i < 40; i++) {
            items.add(Message.user("Status update number " + i + ", please."));
            items.add(Message.assistant("Everything is quiet, nothing new to report at step " + i + "."));
        }
        try (ScriptedServer server = new ScriptedServer()) {
            CompactionResult r = OpenAiCompactClient.builder().apiKey("no-key").baseUrl(server.openAiBaseUrl())
                    .maxRetries(0).build().compact(CompactionRequest.builder().model("gpt-5.1").items(items).build());
            List<Item> compactions = r.items().stream().filter(Compaction.class::isInstance).toList();
            assertEquals(1, compactions.size());
            assertTrue(((Compaction) compactions.get(0)).field("encrypted_content").orElseThrow().asText()
                    .startsWith(ScriptedServer.SCRIPTED_PREFIX));
            assertFalse(r.items().stream().anyMatch(i -> i instanceof Message m && m.text().contains("hopper-7")),
                    "the fact is only inside the compaction item");
            String answer = new ResponsesApi(server.openAiBaseUrl(), "no-key", "gpt-5.1").ask(r.items(),
                    ProbeQuestions.INSTRUCTIONS, ProbeQuestions.message("What is the build server called?"), 100).text();
            assertTrue(Scoring.matches(answer, "hopper-7"), answer);
        }
    }

    @Test
    void anthropicsBlockAndXaisItemAreReadBackWhenTheHistoryIsSentAgain() {
        List<Item> items = new ArrayList<>();
        items.add(Message.user("Set up the build server."));
        items.add(Message.assistant("Decision: the build server is called hopper-7 and runs on port 8123."));
        for (int i = 0; i < 40; i++) {
            items.add(Message.user("Status update number " + i + ", please."));
            items.add(Message.assistant("Everything is quiet, nothing new to report at step " + i + "."));
        }
        try (ScriptedServer server = new ScriptedServer()) {
            CompactionRequest request = CompactionRequest.builder().model("claude-sonnet-4-5").items(items).build();
            CompactionResult claude = io.github.compact4j.anthropic.AnthropicCompactClient.builder().apiKey("no-key")
                    .baseUrl(server.anthropicBaseUrl()).keepRecentTokens(200).maxRetries(0).build().compact(request);
            assertEquals("anthropic-compact", claude.strategy());
            io.github.compact4j.conversation.CompactionBlock block = io.github.compact4j.conversation.CompactionBlock
                    .of(claude.items().get(0)).orElseThrow();
            assertTrue(block.summary().contains("hopper-7"), block.summary());
            String viaMessages = new AnthropicApi(server.anthropicBaseUrl(), "no-key", "claude-sonnet-4-5").ask(
                    claude.items(), ProbeQuestions.INSTRUCTIONS, ProbeQuestions.message("What is the build server called?"),
                    100).text();
            assertTrue(Scoring.matches(viaMessages, "hopper-7"), viaMessages);

            CompactionResult grok = OpenAiCompactClient.builder().apiKey("no-key").baseUrl(server.xaiBaseUrl())
                    .maxRetries(0).build().compact(request);
            assertEquals(1, grok.items().size(), "xAI keeps no messages");
            String viaResponses = new ResponsesApi(server.openAiBaseUrl(), "no-key", "grok-4.6").ask(grok.items(),
                    ProbeQuestions.INSTRUCTIONS, ProbeQuestions.message("What is the build server called?"), 100).text();
            assertTrue(Scoring.matches(viaResponses, "hopper-7"), viaResponses);
        }
    }

    @Test
    void aQuestionWithNothingToFindIsUnknown() {
        assertEquals(ScriptedModel.UNKNOWN, ScriptedModel.answer("The sky is blue today.", "Which port did we pick?"));
    }

    @Test
    void theScriptedSummaryKeepsToItsBudgetAndPrefersFacts() {
        StringBuilder text = new StringBuilder("We decided to use port 6543 for staging.\n");
        for (int i = 0; i < 500; i++) {
            text.append("Nothing much happened here, just chatting along about the weather again.\n");
        }
        String s = ScriptedModel.summarize(text.toString(), null, 200, io.github.compact4j.tokens.TokenCounter.defaultCounter());
        assertTrue(s.contains("port 6543"), s);
        assertTrue(io.github.compact4j.tokens.TokenCounter.defaultCounter().count(s) <= 200 + 10, s);
    }

    @Test
    void withoutKeysThereIsNoRealTargetAndWithKeysNoCallIsMadeToBuildOne() {
        assertTrue(Target.fromEnv(Map.of()).isEmpty());
        List<Target> targets = Target.fromEnv(Map.of("OPENAI_API_KEY", "sk-test-not-used", "ANTHROPIC_API_KEY",
                "sk-ant-test-not-used", "COMPACT4J_BASE_URL", "http://127.0.0.1:9/v1", "COMPACT4J_MODEL", "llama3.1"));
        assertEquals(List.of("OpenAI gpt-5.1", "Anthropic claude-sonnet-4-5", "llama3.1 at http://127.0.0.1:9/v1"),
                targets.stream().map(t -> t.label).toList());
        assertEquals(List.of(Target.NATIVE, Target.MASKING, Target.SUMMARIZING, Target.HYBRID, Target.CUSTOM),
                targets.get(0).strategies.stream().map(Target.Strategy::label).toList());
        assertFalse(targets.get(1).strategies.stream().anyMatch(s -> s.label().equals(Target.NATIVE)),
                "no native compaction on Anthropic");
        for (Target t : targets) {
            assertFalse(t.description.contains("not-used"), "no key in the report: " + t.description);
        }
    }
}
