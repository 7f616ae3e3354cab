package io.github.compact4j.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.internal.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The app's answer to a {@link ToolCall}, paired with it by {@link #callId()}:
 * {@code function_call_output}, {@code custom_tool_call_output}, {@code computer_call_output},
 * {@code local_shell_call_output}, {@code shell_call_output}, {@code apply_patch_call_output},
 * {@code tool_search_output} and {@code program_output}.
 */
public final class ToolResult extends JsonItem implements Item {

    static final Map<String, String> CALL_TYPES = Map.of(
            "function_call_output", "function_call",
            "custom_tool_call_output", "custom_tool_call",
            "computer_call_output", "computer_call",
            "local_shell_call_output", "local_shell_call",
            "shell_call_output", "shell_call",
            "apply_patch_call_output", "apply_patch_call",
            "tool_search_output", "tool_search_call",
            "program_output", "program");

    /** Result kinds whose output can be any string, so it can be replaced by a placeholder. */
    private static final Set<String> TEXT_OUTPUT = Set.of(
            "function_call_output", "custom_tool_call_output", "local_shell_call_output",
            "apply_patch_call_output", "shell_call_output", "program_output");

    ToolResult(ObjectNode node) {
        super(node);
    }

    /**
     * @param type an item type
     * @return whether items of that type are tool results
     */
    public static boolean isResultType(String type) {
        return CALL_TYPES.containsKey(type);
    }

    /**
     * A {@code function_call_output} item.
     *
     * @param callId the id of the call it answers
     * @param output the output text
     * @return the item
     */
    public static ToolResult functionOutput(String callId, String output) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("type", "function_call_output");
        n.put("call_id", Objects.requireNonNull(callId, "callId"));
        n.put("output", Objects.requireNonNull(output, "output"));
        return new ToolResult(n);
    }

    /** @return the id of the call this answers ({@code call_id}) */
    public String callId() {
        return text("call_id").or(() -> text("id")).orElse("");
    }

    /** @return the type of call this answers, e.g. {@code function_call} */
    public String callType() {
        return CALL_TYPES.getOrDefault(type(), "");
    }

    /**
     * @return the output as text: a string output as is; the text parts of an array output;
     *     stdout and stderr of a shell call; otherwise the output's JSON
     */
    public String outputText() {
        JsonNode out = node.get("program_output".equals(type()) ? "result" : "output");
        if (out == null || out.isNull()) {
            JsonNode tools = node.get("tools");
            return tools == null ? "" : tools.toString();
        }
        if (out.isTextual()) {
            return out.textValue();
        }
        if (out.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : out) {
                for (String f : new String[] {"text", "stdout", "stderr"}) {
                    JsonNode t = part.get(f);
                    if (t != null && t.isTextual() && !t.textValue().isEmpty()) {
                        if (sb.length() > 0) {
                            sb.append('\n');
                        }
                        sb.append(t.textValue());
                    }
                }
            }
            return sb.toString();
        }
        return out.toString();
    }

    /**
     * @return whether {@link #withOutputText(String)} can replace this result's output (false for
     *     screenshots and tool-search results, whose output must keep its structure)
     */
    public boolean canReplaceOutput() {
        return TEXT_OUTPUT.contains(type());
    }

    /**
     * Returns a copy whose output is the given text, in the shape this kind of result takes.
     * Every other field, the call id first of all, is kept.
     *
     * @param text the new output
     * @return the new result
     * @throws UnsupportedOperationException when {@link #canReplaceOutput()} is false
     */
    public ToolResult withOutputText(String text) {
        Objects.requireNonNull(text, "text");
        if (!canReplaceOutput()) {
            throw new UnsupportedOperationException("the output of a " + type() + " item cannot be replaced by text");
        }
        ObjectNode copy = node.deepCopy();
        switch (type()) {
            case "program_output" -> copy.put("result", text);
            case "shell_call_output" -> {
                JsonNode old = node.get("output");
                JsonNode outcome = null;
                if (old != null && old.isArray() && old.size() > 0) {
                    outcome = old.get(old.size() - 1).get("outcome");
                }
                ArrayNode chunks = Json.NODES.arrayNode();
                ObjectNode chunk = chunks.addObject();
                chunk.put("stdout", text);
                chunk.put("stderr", "");
                if (outcome != null) {
                    chunk.set("outcome", outcome.deepCopy());
                } else {
                    chunk.putObject("outcome").put("type", "exit").put("exit_code", 0);
                }
                copy.set("output", chunks);
            }
            default -> copy.put("output", text);
        }
        return new ToolResult(copy);
    }

    @Override
    void describe(StringBuilder sb) {
        sb.append(", callId=").append(callId());
    }
}
