package io.github.compact4j.anthropicjava;

import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.models.beta.messages.BetaCompactionBlockParam;
import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.beta.messages.BetaTextBlockParam;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ThinkingBlockParam;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates anthropic-java's own message objects with every content block kind the SDK models,
 * plain and beta: most read by the SDK from JSON shaped like the API's, some built with the SDK's
 * builders, with fields the SDK does not know now and then, system messages inside the messages
 * array, and strings that test JSON escaping.
 */
final class SdkMessages {

    static final JsonMapper MAPPER = ObjectMappers.jsonMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Every content block kind, by its JSON type; the beta-only ones are marked. */
    enum Block {
        TEXT("text", false), IMAGE("image", false), DOCUMENT("document", false), SEARCH_RESULT("search_result", false),
        THINKING("thinking", false), REDACTED_THINKING("redacted_thinking", false), TOOL_USE("tool_use", false),
        TOOL_RESULT("tool_result", false), SERVER_TOOL_USE("server_tool_use", false),
        WEB_SEARCH_TOOL_RESULT("web_search_tool_result", false), WEB_FETCH_TOOL_RESULT("web_fetch_tool_result", false),
        CODE_EXECUTION_TOOL_RESULT("code_execution_tool_result", false),
        BASH_CODE_EXECUTION_TOOL_RESULT("bash_code_execution_tool_result", false),
        TEXT_EDITOR_CODE_EXECUTION_TOOL_RESULT("text_editor_code_execution_tool_result", false),
        TOOL_SEARCH_TOOL_RESULT("tool_search_tool_result", false), CONTAINER_UPLOAD("container_upload", false),
        ADVISOR_TOOL_RESULT("advisor_tool_result", true), MCP_TOOL_USE("mcp_tool_use", true),
        MCP_TOOL_RESULT("mcp_tool_result", true), COMPACTION("compaction", true), TOOL_ADDITION("tool_addition", true),
        TOOL_REMOVAL("tool_removal", true), MCP_TOOL_LISTING("mcp_tool_listing", true), FALLBACK("fallback", true),
        UNKNOWN("x_future_block", false);

        final String type;
        final boolean betaOnly;

        Block(String type, boolean betaOnly) {
            this.type = type;
            this.betaOnly = betaOnly;
        }
    }

    /** The blocks of a model's answer ({@code Message.content}, {@code BetaMessage.content}). */
    static final Set<Block> ANSWER_BLOCKS = EnumSet.of(Block.TEXT, Block.THINKING, Block.REDACTED_THINKING, Block.TOOL_USE,
            Block.SERVER_TOOL_USE, Block.WEB_SEARCH_TOOL_RESULT, Block.WEB_FETCH_TOOL_RESULT,
            Block.CODE_EXECUTION_TOOL_RESULT, Block.BASH_CODE_EXECUTION_TOOL_RESULT,
            Block.TEXT_EDITOR_CODE_EXECUTION_TOOL_RESULT, Block.TOOL_SEARCH_TOOL_RESULT, Block.CONTAINER_UPLOAD,
            Block.ADVISOR_TOOL_RESULT, Block.MCP_TOOL_USE, Block.MCP_TOOL_RESULT, Block.COMPACTION, Block.FALLBACK,
            Block.MCP_TOOL_LISTING, Block.UNKNOWN);

    private SdkMessages() {}

    // ---------------------------------------------------------------------------------------
    // conversations

    /** A conversation's messages as JSON: user and assistant messages, now and then a system one. */
    static ArrayNode messagesJson(Random r, boolean beta, int count, List<Block> used) {
        ArrayNode messages = F.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode m = messages.addObject();
            int pick = r.nextInt(12);
            String role = pick == 0 ? "system" : pick % 2 == 0 ? "user" : "assistant";
            m.put("role", role);
            if (r.nextInt(4) == 0) {
                m.put("content", text(r));
            } else if ("system".equals(role)) {
                ArrayNode content = m.putArray("content");
                content.add(block(Block.TEXT, r, false));
            } else {
                ArrayNode content = m.putArray("content");
                int blocks = 1 + r.nextInt(4);
                for (int k = 0; k < blocks; k++) {
                    Block b = pickBlock(r, beta, false);
                    used.add(b);
                    content.add(block(b, r, false));
                }
            }
            if (r.nextInt(6) == 0) {
                m.set("x_future_" + r.nextInt(100), unknownValue(r, 0));
            }
        }
        return messages;
    }

    static List<MessageParam> messages(Random r, int count, List<Block> used) {
        List<MessageParam> out = new ArrayList<>();
        for (JsonNode m : messagesJson(r, false, count, used)) {
            out.add(r.nextInt(8) == 0 ? builtMessage(r, used) : read(m, MessageParam.class));
        }
        return out;
    }

    static List<BetaMessageParam> betaMessages(Random r, int count, List<Block> used) {
        List<BetaMessageParam> out = new ArrayList<>();
        for (JsonNode m : messagesJson(r, true, count, used)) {
            out.add(r.nextInt(8) == 0 ? builtBetaMessage(r, used) : read(m, BetaMessageParam.class));
        }
        return out;
    }

    /** A model's answer: response-form blocks, as the API returns them. */
    static ObjectNode answerJson(Random r, boolean beta, List<Block> used) {
        ObjectNode m = F.objectNode().put("id", id(r, "msg_")).put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use").putNull("stop_sequence");
        ArrayNode content = m.putArray("content");
        int blocks = 1 + r.nextInt(4);
        for (int k = 0; k < blocks; k++) {
            Block b = pickBlock(r, beta, true);
            used.add(b);
            content.add(block(b, r, true));
        }
        m.putObject("usage").put("input_tokens", r.nextInt(100_000)).put("output_tokens", r.nextInt(2000))
                .put("cache_read_input_tokens", r.nextInt(1000)).put("cache_creation_input_tokens", 0);
        return m;
    }

    static Message answer(Random r, List<Block> used) {
        return read(answerJson(r, false, used), Message.class);
    }

    static BetaMessage betaAnswer(Random r, List<Block> used) {
        return read(answerJson(r, true, used), BetaMessage.class);
    }

    private static Block pickBlock(Random r, boolean beta, boolean answer) {
        while (true) {
            Block b = Block.values()[r.nextInt(Block.values().length)];
            if ((beta || !b.betaOnly) && (!answer || ANSWER_BLOCKS.contains(b))) {
                return b;
            }
        }
    }

    static <T> T read(JsonNode json, Class<T> type) {
        try {
            return MAPPER.readValue(MAPPER.writeValueAsString(json), type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------------------------------
    // built with the SDK's builders, as an app writes them

    private static MessageParam builtMessage(Random r, List<Block> used) {
        return switch (r.nextInt(4)) {
            case 0 -> MessageParam.ofUser(text(r));
            case 1 -> {
                used.add(Block.TOOL_USE);
                yield MessageParam.ofAssistantOfContentBlockParams(List.of(
                        ContentBlockParam.ofThinking(ThinkingBlockParam.builder().thinking(text(r)).signature(opaque(r)).build()),
                        ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id(id(r, "toolu_")).name("read_file")
                                .input(ToolUseBlockParam.Input.builder().putAdditionalProperty("path", JsonValue.from(text(r)))
                                        .build())
                                .build())));
            }
            case 2 -> {
                used.add(Block.TOOL_RESULT);
                yield MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(id(r, "toolu_")).content(text(r)).isError(r.nextBoolean())
                                .build())));
            }
            default -> MessageParam.ofUserOfContentBlockParams(List.of(ContentBlockParam.ofText(TextBlockParam.builder()
                    .text(text(r)).cacheControl(CacheControlEphemeral.builder().build())
                    .putAdditionalProperty("x_future", JsonValue.from(r.nextInt(9))).build())));
        };
    }

    private static BetaMessageParam builtBetaMessage(Random r, List<Block> used) {
        if (r.nextBoolean()) {
            used.add(Block.COMPACTION);
            BetaCompactionBlockParam.Builder c = BetaCompactionBlockParam.builder().content(text(r) + ".")
                    .signature(opaque(r));
            if (r.nextBoolean()) {
                c.encryptedContent(opaque(r));
            }
            return BetaMessageParam.ofAssistantOfContentBlockParams(List.of(BetaContentBlockParam.ofCompaction(c.build())));
        }
        return BetaMessageParam.ofUserOfContentBlockParams(List.of(BetaContentBlockParam.ofText(
                BetaTextBlockParam.builder().text(text(r)).build())));
    }

    // ---------------------------------------------------------------------------------------
    // blocks as the API's JSON

    static ObjectNode block(Block kind, Random r, boolean answer) {
        ObjectNode b = F.objectNode().put("type", kind.type);
        switch (kind) {
            case TEXT -> {
                b.put("text", text(r));
                if (answer) {
                    if (r.nextBoolean()) {
                        b.putNull("citations");
                    } else {
                        b.putArray("citations").addObject().put("type", "char_location").put("cited_text", text(r))
                                .put("document_index", 0).put("document_title", "notes").put("start_char_index", 0)
                                .put("end_char_index", 4).putNull("file_id");
                    }
                } else if (r.nextBoolean()) {
                    b.putObject("cache_control").put("type", "ephemeral");
                }
            }
            case IMAGE -> b.putObject("source").put("type", "base64").put("media_type", "image/png").put("data", opaque(r));
            case DOCUMENT -> {
                b.putObject("source").put("type", "text").put("media_type", "text/plain").put("data", text(r));
                if (r.nextBoolean()) {
                    b.put("title", "notes.txt");
                }
            }
            case SEARCH_RESULT -> {
                b.put("source", "https://example.com/" + r.nextInt(99)).put("title", text(r));
                b.putArray("content").addObject().put("type", "text").put("text", text(r));
            }
            case THINKING -> b.put("thinking", text(r)).put("signature", opaque(r));
            case REDACTED_THINKING -> b.put("data", opaque(r));
            case TOOL_USE -> {
                b.put("id", id(r, "toolu_")).put("name", "read_file");
                b.putObject("input").put("path", text(r)).put("limit", r.nextInt(500));
            }
            case TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "toolu_"));
                switch (r.nextInt(3)) {
                    case 0 -> b.put("content", text(r));
                    case 1 -> b.putArray("content").addObject().put("type", "text").put("text", text(r));
                    default -> { }
                }
                if (r.nextBoolean()) {
                    b.put("is_error", r.nextBoolean());
                }
            }
            case SERVER_TOOL_USE -> {
                b.put("id", id(r, "srvtoolu_")).put("name", "web_search");
                b.putObject("input").put("query", text(r));
            }
            case WEB_SEARCH_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                ObjectNode hit = b.putArray("content").addObject().put("type", "web_search_result").put("url", "https://example.org")
                        .put("title", text(r)).put("encrypted_content", opaque(r));
                if (answer) {
                    hit.putNull("page_age");
                }
            }
            case WEB_FETCH_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                b.putObject("content").put("type", "web_fetch_tool_result_error").put("error_code", "unavailable");
            }
            case CODE_EXECUTION_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                ObjectNode c = b.putObject("content").put("type", "code_execution_result").put("stdout", text(r))
                        .put("stderr", "").put("return_code", r.nextInt(2));
                c.putArray("content");
            }
            case BASH_CODE_EXECUTION_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                ObjectNode c = b.putObject("content").put("type", "bash_code_execution_result").put("stdout", text(r))
                        .put("stderr", "").put("return_code", 0);
                c.putArray("content");
            }
            case TEXT_EDITOR_CODE_EXECUTION_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                b.putObject("content").put("type", "text_editor_code_execution_tool_result_error")
                        .put("error_code", "unavailable").putNull("error_message");
            }
            case TOOL_SEARCH_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                ObjectNode c = b.putObject("content").put("type", "tool_search_tool_search_result");
                c.putArray("tool_references").addObject().put("type", "tool_reference").put("tool_name", "read_file");
            }
            case CONTAINER_UPLOAD -> b.put("file_id", id(r, "file_"));
            case ADVISOR_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "srvtoolu_"));
                b.putObject("content").put("type", "advisor_tool_result_error").put("error_code", "max_uses_exceeded");
            }
            case MCP_TOOL_USE -> {
                b.put("id", id(r, "mcptoolu_")).put("name", "search_issues").put("server_name", "jira");
                b.putObject("input").put("q", text(r));
            }
            case MCP_TOOL_RESULT -> {
                b.put("tool_use_id", id(r, "mcptoolu_")).put("is_error", false);
                b.putArray("content").addObject().put("type", "text").put("text", text(r));
            }
            case COMPACTION -> {
                b.put("content", text(r) + ".");
                if (answer || r.nextBoolean()) {
                    b.put("signature", opaque(r));
                }
                if (r.nextInt(3) == 0) {
                    b.put("encrypted_content", opaque(r));
                }
            }
            case TOOL_ADDITION -> b.putObject("tool").put("type", "tool_reference").put("name", "read_file");
            case TOOL_REMOVAL -> b.putObject("tool").put("type", "tool_reference").put("name", "grep");
            case MCP_TOOL_LISTING -> {
                b.put("mcp_server_name", "jira");
                ObjectNode tool = b.putArray("tools").addObject().put("name", "search_issues");
                tool.putObject("input_schema").put("type", "object");
            }
            case FALLBACK -> {
                b.putObject("from").put("model", "claude-opus-5");
                b.putObject("to").put("model", "claude-sonnet-5");
                if (answer || r.nextBoolean()) {
                    b.putObject("trigger").put("type", "refusal").putNull("category");
                }
            }
            case UNKNOWN -> b.put("id", id(r, "xf_")).set("payload", unknownValue(r, 0));
            default -> throw new IllegalArgumentException(kind.name());
        }
        if (answer && EnumSet.of(Block.TOOL_USE, Block.SERVER_TOOL_USE, Block.WEB_SEARCH_TOOL_RESULT,
                Block.WEB_FETCH_TOOL_RESULT).contains(kind)) {
            b.putObject("caller").put("type", "direct"); // answers always say who called
        }
        if (kind != Block.UNKNOWN && r.nextInt(5) == 0) {
            b.set("x_future_" + r.nextInt(100), unknownValue(r, 0));
        }
        return b;
    }

    static JsonNode unknownValue(Random r, int depth) {
        return switch (depth > 1 ? r.nextInt(4) : r.nextInt(6)) {
            case 0 -> F.textNode(text(r));
            case 1 -> F.numberNode(r.nextInt(2_000_000) - 1_000_000);
            case 2 -> F.booleanNode(r.nextBoolean());
            case 3 -> F.nullNode();
            case 4 -> {
                ObjectNode o = F.objectNode();
                o.set("a", unknownValue(r, depth + 1));
                yield o;
            }
            default -> F.arrayNode().add(unknownValue(r, depth + 1)).add(unknownValue(r, depth + 1));
        };
    }

    private static final String[] TEXTS = {"hi", "Fix the rounding bug in Invoice.total()", "line one\nline two\ttab",
        "quotes \" and \\ backslashes", "café ünïcödé 日本語", "emoji 😀 and 🧪", "control \u0001\u001f",
        "<html>&amp;</html>", "{\"looks\":\"like json\"}"};

    static String text(Random r) {
        String base = TEXTS[r.nextInt(TEXTS.length)];
        return r.nextInt(4) == 0 ? base + " " + "x".repeat(1 + r.nextInt(200)) : base;
    }

    static String opaque(Random r) {
        byte[] b = new byte[16 + r.nextInt(64)];
        r.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    static String id(Random r, String prefix) {
        return prefix + Long.toHexString(r.nextLong() & 0xffffffffffL);
    }
}
