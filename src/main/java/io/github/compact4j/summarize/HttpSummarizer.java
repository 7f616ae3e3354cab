package io.github.compact4j.summarize;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.compact4j.internal.http.Endpoint;
import io.github.compact4j.internal.http.HttpResult;
import io.github.compact4j.internal.http.ResponseReader;
import java.io.IOException;
import java.util.Objects;

/**
 * What the library's HTTP summarizers share: one call per summary through their {@link Endpoint},
 * a refusal turned into a {@link SummaryRejectedException}, and the description. Each subclass
 * writes its API's request body and reads its answer, nothing else.
 */
abstract class HttpSummarizer implements Summarizer {

    private final Endpoint endpoint;
    private final String backend;
    private final ResponseReader<Reply> reader;
    final String model;
    final Double temperature;

    /**
     * @param endpoint where the calls go
     * @param backend names the backend in a refusal, e.g. "Anthropic"
     * @param reader reads the API's answer
     * @param builder the model and temperature
     */
    HttpSummarizer(Endpoint endpoint, String backend, ResponseReader<Reply> reader, SummarizerBuilder<?> builder) {
        this.endpoint = endpoint;
        this.backend = backend;
        this.reader = reader;
        this.model = builder.model();
        this.temperature = builder.temperature();
    }

    /**
     * Makes one call (plus retries).
     *
     * @param request what to summarize; its instructions become the system prompt or message
     * @return the summary, whether the output limit cut it off, the usage and the request ids
     * @throws io.github.compact4j.errors.CompactionException when the call fails: an
     *     {@code ApiException} subtype for an error status, {@code InvalidResponseException} for
     *     an answer without a usable summary, {@link SummaryRejectedException} for a refusal
     */
    @Override
    public final Summary summarize(SummaryRequest request) {
        Objects.requireNonNull(request, "request");
        String instructions = request.instructions();
        String user = request.userMessage();
        int limit = request.maxOutputTokens();
        HttpResult<Reply> r = endpoint.post(g -> writeBody(g, instructions, user, limit), reader);
        Reply reply = r.value();
        if (reply.refusal() != null) {
            // the refusal's own words are left out: they may quote the conversation
            throw new SummaryRejectedException(SummaryRejectedException.Reason.REFUSED,
                    "The " + backend + " model declined to write the summary (" + reply.refusal() + ")", r.requestIds());
        }
        return new Summary(reply.text(), reply.truncated(), reply.usage(), r.requestIds());
    }

    /**
     * Writes the API's request body, streamed into the socket.
     *
     * @param g where to write
     * @param instructions the summarizer's instructions
     * @param user the one user message
     * @param limit the output budget
     * @throws IOException when writing fails
     */
    abstract void writeBody(JsonGenerator g, String instructions, String user, int limit) throws IOException;

    /**
     * @param name the class name
     * @param own the subclass's own settings, as {@code , name=value} pairs
     * @return the description, never the key
     */
    final String describe(String name, String own) {
        return name + "{" + endpoint.describe() + ", model=" + model + own
                + (temperature != null ? ", temperature=" + temperature : "") + "}";
    }
}
