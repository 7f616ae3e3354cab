package io.github.compact4j.springai;

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
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A compact4j {@link Summarizer} on any Spring AI {@link ChatModel}: every provider Spring AI
 * supports (OpenAI, Anthropic, Ollama, Bedrock, Vertex AI, Mistral, ...) gets compact4j's
 * summarizing strategies.
 *
 * <pre>{@code
 * ContextCompactor compactor = SummarizingFallbackCompactor.builder()
 *         .summarizer(ChatModelSummarizer.of(chatModel))
 *         .build();
 * }</pre>
 *
 * <p>Each call sends the request's instructions as a {@link SystemMessage} and its
 * {@link SummaryRequest#userMessage()} as one {@link UserMessage}, with the output budget as
 * {@code maxTokens} on a copy of the model's default options. The summary reports the usage and the finish reason Spring AI gives
 * ({@code length} or {@code max_tokens} mean cut off), and the response id as its request id.
 * Failures become {@link CompactionException}s a fallback chain understands: an HTTP status the
 * exception exposes ({@code statusCode()} or {@code getStatusCode()}) through {@link ApiErrors},
 * a timeout, a connection failure, a content filter as a refused summary.
 */
public final class ChatModelSummarizer implements Summarizer {

    private static final Set<String> CUT_OFF = Set.of("length", "max_tokens", "max_output_tokens");
    private static final Set<String> FILTERED = Set.of("content_filter", "safety", "refusal");

    private final ChatModel model;
    private final boolean sendMaxTokens;

    private ChatModelSummarizer(ChatModel model, boolean sendMaxTokens) {
        this.model = model;
        this.sendMaxTokens = sendMaxTokens;
    }

    /**
     * @param model the model that writes the summaries
     * @return the summarizer
     */
    public static ChatModelSummarizer of(ChatModel model) {
        return new ChatModelSummarizer(Objects.requireNonNull(model, "model"), true);
    }

    /** @return a copy that leaves the output budget to the model's default options */
    public ChatModelSummarizer withoutMaxTokens() {
        return new ChatModelSummarizer(model, false);
    }

    @Override
    public Summary summarize(SummaryRequest request) {
        Objects.requireNonNull(request, "request");
        Prompt prompt = new Prompt(List.of(new SystemMessage(request.instructions()), new UserMessage(request.userMessage())),
                sendMaxTokens ? withMaxTokens(request.maxOutputTokens()) : null);
        ChatResponse response;
        try {
            response = model.call(prompt);
        } catch (RuntimeException e) {
            throw failure(e);
        }
        String id = response == null ? null : response.getMetadata().getId();
        List<String> ids = id == null || id.isEmpty() ? List.of() : List.of(id);
        Generation g = response == null ? null : response.getResult();
        if (g == null) {
            throw new InvalidResponseException(CompactionException.details("Spring AI summarization failed")
                    .backendMessage("the model's response holds no generation").requestIds(ids));
        }
        String finish = g.getMetadata().getFinishReason();
        finish = finish == null ? "" : finish.toLowerCase(Locale.ROOT);
        if (FILTERED.contains(finish)) {
            throw new SummaryRejectedException(SummaryRejectedException.Reason.REFUSED,
                    "The Spring AI model declined to write the summary (finish reason " + finish + ")", ids);
        }
        String text = g.getOutput().getText();
        return new Summary(text == null ? "" : text, CUT_OFF.contains(finish), usage(response), ids);
    }

    /**
     * The model's own default options with the output budget: a model may accept its own options
     * type only (Spring AI's OpenAI model refuses a plain {@code ChatOptions}). Spring AI 2.0 marks
     * {@code getDefaultOptions()} for removal without a replacement that gives the options type.
     */
    @SuppressWarnings("removal")
    private ChatOptions withMaxTokens(int tokens) {
        ChatOptions defaults = model.getDefaultOptions();
        return (defaults != null ? defaults.mutate() : ChatOptions.builder()).maxTokens(tokens).build();
    }

    private static Usage usage(ChatResponse response) {
        org.springframework.ai.chat.metadata.Usage u = response.getMetadata().getUsage();
        if (u == null || u.getPromptTokens() == null && u.getCompletionTokens() == null) {
            return Usage.unreported();
        }
        return Usage.builder()
                .inputTokens(u.getPromptTokens() == null ? 0 : u.getPromptTokens())
                .outputTokens(u.getCompletionTokens() == null ? 0 : u.getCompletionTokens())
                .modelCalls(1)
                .build();
    }

    /** The compact4j exception for what the model call threw, its cause kept. */
    static CompactionException failure(RuntimeException e) {
        if (e instanceof CompactionException ce) {
            return ce;
        }
        String what = "Spring AI summarization failed";
        for (Throwable t = e; t != null; t = t.getCause()) {
            int status = status(t);
            if (status >= 400) {
                return ApiErrors.forStatus(ApiErrors.fromResponse(what, status, body(t)).cause(e));
            }
            if (isTimeout(t)) {
                return new CompactionTimeoutException(CompactionException.details(what)
                        .backendMessage(String.valueOf(t.getMessage())).cause(e)
                        .hint("The model did not answer in time: raise the ChatModel's timeout."));
            }
        }
        // only now: a timeout is an I/O failure too, and may sit below another one in the chain
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new ConnectionException(CompactionException.details(what)
                        .backendMessage(String.valueOf(t.getMessage())).cause(e)
                        .hint("Check the ChatModel's base URL and the network."));
            }
        }
        return new CompactionException(what + ": " + e.getMessage(), e);
    }

    /**
     * A timeout by its type: the JDK's, a framework's {@code ...Timeout...} exception, or an
     * {@link InterruptedIOException} (the type of {@code SocketTimeoutException}, and the one OkHttp,
     * under OpenAI's Java SDK, throws with "timeout" when its call timeout closes the socket), but
     * not the one Okio throws for a thread that was interrupted.
     */
    private static boolean isTimeout(Throwable t) {
        return t instanceof java.net.http.HttpTimeoutException || t.getClass().getSimpleName().contains("Timeout")
                || t instanceof InterruptedIOException && !"interrupted".equals(t.getMessage());
    }

    /** The HTTP status a client's exception carries, found by its accessor's name; 0 when none. */
    private static int status(Throwable t) {
        for (String name : new String[] {"statusCode", "getStatusCode", "getRawStatusCode"}) {
            try {
                Method m = t.getClass().getMethod(name);
                Object v = m.invoke(t);
                if (v instanceof Integer i) {
                    return i;
                }
                if (v != null) {
                    Method value = v.getClass().getMethod("value");
                    Object n = value.invoke(v);
                    if (n instanceof Integer i) {
                        return i;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not this client's accessor
            }
        }
        return 0;
    }

    private static String body(Throwable t) {
        for (String name : new String[] {"getResponseBodyAsString", "body"}) {
            try {
                Object v = t.getClass().getMethod(name).invoke(t);
                if (v instanceof String s && !s.isEmpty()) {
                    return s;
                }
                if (v != null && !(v instanceof String)) {
                    String s = v.toString();
                    if (!s.isEmpty()) {
                        return s;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not this client's accessor
            }
        }
        return t.getMessage() == null ? "" : t.getMessage();
    }

    @Override
    public String toString() {
        return "ChatModelSummarizer{" + model.getClass().getSimpleName() + "}";
    }
}
