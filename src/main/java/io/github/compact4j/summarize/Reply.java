package io.github.compact4j.summarize;

import io.github.compact4j.Usage;
import io.github.compact4j.internal.http.Endpoint;
import io.github.compact4j.internal.http.HttpResult;
import io.github.compact4j.internal.http.JsonBody;
import io.github.compact4j.internal.http.ResponseReader;

/**
 * What the built-in summarizers read from a model's answer, before it becomes a {@link Summary}.
 *
 * @param text the text the model wrote; empty when it wrote none
 * @param truncated whether the output limit cut it off
 * @param refusal why the model declined, e.g. "message.refusal" or "stop_reason: refusal"; null
 *     when it did not
 * @param usage the tokens the backend reported, with one model call
 */
record Reply(String text, boolean truncated, String refusal, Usage usage) {

    /**
     * Sends one summarization request and turns the answer into a summary.
     *
     * @param endpoint where the call goes
     * @param body the request's JSON
     * @param reader reads the backend's answer
     * @param backend names the backend in a refusal, e.g. "Anthropic"
     * @return the summary, with the request ids of every attempt
     * @throws SummaryRejectedException with {@link SummaryRejectedException.Reason#REFUSED} when the
     *     model declined, so that a fallback chain moves on
     */
    static Summary send(Endpoint endpoint, JsonBody body, ResponseReader<Reply> reader, String backend) {
        HttpResult<Reply> r = endpoint.post(body, reader);
        Reply reply = r.value();
        if (reply.refusal() != null) {
            // the refusal's own words are left out: they may quote the conversation
            throw new SummaryRejectedException(SummaryRejectedException.Reason.REFUSED,
                    "The " + backend + " model declined to write the summary (" + reply.refusal() + ")", r.requestIds());
        }
        return new Summary(reply.text(), reply.truncated(), reply.usage(), r.requestIds());
    }
}
