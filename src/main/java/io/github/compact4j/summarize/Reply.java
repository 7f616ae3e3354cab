package io.github.compact4j.summarize;

import io.github.compact4j.Usage;

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
}
