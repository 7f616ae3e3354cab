package io.github.compact4j.langchain4j;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.compact4j.Usage;
import io.github.compact4j.errors.ApiErrors;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.errors.CompactionTimeoutException;
import io.github.compact4j.errors.ConnectionException;
import io.github.compact4j.errors.InvalidResponseException;
import io.github.compact4j.summarize.Summarizer;
import io.github.compact4j.summarize.Summary;
import io.github.compact4j.summarize.SummaryRejectedException;
import io.github.compact4j.summarize.SummaryRequest;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Objects;

/**
 * A compact4j {@link Summarizer} on any LangChain4j {@link ChatModel}: Gemini, Bedrock, Vertex AI,
 * Mistral, Ollama, Azure OpenAI, and every other provider LangChain4j supports get compact4j's
 * summarizing strategies.
 *
 * <pre>{@code
 * ContextCompactor compactor = SummarizingFallbackCompactor.builder()
 *         .summarizer(ChatModelSummarizer.of(geminiModel))
 *         .build();
 * }</pre>
 *
 * <p>Each call sends the request's instructions as a {@link SystemMessage} and its
 * {@link SummaryRequest#userMessage()} as one {@link UserMessage}, with the output budget as
 * {@code maxOutputTokens}. The summary reports the usage and the finish reason LangChain4j gives
 * ({@code LENGTH} means cut off), and the response id as its request id. Failures become
 * {@link CompactionException}s a fallback chain understands: an HTTP status through
 * {@link ApiErrors}, a timeout, a connection failure, a content filter as a refused summary.
 */
public final class ChatModelSummarizer implements Summarizer {

    private final ChatModel model;
    private final boolean sendMaxOutputTokens;

    private ChatModelSummarizer(ChatModel model, boolean sendMaxOutputTokens) {
        this.model = model;
        this.sendMaxOutputTokens = sendMaxOutputTokens;
    }

    /**
     * @param model the model that writes the summaries
     * @return the summarizer
     */
    public static ChatModelSummarizer of(ChatModel model) {
        return new ChatModelSummarizer(Objects.requireNonNull(model, "model"), true);
    }

    /**
     * @return a copy that leaves the output budget to the model's own settings, for providers
     *     whose LangChain4j module refuses {@code maxOutputTokens} on a request
     */
    public ChatModelSummarizer withoutMaxOutputTokens() {
        return new ChatModelSummarizer(model, false);
    }

    @Override
    public Summary summarize(SummaryRequest request) {
        Objects.requireNonNull(request, "request");
        ChatRequest.Builder b = ChatRequest.builder()
                .messages(SystemMessage.from(request.instructions()), UserMessage.from(request.userMessage()));
        if (sendMaxOutputTokens) {
            b.maxOutputTokens(request.maxOutputTokens());
        }
        ChatResponse response;
        try {
            response = model.chat(b.build());
        } catch (RuntimeException e) {
            throw failure(e);
        }
        List<String> ids = response.id() == null ? List.of() : List.of(response.id());
        if (response.finishReason() == FinishReason.CONTENT_FILTER) {
            throw new SummaryRejectedException(SummaryRejectedException.Reason.REFUSED,
                    "The LangChain4j model declined to write the summary (finish reason CONTENT_FILTER)", ids);
        }
        if (response.aiMessage() == null) {
            throw new InvalidResponseException(CompactionException.details("LangChain4j summarization failed")
                    .backendMessage("the model's response holds no message").requestIds(ids));
        }
        String text = response.aiMessage().text();
        return new Summary(text == null ? "" : text, response.finishReason() == FinishReason.LENGTH,
                usage(response.tokenUsage()), ids);
    }

    private static Usage usage(TokenUsage u) {
        if (u == null) {
            return Usage.unreported();
        }
        return Usage.builder()
                .inputTokens(u.inputTokenCount() == null ? 0 : u.inputTokenCount())
                .outputTokens(u.outputTokenCount() == null ? 0 : u.outputTokenCount())
                .modelCalls(1)
                .build();
    }

    /** The compact4j exception for what the model call threw, its cause kept. */
    static CompactionException failure(RuntimeException e) {
        if (e instanceof CompactionException ce) {
            return ce;
        }
        String what = "LangChain4j summarization failed";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h) {
                CompactionException.Details d = ApiErrors.fromResponse(what, h.statusCode(),
                        h.getMessage() == null ? "" : h.getMessage());
                return ApiErrors.forStatus(d.cause(e));
            }
            if (t instanceof ContentFilteredException) {
                return new SummaryRejectedException(SummaryRejectedException.Reason.REFUSED,
                        "The LangChain4j model declined to write the summary (content filtered)", List.of());
            }
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return new CompactionTimeoutException(CompactionException.details(what)
                        .backendMessage(String.valueOf(t.getMessage())).cause(e)
                        .hint("The model did not answer in time: raise the ChatModel's timeout."));
            }
            if (t instanceof UnresolvedModelServerException || t instanceof IOException) {
                return new ConnectionException(CompactionException.details(what)
                        .backendMessage(String.valueOf(t.getMessage())).cause(e)
                        .hint("Check the ChatModel's base URL and the network."));
            }
        }
        return new CompactionException(what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "ChatModelSummarizer{" + model.getClass().getSimpleName() + ", provider=" + model.provider() + "}";
    }
}
