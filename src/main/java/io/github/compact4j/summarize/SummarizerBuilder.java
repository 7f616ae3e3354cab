package io.github.compact4j.summarize;

import io.github.compact4j.http.ClientBuilder;
import java.util.Objects;

/**
 * What the builders of HTTP summarizers share on top of the transport settings of
 * {@link ClientBuilder}: the model that writes the summaries and an optional sampling
 * temperature. {@link ChatCompletionsSummarizer.Builder} and {@link AnthropicSummarizer.Builder}
 * extend it; so can the builder of a summarizer of your own.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class SummarizerBuilder<B extends SummarizerBuilder<B>> extends ClientBuilder<B> {

    private final double maxTemperature;
    private String model;
    private Double temperature;

    /**
     * @param maxTemperature the highest temperature the API accepts (2 for OpenAI's, 1 for Anthropic's)
     */
    protected SummarizerBuilder(double maxTemperature) {
        this.maxTemperature = maxTemperature;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param model the model that writes the summaries, as the server names it (an Azure deployment
     *     name on Azure OpenAI); required
     * @return this
     * @throws IllegalArgumentException when blank
     */
    public B model(String model) {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        this.model = model.strip();
        return self();
    }

    /**
     * @param temperature the sampling temperature, from 0 to the API's maximum; not sent unless
     *     set, since reasoning models refuse it
     * @return this
     * @throws IllegalArgumentException when out of range
     */
    public B temperature(double temperature) {
        if (!(temperature >= 0 && temperature <= maxTemperature)) {
            throw new IllegalArgumentException("temperature must be between 0 and " + (int) maxTemperature + ", got "
                    + temperature);
        }
        this.temperature = temperature;
        return self();
    }

    /**
     * @param summarizer the summarizer's class name, for the message, e.g. {@code AnthropicSummarizer}
     * @return the model
     * @throws IllegalStateException when none was given
     */
    protected final String requireModel(String summarizer) {
        if (model == null) {
            throw new IllegalStateException("a model is required: " + summarizer + ".builder().model(...)");
        }
        return model;
    }

    /** @return the model given so far, or null */
    protected final String model() {
        return model;
    }

    /** @return the temperature given, or null when it is not to be sent */
    protected final Double temperature() {
        return temperature;
    }
}
