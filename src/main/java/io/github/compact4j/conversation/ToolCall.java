package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A call the model made to a tool the app runs, which the app answers with a {@link ToolResult}
 * of the same {@link #callId()}: {@code function_call}, {@code custom_tool_call},
 * {@code computer_call}, {@code local_shell_call}, {@code shell_call}, {@code apply_patch_call},
 * {@code tool_search_call} and {@code program}.
 *
 * <p>Hosted tools that carry their own results (web search, file search, MCP calls, code
 * interpreter, image generation) are {@link OpaqueItem}s: nothing pairs with them.
 */
public final class ToolCall extends JsonItem implements Item {

    /** Call type to the type of the result that answers it. */
    static final Map<String, String> RESULT_TYPES = Map.of(
            "function_call", "function_call_output",
            "custom_tool_call", "custom_tool_call_output",
            "computer_call", "computer_call_output",
            "local_shell_call", "local_shell_call_output",
            "shell_call", "shell_call_output",
            "apply_patch_call", "apply_patch_call_output",
            "tool_search_call", "tool_search_output",
            "program", "program_output");

    ToolCall(ObjectNode node) {
        super(node);
    }

    /**
     * @param type an item type
     * @return whether items of that type are tool calls
     */
    public static boolean isCallType(String type) {
        return RESULT_TYPES.containsKey(type);
    }

    /**
     * A {@code function_call} item.
     *
     * @param callId the call id that the result will carry
     * @param name the function name
     * @param arguments the arguments, as the JSON text the model produced
     * @return the item
     */
    public static ToolCall function(String callId, String name, String arguments) {
        ObjectNode n = io.github.compact4j.internal.Json.NODES.objectNode();
        n.put("type", "function_call");
        n.put("call_id", Objects.requireNonNull(callId, "callId"));
        n.put("name", Objects.requireNonNull(name, "name"));
        n.put("arguments", Objects.requireNonNull(arguments, "arguments"));
        return new ToolCall(n);
    }

    /** @return the id that pairs this call with its result ({@code call_id}) */
    public String callId() {
        return text("call_id").or(() -> text("id")).orElse("");
    }

    /** @return the type of the result item that answers this call, e.g. {@code function_call_output} */
    public String resultType() {
        return RESULT_TYPES.getOrDefault(type(), "");
    }

    /**
     * @return the tool's name: {@code name} for functions and custom tools, otherwise the kind of
     *     built-in tool ({@code shell}, {@code apply_patch}, {@code computer}, ...)
     */
    public String toolName() {
        Optional<String> name = text("name");
        if (name.isPresent()) {
            return name.get();
        }
        String t = type();
        return t.endsWith("_call") ? t.substring(0, t.length() - "_call".length()) : t;
    }

    /**
     * @return what the tool was asked to do: a function's {@code arguments}, a custom tool's
     *     {@code input}, otherwise the JSON of the action, operation, code or arguments
     */
    public String arguments() {
        for (String f : new String[] {"arguments", "input", "code"}) {
            Optional<String> s = text(f);
            if (s.isPresent()) {
                return s.get();
            }
        }
        for (String f : new String[] {"action", "operation", "arguments", "actions"}) {
            JsonNode v = node.get(f);
            if (v != null && !v.isNull()) {
                return v.toString();
            }
        }
        return "";
    }

    @Override
    void describe(StringBuilder sb) {
        sb.append(", callId=").append(callId()).append(", tool=").append(toolName());
    }
}
