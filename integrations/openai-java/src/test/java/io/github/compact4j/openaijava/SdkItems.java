package io.github.compact4j.openaijava;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.ResponseCompactionItemParam;
import com.openai.models.responses.ResponseCustomToolCall;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseReasoningItem;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generates openai-java's own item objects, of every kind {@link ResponseInputItem} and
 * {@link ResponseOutputItem} model: most read by the SDK from JSON shaped like the API's (as an
 * app holds them after a response), some built with the SDK's builders (as an app writes them),
 * all with fields the SDK does not know now and then, and strings that test JSON escaping.
 */
final class SdkItems {

    static final JsonMapper MAPPER = ObjectMappers.jsonMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Every kind of item the SDK models, by JSON type; BUILT_* are made with the SDK's builders. */
    enum Kind {
        EASY_MESSAGE("message"), SHORT_MESSAGE(null), INPUT_MESSAGE("message"), OUTPUT_MESSAGE("message"),
        FILE_SEARCH_CALL("file_search_call"), COMPUTER_CALL("computer_call"), COMPUTER_CALL_OUTPUT("computer_call_output"),
        WEB_SEARCH_CALL("web_search_call"), FUNCTION_CALL("function_call"), FUNCTION_CALL_OUTPUT("function_call_output"),
        TOOL_SEARCH_CALL("tool_search_call"), TOOL_SEARCH_OUTPUT("tool_search_output"), ADDITIONAL_TOOLS("additional_tools"),
        CONFIGURATION_UPDATE("configuration_update"), REASONING("reasoning"), COMPACTION("compaction"),
        IMAGE_GENERATION_CALL("image_generation_call"), CODE_INTERPRETER_CALL("code_interpreter_call"),
        LOCAL_SHELL_CALL("local_shell_call"), LOCAL_SHELL_CALL_OUTPUT("local_shell_call_output"),
        SHELL_CALL("shell_call"), SHELL_CALL_OUTPUT("shell_call_output"), APPLY_PATCH_CALL("apply_patch_call"),
        APPLY_PATCH_CALL_OUTPUT("apply_patch_call_output"), MCP_LIST_TOOLS("mcp_list_tools"),
        MCP_APPROVAL_REQUEST("mcp_approval_request"), MCP_APPROVAL_RESPONSE("mcp_approval_response"), MCP_CALL("mcp_call"),
        CUSTOM_TOOL_CALL_OUTPUT("custom_tool_call_output"), CUSTOM_TOOL_CALL("custom_tool_call"),
        COMPACTION_TRIGGER("compaction_trigger"), ITEM_REFERENCE("item_reference"), PROGRAM("program"),
        PROGRAM_OUTPUT("program_output"), UNKNOWN("x_future_item"),
        BUILT_EASY_MESSAGE("message"), BUILT_MESSAGE("message"), BUILT_FUNCTION_CALL("function_call"),
        BUILT_FUNCTION_CALL_OUTPUT("function_call_output"), BUILT_REASONING("reasoning"), BUILT_COMPACTION("compaction"),
        BUILT_CUSTOM_TOOL_CALL("custom_tool_call");

        final String type;

        Kind(String type) {
            this.type = type;
        }

        boolean built() {
            return name().startsWith("BUILT_");
        }
    }

    /** The kinds {@link ResponseOutputItem} models (a response's output). */
    static final List<Kind> OUTPUT_KINDS = List.of(Kind.OUTPUT_MESSAGE, Kind.FILE_SEARCH_CALL, Kind.FUNCTION_CALL,
            Kind.FUNCTION_CALL_OUTPUT, Kind.WEB_SEARCH_CALL, Kind.COMPUTER_CALL, Kind.COMPUTER_CALL_OUTPUT, Kind.REASONING,
            Kind.PROGRAM, Kind.PROGRAM_OUTPUT, Kind.TOOL_SEARCH_CALL, Kind.TOOL_SEARCH_OUTPUT, Kind.ADDITIONAL_TOOLS,
            Kind.COMPACTION, Kind.IMAGE_GENERATION_CALL, Kind.CODE_INTERPRETER_CALL, Kind.LOCAL_SHELL_CALL,
            Kind.LOCAL_SHELL_CALL_OUTPUT, Kind.SHELL_CALL, Kind.SHELL_CALL_OUTPUT, Kind.APPLY_PATCH_CALL,
            Kind.APPLY_PATCH_CALL_OUTPUT, Kind.MCP_CALL, Kind.MCP_LIST_TOOLS, Kind.MCP_APPROVAL_REQUEST,
            Kind.MCP_APPROVAL_RESPONSE, Kind.CUSTOM_TOOL_CALL, Kind.CUSTOM_TOOL_CALL_OUTPUT, Kind.UNKNOWN);

    private SdkItems() {}

    record Generated<T>(Kind kind, T item) {}

    static Arbitrary<Generated<ResponseInputItem>> inputItems() {
        return Arbitraries.of(Kind.values()).flatMap(k -> Arbitraries.randomValue(r -> new Generated<>(k, input(k, r))));
    }

    static Arbitrary<Generated<ResponseOutputItem>> outputItems() {
        return Arbitraries.of(OUTPUT_KINDS).flatMap(k -> Arbitraries.randomValue(r -> new Generated<>(k, output(k, r))));
    }

    static ResponseInputItem input(Kind kind, Random r) {
        if (kind.built()) {
            return built(kind, r);
        }
        return read(json(kind, r, false), ResponseInputItem.class);
    }

    static ResponseOutputItem output(Kind kind, Random r) {
        return read(json(kind, r, true), ResponseOutputItem.class);
    }

    private static <T> T read(ObjectNode json, Class<T> type) {
        try {
            return MAPPER.readValue(MAPPER.writeValueAsString(json), type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // built with the SDK's builders, as an app writes them

    private static ResponseInputItem built(Kind kind, Random r) {
        ResponseInputItem item = switch (kind) {
            case BUILT_EASY_MESSAGE -> {
                EasyInputMessage.Builder b = EasyInputMessage.builder()
                        .role(r.nextBoolean() ? EasyInputMessage.Role.USER : EasyInputMessage.Role.ASSISTANT)
                        .content(text(r));
                if (r.nextBoolean()) {
                    b.type(EasyInputMessage.Type.MESSAGE);
                }
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofEasyInputMessage(b.build());
            }
            case BUILT_MESSAGE -> {
                ResponseInputItem.Message.Builder b = ResponseInputItem.Message.builder()
                        .role(pick(r, ResponseInputItem.Message.Role.USER, ResponseInputItem.Message.Role.DEVELOPER,
                                ResponseInputItem.Message.Role.SYSTEM))
                        .addInputTextContent(text(r));
                if (r.nextBoolean()) {
                    b.status(ResponseInputItem.Message.Status.COMPLETED);
                }
                if (r.nextBoolean()) {
                    b.type(ResponseInputItem.Message.Type.MESSAGE);
                }
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofMessage(b.build());
            }
            case BUILT_FUNCTION_CALL -> {
                ResponseFunctionToolCall.Builder b = ResponseFunctionToolCall.builder().callId(id(r, "call_"))
                        .name("read_file").arguments("{\"path\":" + quoted(text(r)) + "}");
                if (r.nextBoolean()) {
                    b.id(id(r, "fc_")).status(ResponseFunctionToolCall.Status.COMPLETED);
                }
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofFunctionCall(b.build());
            }
            case BUILT_FUNCTION_CALL_OUTPUT -> {
                ResponseInputItem.FunctionCallOutput.Builder b = ResponseInputItem.FunctionCallOutput.builder()
                        .callId(id(r, "call_")).output(text(r));
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofFunctionCallOutput(b.build());
            }
            case BUILT_REASONING -> {
                ResponseReasoningItem.Builder b = ResponseReasoningItem.builder().id(id(r, "rs_"))
                        .addSummary(ResponseReasoningItem.Summary.builder().text(text(r)).build())
                        .encryptedContent(opaque(r));
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofReasoning(b.build());
            }
            case BUILT_COMPACTION -> {
                ResponseCompactionItemParam.Builder b = ResponseCompactionItemParam.builder().encryptedContent(opaque(r));
                if (r.nextBoolean()) {
                    b.id(id(r, "cmp_"));
                }
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofCompaction(b.build());
            }
            case BUILT_CUSTOM_TOOL_CALL -> {
                ResponseCustomToolCall.Builder b = ResponseCustomToolCall.builder().callId(id(r, "call_"))
                        .name("apply_diff").input(text(r));
                extras(r, b::putAdditionalProperty);
                yield ResponseInputItem.ofCustomToolCall(b.build());
            }
            default -> throw new IllegalArgumentException(kind.name());
        };
        return item;
    }

    /** Fields the SDK does not know, as a newer API would send them. */
    private static void extras(Random r, BiConsumer<String, JsonValue> put) {
        if (r.nextInt(3) == 0) {
            put.accept("x_future_" + r.nextInt(100), JsonValue.fromJsonNode(unknownValue(r, 0)));
        }
    }

    // ---------------------------------------------------------------------------------------
    // read from the API's JSON, as an app holds a response's items

    private static ObjectNode json(Kind kind, Random r, boolean output) {
        ObjectNode n = F.objectNode();
        if (kind.type != null) {
            n.put("type", kind.type);
        }
        String status = pick(r, "in_progress", "completed", "incomplete");
        switch (kind) {
            case EASY_MESSAGE -> {
                n.put("role", pick(r, "user", "assistant", "system", "developer"));
                if (r.nextBoolean()) {
                    n.put("content", text(r));
                } else {
                    n.set("content", inputParts(r));
                }
                if (r.nextInt(4) == 0) {
                    n.put("phase", pick(r, "commentary", "final_answer"));
                }
            }
            case SHORT_MESSAGE -> n.put("role", pick(r, "user", "assistant", "developer")).put("content", text(r));
            case INPUT_MESSAGE -> n.put("role", pick(r, "user", "system", "developer")).<ObjectNode>set("content", inputParts(r))
                    .put("status", status);
            case OUTPUT_MESSAGE -> {
                n.put("id", id(r, "msg_")).put("role", "assistant").put("status", status);
                ArrayNode content = n.putArray("content");
                int parts = 1 + r.nextInt(2);
                for (int i = 0; i < parts; i++) {
                    if (r.nextInt(5) == 0) {
                        content.addObject().put("type", "refusal").put("refusal", text(r));
                    } else {
                        ObjectNode t = content.addObject().put("type", "output_text").put("text", text(r));
                        ArrayNode annotations = t.putArray("annotations");
                        if (r.nextBoolean()) {
                            annotations.addObject().put("type", "url_citation").put("url", "https://example.com/" + r.nextInt(99))
                                    .put("title", text(r)).put("start_index", 0).put("end_index", 4);
                        }
                        if (r.nextBoolean()) {
                            t.putArray("logprobs");
                        }
                    }
                }
            }
            case FILE_SEARCH_CALL -> {
                n.put("id", id(r, "fs_")).put("status", pick(r, "in_progress", "searching", "completed"));
                n.putArray("queries").add(text(r));
                if (r.nextBoolean()) {
                    n.putArray("results").addObject().put("file_id", id(r, "file_")).put("filename", "notes.md")
                            .put("score", 0.75).put("text", text(r));
                }
            }
            case COMPUTER_CALL -> {
                n.put("id", id(r, "cu_")).put("call_id", id(r, "call_")).put("status", status);
                n.putArray("pending_safety_checks");
                n.putObject("action").put("type", "click").put("button", "left").put("x", r.nextInt(1024))
                        .put("y", r.nextInt(768));
            }
            case COMPUTER_CALL_OUTPUT -> {
                n.put("call_id", id(r, "call_"));
                if (output) {
                    n.put("id", id(r, "cuo_")).put("status", pick(r, "completed", "incomplete", "failed"));
                }
                n.putObject("output").put("type", "computer_screenshot")
                        .put("image_url", "data:image/png;base64," + opaque(r));
            }
            case WEB_SEARCH_CALL -> {
                n.put("id", id(r, "ws_")).put("status", pick(r, "in_progress", "searching", "completed", "failed"));
                ObjectNode action = n.putObject("action").put("type", "search").put("query", text(r));
                if (r.nextBoolean()) {
                    action.putArray("sources").addObject().put("type", "url").put("url", "https://example.org");
                }
            }
            case FUNCTION_CALL -> {
                n.put("call_id", id(r, "call_")).put("name", pick(r, "read_file", "grep", "run_tests"))
                        .put("arguments", "{\"q\":" + quoted(text(r)) + "}");
                if (output || r.nextBoolean()) {
                    n.put("id", id(r, "fc_")).put("status", status);
                }
            }
            case FUNCTION_CALL_OUTPUT -> {
                n.put("call_id", id(r, "call_"));
                if (output) {
                    n.put("id", id(r, "fco_")).put("status", status);
                }
                if (r.nextBoolean()) {
                    n.put("output", text(r));
                } else {
                    n.set("output", inputParts(r));
                }
            }
            case TOOL_SEARCH_CALL -> {
                n.putObject("arguments").put("query", text(r));
                n.put("id", id(r, "tsc_")).put("call_id", id(r, "call_")).put("execution", pick(r, "server", "client"))
                        .put("status", status);
            }
            case TOOL_SEARCH_OUTPUT -> {
                n.set("tools", tools(r));
                n.put("id", id(r, "tso_")).put("call_id", id(r, "call_")).put("execution", pick(r, "server", "client"))
                        .put("status", status);
            }
            case ADDITIONAL_TOOLS -> {
                n.put("id", id(r, "at_")).put("role", "developer");
                n.set("tools", tools(r));
            }
            case CONFIGURATION_UPDATE -> {
                n.put("id", id(r, "cfg_"));
                n.putObject("reasoning").put("effort", pick(r, "low", "medium", "high"));
            }
            case REASONING -> {
                n.put("id", id(r, "rs_"));
                ArrayNode summary = n.putArray("summary");
                int parts = r.nextInt(3);
                for (int i = 0; i < parts; i++) {
                    summary.addObject().put("type", "summary_text").put("text", text(r));
                }
                if (r.nextBoolean()) {
                    n.putArray("content").addObject().put("type", "reasoning_text").put("text", text(r));
                }
                if (r.nextInt(4) != 0) {
                    n.put("encrypted_content", opaque(r));
                }
                if (r.nextBoolean()) {
                    n.put("status", status);
                }
            }
            case COMPACTION -> {
                if (output || r.nextBoolean()) {
                    n.put("id", id(r, "cmp_"));
                }
                n.put("encrypted_content", opaque(r));
                if (output && r.nextBoolean()) {
                    n.put("created_by", "server");
                }
            }
            case IMAGE_GENERATION_CALL -> n.put("id", id(r, "ig_")).put("status", pick(r, "in_progress", "completed",
                    "generating", "failed")).put("result", opaque(r));
            case CODE_INTERPRETER_CALL -> {
                n.put("id", id(r, "ci_")).put("code", "print(" + quoted(text(r)) + ")").put("container_id", id(r, "cntr_"))
                        .put("status", pick(r, "in_progress", "completed", "incomplete", "interpreting", "failed"));
                n.putArray("outputs").addObject().put("type", "logs").put("logs", text(r));
            }
            case LOCAL_SHELL_CALL -> {
                n.put("id", id(r, "lsh_")).put("call_id", id(r, "call_")).put("status", status);
                ObjectNode action = n.putObject("action").put("type", "exec");
                action.putArray("command").add("ls").add("-la");
                action.putObject("env").put("LANG", "C");
            }
            case LOCAL_SHELL_CALL_OUTPUT -> n.put("id", id(r, "lsho_")).put("output", text(r)).put("status", status);
            case SHELL_CALL -> {
                n.put("id", id(r, "sh_")).put("call_id", id(r, "call_")).put("status", status);
                ObjectNode action = n.putObject("action");
                action.putArray("commands").add("mvn -q test");
                action.put("timeout_ms", 60_000);
                if (output) {
                    action.put("max_output_length", 4096);
                    n.putNull("environment");
                }
            }
            case SHELL_CALL_OUTPUT -> {
                n.put("id", id(r, "sho_")).put("call_id", id(r, "call_")).put("status", status);
                ObjectNode chunk = n.putArray("output").addObject().put("stdout", text(r)).put("stderr", text(r));
                chunk.putObject("outcome").put("type", "exit").put("exit_code", r.nextInt(3));
                if (output) {
                    n.put("max_output_length", 4096);
                }
            }
            case APPLY_PATCH_CALL -> {
                n.put("id", id(r, "apc_")).put("call_id", id(r, "call_")).put("status", pick(r, "in_progress", "completed"));
                n.putObject("operation").put("type", "update_file").put("path", "src/Main.java").put("diff", "@@ -1 +1 @@\n-a\n+b\n");
            }
            case APPLY_PATCH_CALL_OUTPUT -> n.put("id", id(r, "apco_")).put("call_id", id(r, "call_"))
                    .put("status", pick(r, "completed", "failed")).put("output", text(r));
            case MCP_LIST_TOOLS -> {
                n.put("id", id(r, "mcpl_")).put("server_label", "jira");
                ObjectNode tool = n.putArray("tools").addObject().put("name", "search_issues").put("description", text(r));
                tool.putObject("input_schema").put("type", "object");
            }
            case MCP_APPROVAL_REQUEST -> n.put("id", id(r, "mcpr_")).put("server_label", "jira").put("name", "create_issue")
                    .put("arguments", "{}");
            case MCP_APPROVAL_RESPONSE -> {
                n.put("approval_request_id", id(r, "mcpr_")).put("approve", r.nextBoolean());
                if (output || r.nextBoolean()) {
                    n.put("id", id(r, "mcpa_"));
                }
            }
            case MCP_CALL -> {
                n.put("id", id(r, "mcp_")).put("server_label", "jira").put("name", "search_issues")
                        .put("arguments", "{\"q\":" + quoted(text(r)) + "}").put("output", text(r));
                if (r.nextBoolean()) {
                    n.put("status", pick(r, "completed", "failed"));
                }
            }
            case CUSTOM_TOOL_CALL_OUTPUT -> {
                n.put("call_id", id(r, "call_"));
                if (output) {
                    n.put("id", id(r, "ctco_")).put("status", status);
                }
                n.put("output", text(r));
            }
            case CUSTOM_TOOL_CALL -> {
                n.put("call_id", id(r, "call_")).put("name", "apply_diff").put("input", text(r));
                if (output || r.nextBoolean()) {
                    n.put("id", id(r, "ctc_"));
                }
            }
            case COMPACTION_TRIGGER -> { }
            case ITEM_REFERENCE -> n.put("id", id(r, "msg_"));
            case PROGRAM -> n.put("id", id(r, "cm_")).put("call_id", id(r, "call_")).put("code", "await tools.ls()")
                    .put("fingerprint", opaque(r));
            case PROGRAM_OUTPUT -> n.put("id", id(r, "cmo_")).put("call_id", id(r, "call_")).put("result", text(r))
                    .put("status", pick(r, "completed", "incomplete"));
            case UNKNOWN -> n.put("id", id(r, "xf_")).set("payload", unknownValue(r, 0));
            default -> throw new IllegalArgumentException(kind.name());
        }
        if (kind != Kind.COMPACTION_TRIGGER && r.nextInt(3) == 0) {
            n.set("x_future_" + r.nextInt(100), unknownValue(r, 0));
        }
        return n;
    }

    private static ArrayNode inputParts(Random r) {
        ArrayNode parts = F.arrayNode();
        int count = 1 + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            switch (r.nextInt(4)) {
                case 0 -> parts.addObject().put("type", "input_image").put("detail", pick(r, "auto", "low", "high"))
                        .put("image_url", "https://example.com/i.png");
                case 1 -> parts.addObject().put("type", "input_file").put("file_id", id(r, "file_")).put("filename", "a.pdf");
                default -> parts.addObject().put("type", "input_text").put("text", text(r));
            }
        }
        return parts;
    }

    private static ArrayNode tools(Random r) {
        ArrayNode tools = F.arrayNode();
        ObjectNode f = tools.addObject().put("type", "function").put("name", "read_file").put("strict", r.nextBoolean());
        f.putObject("parameters").put("type", "object").putObject("properties").putObject("path").put("type", "string");
        if (r.nextBoolean()) {
            f.put("description", text(r));
        }
        return tools;
    }

    private static JsonNode unknownValue(Random r, int depth) {
        return switch (depth > 1 ? r.nextInt(5) : r.nextInt(7)) {
            case 0 -> F.textNode(text(r));
            case 1 -> F.numberNode(r.nextInt(2_000_000) - 1_000_000);
            case 2 -> F.booleanNode(r.nextBoolean());
            case 3 -> F.nullNode();
            case 4 -> F.numberNode(r.nextInt(10_000) / 8.0);
            case 5 -> {
                ObjectNode o = F.objectNode();
                o.set("a", unknownValue(r, depth + 1));
                o.set("b", unknownValue(r, depth + 1));
                yield o;
            }
            default -> F.arrayNode().add(unknownValue(r, depth + 1)).add(unknownValue(r, depth + 1));
        };
    }

    private static final String[] TEXTS = {"", "hi", "Fix the rounding bug in Invoice.total()", "line one\nline two\ttab",
        "quotes \" and \\ backslashes", "café ünïcödé 日本語", "emoji 😀 and 🧪", "control \u0001\u001f", "<html>&amp;</html>",
        "{\"looks\":\"like json\"}", "a/b/c"};

    static String text(Random r) {
        String base = TEXTS[r.nextInt(TEXTS.length)];
        return r.nextInt(4) == 0 ? base + " " + "x".repeat(r.nextInt(200)) : base;
    }

    static String opaque(Random r) {
        byte[] b = new byte[16 + r.nextInt(64)];
        r.nextBytes(b);
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    static String id(Random r, String prefix) {
        return prefix + Long.toHexString(r.nextLong() & 0xffffffffffL);
    }

    @SafeVarargs
    static <T> T pick(Random r, T... values) {
        return values[r.nextInt(values.length)];
    }

    private static String quoted(String s) {
        return F.textNode(s).toString();
    }
}
