/**
 * OpenAI's native compaction: {@link io.github.compact4j.openai.OpenAiCompactClient} calls
 * {@code POST /v1/responses/compact} (on OpenAI or Azure OpenAI) and returns a history that ends in
 * an opaque, encrypted compaction item only OpenAI can read.
 */
package io.github.compact4j.openai;
