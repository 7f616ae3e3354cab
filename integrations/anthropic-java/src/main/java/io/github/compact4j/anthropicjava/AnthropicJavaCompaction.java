package io.github.compact4j.anthropicjava;

import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Optional;

/**
 * compact4j in one line of an anthropic-java app: compact the system prompt and messages of a
 * {@link MessageCreateParams} (plain or beta), keep the history in a {@link ManagedConversation}
 * and send it.
 *
 * <pre>{@code
 * MessageCreateParams params = AnthropicJavaCompaction.compactMessages(params, compactor);
 *
 * // or, with a managed conversation:
 * ManagedConversation.Snapshot sent = convo.snapshot();
 * Message answer = client.messages().create(AnthropicJavaCompaction.withMessages(params, sent));
 * AnthropicJavaCompaction.append(convo, sent, answer);   // the answer, and the usage to calibrate
 * }</pre>
 *
 * <p>The system prompt travels as compact4j's Anthropic codec has it: a leading {@code system}
 * message of the items, which compactors keep; the tools go to the compaction request as JSON.
 * See {@code docs/integrations.md}.
 */
public final class AnthropicJavaCompaction {

    private AnthropicJavaCompaction() {}

    /**
     * Compacts the system prompt and messages of a request.
     *
     * @param params the request the app is about to send
     * @param compactor any compactor (a strategy, a chain, or {@code registry.compactorFor(backend)})
     * @return the same request with the compacted messages, in which the messages the compactor
     *     left whole are the request's own objects; the request itself when nothing changed
     * @throws io.github.compact4j.errors.CompactionException when the compaction fails; the
     *     caller's request is unchanged
     */
    public static MessageCreateParams compactMessages(MessageCreateParams params, ContextCompactor compactor) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(compactor, "compactor");
        CompactionRequest request = compactionRequest(params).build();
        CompactionResult result = compactor.compact(request);
        if (result.items().equals(request.items())) {
            return params;
        }
        return withMessages(params, result.items(), params.messages(), MessageParam.class);
    }

    /**
     * Compacts the system prompt and messages of a beta request (one that may carry a compaction
     * block).
     *
     * @param params the request the app is about to send
     * @param compactor any compactor
     * @return the same request with the compacted messages; the request itself when nothing changed
     * @throws io.github.compact4j.errors.CompactionException when the compaction fails
     */
    public static com.anthropic.models.beta.messages.MessageCreateParams compactMessages(
            com.anthropic.models.beta.messages.MessageCreateParams params, ContextCompactor compactor) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(compactor, "compactor");
        CompactionRequest request = compactionRequest(params).build();
        CompactionResult result = compactor.compact(request);
        if (result.items().equals(request.items())) {
            return params;
        }
        return withMessages(params, result.items(), params.messages(), BetaMessageParam.class);
    }

    /**
     * The compaction request for a request, for apps that add attributes or a trace id before
     * compacting.
     *
     * @param params a request
     * @return a builder holding the model, the system prompt and messages as items, and the tools
     *     as JSON
     */
    public static CompactionRequest.Builder compactionRequest(MessageCreateParams params) {
        Objects.requireNonNull(params, "params");
        return request(MessagesJson.tree(params._body(), "request"));
    }

    /**
     * @param params a beta request
     * @return a builder holding the model, the system prompt and messages as items, and the tools
     *     as JSON
     */
    public static CompactionRequest.Builder compactionRequest(com.anthropic.models.beta.messages.MessageCreateParams params) {
        Objects.requireNonNull(params, "params");
        return request(MessagesJson.tree(params._body(), "request"));
    }

    /**
     * @param params a request
     * @param items the conversation to send: leading {@code system} items become the system
     *     prompt; when there are none, the request keeps its own
     * @return the same request with those messages
     * @throws io.github.compact4j.errors.InvalidConversationException when an item has no Anthropic form
     */
    public static MessageCreateParams withMessages(MessageCreateParams params, List<? extends Item> items) {
        Objects.requireNonNull(params, "params");
        return withMessages(params, items, List.of(), MessageParam.class);
    }

    /**
     * @param params a request
     * @param sent the snapshot of a managed conversation to send, the one later handed to
     *     {@link #append(ManagedConversation, ManagedConversation.Snapshot, Message)}
     * @return the same request with the snapshot's items as its messages
     */
    public static MessageCreateParams withMessages(MessageCreateParams params, ManagedConversation.Snapshot sent) {
        return withMessages(params, Objects.requireNonNull(sent, "sent").items());
    }

    /**
     * @param params a request
     * @param convo a managed conversation
     * @return the same request with the conversation's current history as its messages
     */
    public static MessageCreateParams withMessages(MessageCreateParams params, ManagedConversation convo) {
        return withMessages(params, Objects.requireNonNull(convo, "convo").items());
    }

    /**
     * @param params a beta request
     * @param items the conversation to send: leading {@code system} items become the system
     *     prompt; when there are none, the request keeps its own
     * @return the same request with those messages
     * @throws io.github.compact4j.errors.InvalidConversationException when an item has no Anthropic form
     */
    public static com.anthropic.models.beta.messages.MessageCreateParams withMessages(
            com.anthropic.models.beta.messages.MessageCreateParams params, List<? extends Item> items) {
        Objects.requireNonNull(params, "params");
        return withMessages(params, items, List.of(), BetaMessageParam.class);
    }

    /**
     * @param params a beta request
     * @param sent the snapshot of a managed conversation to send
     * @return the same request with the snapshot's items as its messages
     */
    public static com.anthropic.models.beta.messages.MessageCreateParams withMessages(
            com.anthropic.models.beta.messages.MessageCreateParams params, ManagedConversation.Snapshot sent) {
        return withMessages(params, Objects.requireNonNull(sent, "sent").items());
    }

    /**
     * @param params a beta request
     * @param convo a managed conversation
     * @return the same request with the conversation's current history as its messages
     */
    public static com.anthropic.models.beta.messages.MessageCreateParams withMessages(
            com.anthropic.models.beta.messages.MessageCreateParams params, ManagedConversation convo) {
        return withMessages(params, Objects.requireNonNull(convo, "convo").items());
    }

    /**
     * Appends the model's answer: its text, thinking, tool calls and other blocks, as the
     * assistant message the next request sends back.
     *
     * @param convo the conversation
     * @param answer the model's answer
     * @throws io.github.compact4j.errors.InvalidConversationException when a block is not valid;
     *     nothing is appended
     */
    public static void append(ManagedConversation convo, Message answer) {
        Objects.requireNonNull(convo, "convo");
        convo.appendAll(AnthropicJavaItems.fromMessage(answer));
    }

    /**
     * Appends the model's answer, and teaches the conversation how far its token estimate was
     * from the input tokens the answer reports (cache reads and writes included).
     *
     * @param convo the conversation
     * @param sent the snapshot whose items were the request's system prompt and messages
     * @param answer the model's answer
     */
    public static void append(ManagedConversation convo, ManagedConversation.Snapshot sent, Message answer) {
        Objects.requireNonNull(sent, "sent");
        append(convo, answer);
        answer._usage().asKnown().ifPresent(u -> convo.recordUsage(sent, u._inputTokens().asKnown().orElse(0L)
                + u.cacheCreationInputTokens().orElse(0L) + u.cacheReadInputTokens().orElse(0L)));
    }

    /**
     * Appends the model's answer in the beta types: a compaction block the server made is an item
     * of its own, kept byte for byte.
     *
     * @param convo the conversation
     * @param answer the model's answer
     */
    public static void append(ManagedConversation convo, BetaMessage answer) {
        Objects.requireNonNull(convo, "convo");
        convo.appendAll(AnthropicJavaItems.fromBetaMessage(answer));
    }

    /**
     * Appends the model's answer in the beta types, and the usage it reports.
     *
     * @param convo the conversation
     * @param sent the snapshot whose items were the request's system prompt and messages
     * @param answer the model's answer
     */
    public static void append(ManagedConversation convo, ManagedConversation.Snapshot sent, BetaMessage answer) {
        Objects.requireNonNull(sent, "sent");
        append(convo, answer);
        answer._usage().asKnown().ifPresent(u -> convo.recordUsage(sent, u._inputTokens().asKnown().orElse(0L)
                + u.cacheCreationInputTokens().orElse(0L) + u.cacheReadInputTokens().orElse(0L)));
    }

    /**
     * Appends one message: the user's next message, or the tool results of a turn.
     *
     * @param convo the conversation
     * @param message the message
     */
    public static void append(ManagedConversation convo, MessageParam message) {
        Objects.requireNonNull(convo, "convo");
        convo.appendAll(AnthropicJavaItems.fromMessageParam(message));
    }

    /**
     * Appends one message in the beta types.
     *
     * @param convo the conversation
     * @param message the message
     */
    public static void append(ManagedConversation convo, BetaMessageParam message) {
        Objects.requireNonNull(convo, "convo");
        convo.appendAll(AnthropicJavaItems.fromBetaMessageParam(message));
    }

    // ---------------------------------------------------------------------------------------

    private static CompactionRequest.Builder request(JsonNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual()) {
            throw new IllegalArgumentException("the request has no model; compact4j needs it to count tokens and to"
                    + " choose what the compaction may call");
        }
        CompactionRequest.Builder b = CompactionRequest.builder().model(model.textValue())
                .items(MessagesJson.read(body.get("system"), body.get("messages")));
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            b.tools(tools);
        }
        return b;
    }

    /**
     * The request with its system prompt and messages from items; {@code reuse} are the request's
     * own message objects, given back where a message comes out with the same JSON.
     */
    private static <P, M> P withMessages(P params, List<? extends Item> items, List<M> reuse, Class<M> type) {
        MessagesJson.Written w = MessagesJson.write(Objects.requireNonNull(items, "items"), true);
        Map<JsonNode, M> own = new HashMap<>();
        for (M m : reuse) {
            own.putIfAbsent(MessagesJson.tree(m, "message"), m);
        }
        List<M> messages = new ArrayList<>(w.messages().size());
        ArrayNode json = w.messages();
        for (int i = 0; i < json.size(); i++) {
            M same = own.get(json.get(i));
            messages.add(same != null ? same : MessagesJson.read(json.get(i), type, i));
        }
        return rebuild(params, Optional.ofNullable(w.system()), messages);
    }

    @SuppressWarnings("unchecked")
    private static <P, M> P rebuild(P params, Optional<JsonNode> system, List<M> messages) {
        if (params instanceof MessageCreateParams p) {
            MessageCreateParams.Builder b = p.toBuilder().messages((List<MessageParam>) messages);
            system.ifPresent(s -> b.system(MessagesJson.read(s, MessageCreateParams.System.class, null)));
            return (P) b.build();
        }
        com.anthropic.models.beta.messages.MessageCreateParams p = (com.anthropic.models.beta.messages.MessageCreateParams) params;
        com.anthropic.models.beta.messages.MessageCreateParams.Builder b = p.toBuilder()
                .messages((List<BetaMessageParam>) messages);
        system.ifPresent(s -> b.system(MessagesJson.read(s, com.anthropic.models.beta.messages.MessageCreateParams.System.class,
                null)));
        return (P) b.build();
    }
}
