package io.github.compact4j.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.Usage;
import io.github.compact4j.internal.Json;
import io.github.compact4j.internal.http.AnswerJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a model response says about a compaction the server made on its side, for
 * {@link ManagedConversation#appendAll(List, ResponseMetadata)}: what the compaction was billed
 * (Anthropic's {@code usage.iterations} of type {@code compaction}) and which context edits were
 * applied ({@code context_management.applied_edits}). Immutable.
 *
 * <pre>{@code
 * ResponseMetadata meta = ResponseMetadata.fromJson(responseBody);   // the whole Messages response
 * conversation.appendAll(AnthropicMessages.fromJsonNode(assistantMessages), meta);
 * }</pre>
 */
public final class ResponseMetadata {

    /** Nothing known: no billed usage, no edits. */
    public static final ResponseMetadata NONE = new ResponseMetadata(Usage.NONE, List.of());

    private final Usage compactionUsage;
    private final List<String> appliedEdits;

    private ResponseMetadata(Usage compactionUsage, List<String> appliedEdits) {
        this.compactionUsage = compactionUsage;
        this.appliedEdits = List.copyOf(appliedEdits);
    }

    /**
     * @param compactionUsage what the server's compaction was billed, {@link Usage#NONE} when unknown
     * @param appliedEdits the types of the context edits applied, e.g. {@code clear_tool_uses_20250919}
     * @return the metadata
     */
    public static ResponseMetadata of(Usage compactionUsage, List<String> appliedEdits) {
        return new ResponseMetadata(Objects.requireNonNull(compactionUsage, "compactionUsage"),
                Objects.requireNonNull(appliedEdits, "appliedEdits"));
    }

    /**
     * @param response a response body as JSON text (an Anthropic {@code message} or an OpenAI
     *     {@code response})
     * @return what it says about server-side compaction; {@link #NONE} for a response that says nothing
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public static ResponseMetadata fromJson(String response) {
        Objects.requireNonNull(response, "response");
        try {
            return fromJsonNode(Json.MAPPER.readTree(response));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the response is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * @param response a response body
     * @return what it says about server-side compaction, as {@link #fromJson(String)}
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public static ResponseMetadata fromJsonNode(JsonNode response) {
        if (response == null || !response.isObject()) {
            throw new IllegalArgumentException("the response must be a JSON object");
        }
        Usage billed = AnswerJson.anthropicIterations(response.get("usage"), "compaction");
        List<String> edits = new ArrayList<>();
        JsonNode applied = response.path("context_management").path("applied_edits");
        if (applied.isArray()) {
            for (JsonNode e : applied) {
                String type = AnswerJson.text(e.get("type"));
                if (type != null) {
                    edits.add(type);
                }
            }
        }
        return new ResponseMetadata(billed == null || billed.modelCalls() == 0 ? Usage.NONE : billed, edits);
    }

    /** @return what the server's compaction was billed; {@link Usage#NONE} when not known */
    public Usage compactionUsage() {
        return compactionUsage;
    }

    /** @return the types of the context edits the server applied, in order */
    public List<String> appliedEdits() {
        return appliedEdits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseMetadata m && compactionUsage.equals(m.compactionUsage)
                && appliedEdits.equals(m.appliedEdits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(compactionUsage, appliedEdits);
    }

    @Override
    public String toString() {
        return "ResponseMetadata{compactionUsage=" + compactionUsage + ", appliedEdits=" + appliedEdits + "}";
    }
}
