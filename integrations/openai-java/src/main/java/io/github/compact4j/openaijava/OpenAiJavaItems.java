package io.github.compact4j.openaijava;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.errors.InvalidConversationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Converts between openai-java's Responses types and compact4j {@link Item}s, losslessly: an
 * item holds exactly the JSON the SDK writes for the object (compaction items, reasoning with its
 * encrypted content, every tool call and output, fields the SDK does not know), and converting it
 * back gives an object the SDK writes as the same JSON.
 *
 * <pre>{@code
 * List<Item> items = OpenAiJavaItems.fromResponse(response);          // a Response's output
 * List<ResponseInputItem> input = OpenAiJavaItems.toInputItems(items); // the next call's input
 * }</pre>
 *
 * <p>Objects are read back the way the SDK reads them from the wire, with one refinement: a
 * message in the short form (a {@code role} and no {@code type}) that an {@link EasyInputMessage}
 * writes exactly becomes one, where the SDK's own reader would keep it as an unknown item. The
 * SDK has three classes for a {@code message} input item whose JSON can be identical
 * ({@link EasyInputMessage}, {@link ResponseInputItem.Message} and
 * {@link com.openai.models.responses.ResponseOutputMessage}); the one the SDK's reader picks for
 * the JSON is the one returned, so an {@code ofMessage(..)} without a {@code status} comes back
 * as the equal-JSON {@code ofEasyInputMessage(..)}. See {@code docs/integrations.md}.
 */
public final class OpenAiJavaItems {

    private OpenAiJavaItems() {}

    /**
     * @param item an input item
     * @return the same item as a compact4j item
     * @throws InvalidConversationException when the item is not a valid Responses item (say, a
     *     function call output without a {@code call_id})
     */
    public static Item fromInputItem(ResponseInputItem item) {
        Objects.requireNonNull(item, "item");
        return ResponsesItems.itemFromJson(write(item, null));
    }

    /**
     * @param items input items, as a {@code ResponseCreateParams} input holds them
     * @return the same items as compact4j items, unmodifiable
     * @throws InvalidConversationException when an item is not a valid Responses item; the
     *     message names its index
     */
    public static List<Item> fromInputItems(List<ResponseInputItem> items) {
        return fromList(items);
    }

    /**
     * @param item an output item of a {@link Response}
     * @return the same item as a compact4j item, to send back as input
     * @throws InvalidConversationException when the item is not a valid Responses item
     */
    public static Item fromOutputItem(ResponseOutputItem item) {
        Objects.requireNonNull(item, "item");
        return ResponsesItems.itemFromJson(write(item, null));
    }

    /**
     * @param items output items
     * @return the same items as compact4j items, unmodifiable
     * @throws InvalidConversationException when an item is not a valid Responses item
     */
    public static List<Item> fromOutputItems(List<ResponseOutputItem> items) {
        return fromList(items);
    }

    /**
     * @param response a model response
     * @return its {@code output}, as compact4j items: what an app appends to its history
     * @throws InvalidConversationException when an output item is not a valid Responses item
     */
    public static List<Item> fromResponse(Response response) {
        Objects.requireNonNull(response, "response");
        return fromList(response._output().asKnown().orElseThrow(() -> new InvalidConversationException(null, "output",
                "the response has no output list")));
    }

    /**
     * @param params a request
     * @return its {@code input} as compact4j items: the items of a list input, one user message
     *     for a text input, none when it has no input
     * @throws InvalidConversationException when an input item is not a valid Responses item
     */
    public static List<Item> fromParams(ResponseCreateParams params) {
        Objects.requireNonNull(params, "params");
        return params.input().map(input -> input.isText()
                        ? List.of(ResponsesItems.itemFromJson(textMessage(input.asText())))
                        : fromList(input.asResponse()))
                .orElse(List.of());
    }

    /**
     * @param item a compact4j item
     * @return the SDK's input item holding the same JSON
     */
    public static ResponseInputItem toInputItem(Item item) {
        return readInput(Objects.requireNonNull(item, "item"), null);
    }

    /**
     * @param items compact4j items, such as a compacted history
     * @return the SDK's input items holding the same JSON, unmodifiable: a request's input
     */
    public static List<ResponseInputItem> toInputItems(List<? extends Item> items) {
        Objects.requireNonNull(items, "items");
        List<ResponseInputItem> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(readInput(requireItem(items, i), i));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * @param item a compact4j item
     * @return the SDK's output item holding the same JSON; a type the SDK has no output class for
     *     (a function call output, say) is kept as the SDK keeps unknown items, JSON and all
     */
    public static ResponseOutputItem toOutputItem(Item item) {
        return read(Objects.requireNonNull(item, "item").toJson(), ResponseOutputItem.class, null);
    }

    /**
     * @param items compact4j items
     * @return the SDK's output items holding the same JSON, unmodifiable
     */
    public static List<ResponseOutputItem> toOutputItems(List<? extends Item> items) {
        Objects.requireNonNull(items, "items");
        List<ResponseOutputItem> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(read(requireItem(items, i).toJson(), ResponseOutputItem.class, i));
        }
        return Collections.unmodifiableList(out);
    }

    // ---------------------------------------------------------------------------------------

    static JsonMapper mapper() {
        return ObjectMappers.jsonMapper();
    }

    private static List<Item> fromList(List<?> objects) {
        Objects.requireNonNull(objects, "items");
        for (int i = 0; i < objects.size(); i++) {
            requireItem(objects, i);
        }
        return ResponsesItems.fromJson(write(objects, null));
    }

    private static <T> T requireItem(List<T> items, int i) {
        T item = items.get(i);
        if (item == null) {
            throw new NullPointerException("item " + i + " is null");
        }
        return item;
    }

    /** The SDK's own JSON for an object: what it would send. */
    static String write(Object sdkObject, Integer index) {
        try {
            return mapper().writeValueAsString(sdkObject);
        } catch (JsonProcessingException | RuntimeException e) {
            // the exception's own message may quote content: it stays in the cause
            throw new InvalidConversationException(index, null, "openai-java could not write the "
                    + sdkObject.getClass().getSimpleName() + " as JSON (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ResponseInputItem readInput(Item item, Integer index) {
        String json = item.toJson();
        if (!item.has("type") && item.has("role")) {
            // the short form of a message, which the SDK's reader keeps as an unknown item: an
            // EasyInputMessage built without a type writes it, so read it as one when it writes it back exactly
            EasyInputMessage easy = read(json, EasyInputMessage.class, index);
            if (easy.isValid() && json.equals(write(easy, index))) {
                return ResponseInputItem.ofEasyInputMessage(easy);
            }
        }
        return read(json, ResponseInputItem.class, index);
    }

    private static <T> T read(String json, Class<T> type, Integer index) {
        try {
            return mapper().readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidConversationException(index, null, "openai-java could not read the item as a "
                    + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String textMessage(String text) {
        JsonNode n = mapper().createObjectNode().put("role", "user").put("content", text);
        return n.toString();
    }
}
