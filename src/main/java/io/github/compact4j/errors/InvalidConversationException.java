package io.github.compact4j.errors;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The conversation handed to the library is not valid: JSON that does not parse, an item that is
 * not an object, a required field missing or of the wrong type, a tool call whose result cannot
 * be matched. The message names the item index and the field, e.g. {@code item 12, field
 * 'call_id': expected a string but found a number}.
 */
public class InvalidConversationException extends CompactionException {

    private static final long serialVersionUID = 1L;

    private final Integer itemIndex;
    private final String field;

    /**
     * @param itemIndex the zero-based index of the offending item, or null when not known
     * @param field the offending field, or null when the item as a whole is wrong
     * @param problem what is wrong, e.g. "expected a string but found a number"
     */
    public InvalidConversationException(Integer itemIndex, String field, String problem) {
        this(itemIndex, field, problem, null);
    }

    /**
     * @param itemIndex the zero-based index of the offending item, or null when not known
     * @param field the offending field, or null when the item as a whole is wrong
     * @param problem what is wrong
     * @param cause the parser's exception, if any
     */
    public InvalidConversationException(Integer itemIndex, String field, String problem, Throwable cause) {
        this("item", itemIndex, field, problem, cause);
    }

    /**
     * For formats whose array elements are not called items: a Chat Completions or Anthropic
     * {@code messages} array names the place {@code message 3, field 'tool_calls[0].id'}.
     *
     * @param unit what the array holds, e.g. {@code "message"}
     * @param index the zero-based index of the offending element, or null when not known
     * @param field the offending field (or JSON path within the element), or null
     * @param problem what is wrong
     * @param cause the parser's exception, if any
     */
    public InvalidConversationException(String unit, Integer index, String field, String problem, Throwable cause) {
        super(details(where(unit, index, field) + problem)
                .hint("Fix the conversation JSON at that place; nothing was sent anywhere.")
                .cause(cause));
        this.itemIndex = index;
        this.field = field;
    }

    private static String where(String unit, Integer itemIndex, String field) {
        StringBuilder sb = new StringBuilder("Invalid conversation: ");
        if (itemIndex != null) {
            sb.append(unit == null ? "item" : unit).append(' ').append(itemIndex);
        }
        if (field != null) {
            sb.append(itemIndex != null ? ", " : "").append("field '").append(field).append('\'');
        }
        if (itemIndex != null || field != null) {
            sb.append(": ");
        }
        return sb.toString();
    }

    /** @return the zero-based index of the offending item (or message), when known */
    public OptionalInt itemIndex() {
        return itemIndex == null ? OptionalInt.empty() : OptionalInt.of(itemIndex);
    }

    /** @return the name (or JSON path within the item) of the offending field, when known */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
