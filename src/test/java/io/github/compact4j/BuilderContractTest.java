package io.github.compact4j;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.compact4j.context.CompactionPolicy;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.http.ClientOptions;
import io.github.compact4j.logging.TracingCompactor;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.openai.OpenAiCompactClient;
import io.github.compact4j.registry.Backend;
import io.github.compact4j.registry.FallbackChain;
import io.github.compact4j.registry.Provider;
import io.github.compact4j.summarize.AnthropicSummarizer;
import io.github.compact4j.summarize.ChatCompletionsSummarizer;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One builder contract everywhere: {@link NullPointerException} for a null required argument,
 * {@link IllegalArgumentException} for a bad value in the setter (so the stack points at the line
 * that set it), {@link IllegalStateException} only for a required value missing at {@code build()}.
 */
class BuilderContractTest {

    private static final ToolOutputMaskingCompactor MASKING = ToolOutputMaskingCompactor.builder().build();

    @Test
    void nullRequiredArgumentsThrowNullPointerException() {
        assertThrows(NullPointerException.class, () -> CompactionRequest.builder().model(null));
        assertThrows(NullPointerException.class, () -> CompactionRequest.builder().items(null));
        assertThrows(NullPointerException.class, () -> CompactionRequest.builder().attribute(null, "v"));
        assertThrows(NullPointerException.class, () -> CompactionResult.builder().items(null));
        assertThrows(NullPointerException.class, () -> Backend.builder().provider((String) null));
        assertThrows(NullPointerException.class, () -> ClientOptions.builder().timeout(null));
        assertThrows(NullPointerException.class, () -> ClientOptions.builder().sleeper(null));
        assertThrows(NullPointerException.class, () -> FallbackChain.builder().then(null));
        assertThrows(NullPointerException.class, () -> TracingCompactor.builder(MASKING).attribute("agent_id", null));
        assertThrows(NullPointerException.class, () -> ManagedConversation.builder().compactor(null));
        assertThrows(NullPointerException.class, () -> ManagedConversation.builder().attribute("agent_id", null));
        assertThrows(NullPointerException.class, () -> SummarizingFallbackCompactor.builder().summarizer(null));
        assertThrows(NullPointerException.class, () -> ChatCompletionsSummarizer.builder().model(null));
        assertThrows(NullPointerException.class, () -> Provider.builder(null));
    }

    @Test
    void badValuesThrowIllegalArgumentExceptionInTheSetter() {
        assertThrows(IllegalArgumentException.class, () -> CompactionRequest.builder().model(" "));
        assertThrows(IllegalArgumentException.class, () -> CompactionRequest.builder().attribute("has space", "v"));
        assertThrows(IllegalArgumentException.class, () -> CompactionRequest.builder().traceId("not-hex"));
        assertThrows(IllegalArgumentException.class, () -> CompactionRequest.builder().tools("{\"not\":\"an array\"}"));
        assertThrows(IllegalArgumentException.class, () -> CompactionRequest.builder().targetTokens(-1));
        assertThrows(IllegalArgumentException.class, () -> CompactionResult.builder().tokensBefore(-1));
        assertThrows(IllegalArgumentException.class, () -> Usage.builder().inputTokens(-1));
        assertThrows(IllegalArgumentException.class, () -> CompactionPolicy.builder().triggerRatio(1.5));
        assertThrows(IllegalArgumentException.class, () -> CompactionPolicy.builder().minSavingRatio(1.0));
        assertThrows(IllegalArgumentException.class, () -> Backend.builder().provider("no-such-provider"));
        assertThrows(IllegalArgumentException.class, () -> Backend.builder().baseUrl("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().maxRetries(-1));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().baseUrl("localhost:8080"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().apiKey("sk has space"));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().header("Authorization", "x"));
        assertThrows(IllegalArgumentException.class, () -> OpenAiCompactClient.builder().azureResource("bad name"));
        assertThrows(IllegalArgumentException.class, () -> AnthropicSummarizer.builder().temperature(1.5));
        assertThrows(IllegalArgumentException.class, () -> TracingCompactor.builder(MASKING).attribute("a b", "v"));
        assertThrows(IllegalArgumentException.class, () -> ManagedConversation.builder().attribute("a b", "v"));
        assertThrows(IllegalArgumentException.class, () -> ManagedConversation.builder().contextWindow(0));
        assertThrows(IllegalArgumentException.class, () -> ToolOutputMaskingCompactor.builder().keepRecentTurns(-1));
        assertThrows(IllegalArgumentException.class, () -> SummarizingFallbackCompactor.builder().keepRecentTokens(-1));
    }

    @Test
    void aRequiredValueMissingAtBuildThrowsIllegalStateException() {
        assertThrows(IllegalStateException.class, () -> CompactionRequest.builder().items(List.of()).build());
        assertThrows(IllegalStateException.class, () -> CompactionRequest.builder().model("m").build());
        assertThrows(IllegalStateException.class, () -> CompactionResult.builder().items(List.of()).strategy("s").build());
        assertThrows(IllegalStateException.class, () -> Backend.builder().model("m").build());
        assertThrows(IllegalStateException.class, () -> Backend.builder().provider("openai-compatible").model("m")
                .environment(Map.of()).build(), "no base URL anywhere");
        assertThrows(IllegalStateException.class, () -> FallbackChain.builder().build());
        assertThrows(IllegalStateException.class, () -> ManagedConversation.builder().model("m").build());
        assertThrows(IllegalStateException.class, () -> ManagedConversation.builder().compactor(MASKING).build());
        assertThrows(IllegalStateException.class, () -> SummarizingFallbackCompactor.builder().build());
        assertThrows(IllegalStateException.class, () -> OpenAiCompactClient.builder().build());
        assertThrows(IllegalStateException.class, () -> OpenAiCompactClient.builder().fromEnv(Map.of()).build());
        assertThrows(IllegalStateException.class, () -> ChatCompletionsSummarizer.builder().build());
        assertThrows(IllegalStateException.class, () -> AnthropicSummarizer.builder().model("claude-haiku-4-5").build());
    }
}
