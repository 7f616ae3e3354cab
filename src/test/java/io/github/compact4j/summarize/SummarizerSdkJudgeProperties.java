package io.github.compact4j.summarize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.testing.ConversationFormat;
import io.github.compact4j.testing.HistoryJudge;
import io.github.compact4j.testing.MultiFormatConversations;
import io.github.compact4j.testing.SdkJudges;
import io.github.compact4j.tokens.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The official SDKs judge the summarizing strategy over generated conversations in the three
 * formats: every body {@link ChatCompletionsSummarizer} sends is a valid openai-java
 * {@code ChatCompletionCreateParams.Body}, every body {@link AnthropicSummarizer} sends a valid
 * anthropic-java {@code MessageCreateParams.Body}, whatever the part, the budget or the
 * temperature; and every history {@link SummarizingFallbackCompactor} returns is valid in each
 * format its input is valid in ({@link HistoryJudge}).
 */
class SummarizerSdkJudgeProperties {

    private static final TokenCounter COUNTER = TokenCounter.defaultCounter();
    private static final String SUMMARY = "Task: make the build pass. Done: FooTest fixed. Next: run the full build.";

    enum Api { CHAT_COMPLETIONS, ANTHROPIC }

    @Property(tries = 40)
    void everyBodyASummarizerSendsIsValidForItsSdk(@ForAll Api api, @ForAll ConversationFormat format,
            @ForAll Random r) throws Exception {
        HistoryJudge.Source source = HistoryJudge.source(format, r, 12, r.nextBoolean());
        List<String> bodies = new ArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    synchronized (bodies) {
                        bodies.add(request.getBody().readUtf8());
                    }
                    return api == Api.ANTHROPIC
                            ? SummarizerFixtures.anthropicOk(SummarizerFixtures.anthropicMessage(SUMMARY, "end_turn"))
                            : SummarizerFixtures.chatOk(SummarizerFixtures.chatCompletion(SUMMARY, "stop"));
                }
            });
            server.start();
            Summarizer summarizer = summarizer(api, server, r);
            SummarizingFallbackCompactor.Builder compactor = SummarizingFallbackCompactor.builder()
                    .summarizer(summarizer).tokenCounter(COUNTER).keepRecentTokens(r.nextInt(3_000))
                    .maxSummaryTokens(64 + r.nextInt(4_000));
            if (r.nextBoolean()) {
                // small parts: several calls, the later ones with the running summary
                compactor.chunkTokens(512 + r.nextInt(2_000));
            }
            CompactionRequest.Builder request = CompactionRequest.builder().model("gpt-5.1").items(source.items())
                    .minSavingRatio(0);
            if (r.nextBoolean()) {
                request.instructions(MultiFormatConversations.text(r, 5, 30));
            }
            try {
                compactor.build().compact(request.build());
            } catch (SummaryRejectedException e) {
                // the bodies were sent all the same; a summary longer than what it replaces is refused
                Statistics.label("outcome").collect("summary rejected");
            }
            Statistics.label("calls").collect(bodies.isEmpty() ? "none" : bodies.size() == 1 ? "one" : "several");
            Statistics.label("calls").coverage(c -> c.check("none").percentage(p -> p <= 40));
            for (String body : bodies) {
                if (api == Api.ANTHROPIC) {
                    // temperature: the summarizer sends anthropic-version 2023-06-01, which has it;
                    // anthropic-java 3.16.0 models 2026-10-21, which removed it, so its body class lacks it
                    com.anthropic.models.messages.MessageCreateParams.Body b = SdkJudges.anthropicBody(body, "temperature");
                    assertEquals(1, b.messages().size());
                    assertTrue(b.system().isPresent());
                } else {
                    ChatCompletionCreateParams.Body b = SdkJudges.chatCompletionBody(body);
                    assertEquals(2, b.messages().size());
                    assertTrue(b.messages().get(0).isSystem() && b.messages().get(1).isUser(), body);
                    assertTrue(b.maxTokens().isPresent() != b.maxCompletionTokens().isPresent(), "one output limit");
                }
            }
        }
    }

    @Property(tries = 40)
    void everyHistoryTheSummarizingStrategyReturnsIsValidForTheSdks(@ForAll ConversationFormat format,
            @ForAll Random r) {
        HistoryJudge.Source source = HistoryJudge.source(format, r, 14, r.nextBoolean());
        Summarizer inProcess = request -> Summary.of("Summary of " + request.items().size() + " items: "
                + MultiFormatConversations.text(r, 3, 30));
        SummarizingFallbackCompactor compactor = SummarizingFallbackCompactor.builder().summarizer(inProcess)
                .tokenCounter(COUNTER).keepRecentTokens(r.nextInt(2_000)).build();
        CompactionResult result;
        try {
            result = compactor.compact(CompactionRequest.builder().model("gpt-5.1").items(source.items())
                    .minSavingRatio(0).build());
        } catch (SummaryRejectedException e) {
            Statistics.label("outcome").collect("summary rejected");
            return;
        }
        Statistics.label("outcome").collect(result.items().size() < source.items().size() ? "summarized" : "unchanged");
        Statistics.label("outcome").coverage(c -> c.check("summarized").percentage(p -> p >= 40));
        HistoryJudge.judgeEveryFormat(source, result.items());
    }

    private static Summarizer summarizer(Api api, MockWebServer server, Random r) {
        if (api == Api.ANTHROPIC) {
            AnthropicSummarizer.Builder b = AnthropicSummarizer.builder().baseUrl(server.url("/").toString())
                    .apiKey(SummarizerFixtures.ANTHROPIC_KEY).model(r.nextBoolean() ? "claude-haiku-4-5" : "claude-sonnet-4-5")
                    .sleeper(d -> { }).jitter(() -> 0.0);
            if (r.nextBoolean()) {
                b.temperature(r.nextInt(11) / 10.0);
            }
            return b.build();
        }
        String[] models = {"gpt-4o-mini", "gpt-5-mini", "o4-mini", "qwen2.5-coder:14b"};
        ChatCompletionsSummarizer.Builder b = ChatCompletionsSummarizer.builder().baseUrl(server.url("/v1").toString())
                .apiKey(SummarizerFixtures.OPENAI_KEY).model(models[r.nextInt(models.length)])
                .tokenLimitParameter(ChatCompletionsSummarizer.TokenLimitParameter.values()[r.nextInt(3)])
                .sleeper(d -> { }).jitter(() -> 0.0);
        if (r.nextBoolean()) {
            b.temperature(r.nextInt(21) / 10.0);
        }
        return b.build();
    }
}
