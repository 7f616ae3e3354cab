package io.github.compact4j.openaijava;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.ContextCompactor;
import io.github.compact4j.context.ManagedConversation;
import io.github.compact4j.conversation.Item;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * compact4j in one line of an openai-java app: compact the input of a
 * {@link ResponseCreateParams}, keep the history in a {@link ManagedConversation} and send it.
 *
 * <pre>{@code
 * ResponseCreateParams params = OpenAiJavaCompaction.compactInput(params, compactor);
 *
 * // or, with a managed conversation:
 * ManagedConversation.Snapshot sent = convo.snapshot();
 * Response response = client.responses().create(OpenAiJavaCompaction.withInput(params, sent));
 * OpenAiJavaCompaction.append(convo, sent, response);   // the output, and the usage to calibrate
 * }</pre>
 *
 * <p>The request a compactor gets carries the model, the input, the instructions, the tools and
 * the prompt cache key of the params. See {@code docs/integrations.md}.
 */
public final class OpenAiJavaCompaction {

    private OpenAiJavaCompaction() {}

    /**
     * Compacts the input of a request.
     *
     * @param params the request the app is about to send
     * @param compactor any compactor (a strategy, a chain, or {@code registry.compactorFor(backend)})
     * @return the same request with the compacted input, in which the items the compactor kept
     *     are the request's own objects; the request itself when its input is a text or absent
     *     (nothing to compact) or the compactor changed nothing
     * @throws IllegalArgumentException when the request has no model, or continues a conversation
     *     kept by OpenAI ({@code previous_response_id} or {@code conversation}), whose earlier
     *     items the app does not hold
     * @throws io.github.compact4j.errors.CompactionException when the compaction fails; the
     *     caller's request is unchanged
     */
    public static ResponseCreateParams compactInput(ResponseCreateParams params, ContextCompactor compactor) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(compactor, "compactor");
        if (params.input().map(ResponseCreateParams.Input::isText).orElse(true)) {
            return params;
        }
        CompactionRequest request = compactionRequest(params).build();
        CompactionResult result = compactor.compact(request);
        if (result.items().equals(request.items())) {
            return params;
        }
        // the items the compactor kept go back as the app's own objects, not re-read copies
        List<ResponseInputItem> original = params.input().get().asResponse();
        Map<Item, ResponseInputItem> kept = new HashMap<>();
        for (int i = 0; i < original.size(); i++) {
            kept.putIfAbsent(request.items().get(i), original.get(i));
        }
        List<ResponseInputItem> input = new ArrayList<>(result.items().size());
        for (Item item : result.items()) {
            ResponseInputItem same = kept.get(item);
            input.add(same != null ? same : OpenAiJavaItems.toInputItem(item));
        }
        return params.toBuilder().inputOfResponse(input).build();
    }

    /**
     * The compaction request for a request's input, for apps that add attributes or a trace id
     * before compacting: {@code compactor.compact(compactionRequest(params).attribute("agent_id", "a").build())}.
     *
     * @param params a request
     * @return a builder holding the model, the input, the instructions, the tools (as JSON) and
     *     the prompt cache key
     * @throws IllegalArgumentException when the request has no model, or continues a conversation
     *     kept by OpenAI
     */
    public static CompactionRequest.Builder compactionRequest(ResponseCreateParams params) {
        Objects.requireNonNull(params, "params");
        if (params.previousResponseId().isPresent() || params.conversation().isPresent()) {
            throw new IllegalArgumentException("the request continues a conversation OpenAI keeps (previous_response_id"
                    + " or conversation), so its input holds only the newest items; compact4j compacts a history the"
                    + " app holds: send the whole history as the input instead");
        }
        String model = params.model().map(OpenAiJavaCompaction::modelName).orElseThrow(() ->
                new IllegalArgumentException("the request has no model; compact4j needs it to count tokens and to"
                        + " choose what the compaction may call"));
        CompactionRequest.Builder b = CompactionRequest.builder().model(model).items(OpenAiJavaItems.fromParams(params));
        params.instructions().ifPresent(b::instructions);
        params.tools().ifPresent(tools -> b.tools(OpenAiJavaItems.write(tools, null)));
        params.promptCacheKey().ifPresent(b::promptCacheKey);
        return b;
    }

    /**
     * @param params a request
     * @param items the input to send instead, such as a compacted history
     * @return the same request with that input
     */
    public static ResponseCreateParams withInput(ResponseCreateParams params, List<? extends Item> items) {
        Objects.requireNonNull(params, "params");
        return params.toBuilder().inputOfResponse(OpenAiJavaItems.toInputItems(items)).build();
    }

    /**
     * @param params a request
     * @param sent the snapshot of a managed conversation to send, the one later handed to
     *     {@link #append(ManagedConversation, ManagedConversation.Snapshot, Response)}
     * @return the same request with the snapshot's items as its input
     */
    public static ResponseCreateParams withInput(ResponseCreateParams params, ManagedConversation.Snapshot sent) {
        return withInput(params, Objects.requireNonNull(sent, "sent").items());
    }

    /**
     * @param params a request
     * @param convo a managed conversation
     * @return the same request with the conversation's current history as its input
     */
    public static ResponseCreateParams withInput(ResponseCreateParams params, ManagedConversation convo) {
        return withInput(params, Objects.requireNonNull(convo, "convo").items());
    }

    /**
     * Appends a response's output to a conversation: messages, reasoning (with its encrypted
     * content), tool calls, and compaction items the server made.
     *
     * @param convo the conversation
     * @param response the model's response
     * @throws io.github.compact4j.errors.InvalidConversationException when an output item is not a
     *     valid Responses item; nothing is appended
     */
    public static void append(ManagedConversation convo, Response response) {
        Objects.requireNonNull(convo, "convo");
        convo.appendAll(OpenAiJavaItems.fromResponse(response));
    }

    /**
     * Appends a response's output, and teaches the conversation how far its token estimate was
     * from the input tokens the response reports.
     *
     * @param convo the conversation
     * @param sent the snapshot whose items were the request's input
     * @param response the model's response
     * @throws io.github.compact4j.errors.InvalidConversationException when an output item is not a
     *     valid Responses item; nothing is appended
     */
    public static void append(ManagedConversation convo, ManagedConversation.Snapshot sent, Response response) {
        Objects.requireNonNull(sent, "sent");
        append(convo, response);
        response.usage().ifPresent(u -> convo.recordUsage(sent, u.inputTokens()));
    }

    /**
     * Appends one input item: a tool's output, the user's next message.
     *
     * @param convo the conversation
     * @param item the item
     * @throws io.github.compact4j.errors.InvalidConversationException when it is not a valid
     *     Responses item
     */
    public static void append(ManagedConversation convo, ResponseInputItem item) {
        Objects.requireNonNull(convo, "convo");
        convo.append(OpenAiJavaItems.fromInputItem(item));
    }

    /**
     * Appends input items in order, as one step: the outputs of a turn's tool calls, say.
     *
     * @param convo the conversation
     * @param items the items
     * @throws io.github.compact4j.errors.InvalidConversationException when one is not a valid
     *     Responses item; nothing is appended
     */
    public static void appendAll(ManagedConversation convo, List<ResponseInputItem> items) {
        Objects.requireNonNull(convo, "convo");
        convo.appendAll(OpenAiJavaItems.fromInputItems(items));
    }

    private static String modelName(Object model) {
        JsonNode n = OpenAiJavaItems.mapper().valueToTree(model);
        return n.isTextual() ? n.textValue() : n.toString();
    }
}
