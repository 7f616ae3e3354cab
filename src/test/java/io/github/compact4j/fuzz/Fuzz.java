package io.github.compact4j.fuzz;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.compact4j.errors.CompactionException;
import io.github.compact4j.CompactionRequest;
import io.github.compact4j.CompactionResult;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.ChatCompletionsMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.internal.Json;
import io.github.compact4j.mask.ToolOutputMaskingCompactor;
import io.github.compact4j.summarize.FakeSummarizers;
import io.github.compact4j.summarize.SummarizingFallbackCompactor;
import io.github.compact4j.tokens.TokenCounter;
import io.github.compact4j.tokens.TokenEncoding;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/** The fuzz's engine: a corpus of valid conversations, the mutations, and the checks. */
final class Fuzz {

    /** What the run reached, so the test can tell a fuzz that exercised nothing from one that passed. */
    static final class Stats {
        final Map<Format, Integer> parsed = new EnumMap<>(Format.class);
        final Map<Format, Integer> rejected = new EnumMap<>(Format.class);
        final Map<Mutation, Integer> mutations = new EnumMap<>(Mutation.class);
        int deepTextRejected;
        int deepTreeRejected;
        int boundaryParsed;
        int agreements;
        int masked;
        int summarized;

        @Override
        public String toString() {
            return "parsed " + parsed + ", rejected " + rejected + ", deep rejected as text " + deepTextRejected
                    + " and as tree " + deepTreeRejected + ", parsed at the depth limit " + boundaryParsed
                    + ", text and tree compared " + agreements + ", masked " + masked + ", summarized " + summarized
                    + ", mutations " + mutations;
        }
    }

    private static final int CORPUS_PER_FORMAT = 24;
    private static final String DEEP_MARKER = "\u0000fuzz-deep";

    private static final String[] FIELDS = {"type", "role", "content", "call_id", "tool_call_id", "tool_use_id", "id",
        "name", "arguments", "input", "output", "tool_calls", "function", "text", "encrypted_content", "summary",
        "is_error", "system", "messages", "refusal", "thinking", "signature", "data", "source", "status", "action"};
    private static final String[] TYPES = {"message", "function_call", "function_call_output", "custom_tool_call",
        "custom_tool_call_output", "reasoning", "compaction", "shell_call", "shell_call_output", "local_shell_call_output",
        "computer_call_output", "tool_search_call", "program_output", "web_search_call", "input_text", "output_text",
        "refusal", "input_image", "input_file", "text", "image", "document", "search_result", "tool_use", "tool_result",
        "thinking", "redacted_thinking", "server_tool_use", "anthropic_block", "image_url", "file", "function", "custom",
        "x_future", ""};
    private static final String[] ROLES = {"user", "assistant", "system", "developer", "tool", "function", "", "robot"};
    private static final String[] ODD_STRINGS = {"", " ", "\ud800", "a\udc00b", "\ud83d", "\u0000", "\uffff\ufffe",
        "\u2028\u2029", "\u202e\u0301", "\ud83d\ude00", "{\"a\":", "[[[", "\\u0000", "null", "NaN", "\t\n\r"};
    private static final String[] CHARSETS = {"UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"};

    private final long seed;
    private final Map<Format, List<JsonNode>> corpus = new EnumMap<>(Format.class);
    private final Stats stats = new Stats();
    private final String[] huge;
    private final List<List<ToolOutputMaskingCompactor>> maskers = new ArrayList<>();
    private final List<List<SummarizingFallbackCompactor>> summarizers = new ArrayList<>();
    /** Deep values by levels and shape: the library must not change them, which the fingerprints check. */
    private static final Map<Long, JsonNode> DEEP = new java.util.HashMap<>();

    Fuzz(long seed) {
        this.seed = seed;
        Random r = new Random(seed);
        for (Format f : Format.values()) {
            List<JsonNode> docs = new ArrayList<>();
            for (int i = 0; i < CORPUS_PER_FORMAT; i++) {
                docs.add(f.generate(r));
            }
            corpus.put(f, docs);
        }
        // compactors are immutable: built once, each with one of the two counters the items are
        // counted with first, whose per-item memo then spares counting them again
        for (TokenCounter counter : List.of(TokenCounter.defaultCounter(), TokenCounter.forEncoding(TokenEncoding.CL100K_BASE))) {
            List<ToolOutputMaskingCompactor> m = new ArrayList<>();
            for (int keep = 0; keep < 4; keep++) {
                for (int min : new int[] {0, 40, 150}) {
                    m.add(ToolOutputMaskingCompactor.builder().tokenCounter(counter).keepRecentTurns(keep)
                            .minOutputTokens(min).truncateRecentOutputs(keep % 2 == 0).dropOldEncryptedReasoning(min > 0)
                            .build());
                }
            }
            maskers.add(m);
            List<SummarizingFallbackCompactor> s = new ArrayList<>();
            for (int keep : new int[] {0, 150, 600, 2_500}) {
                s.add(SummarizingFallbackCompactor.builder().summarizer(FakeSummarizers.deterministicUnrecorded())
                        .tokenCounter(counter).keepRecentTokens(keep).build());
            }
            summarizers.add(s);
        }
        // hundreds of thousands of characters, far past any normal field; mostly prose, which the
        // tokenizer gets through fast (a long base64 run takes it far longer, so there is one short one)
        huge = new String[] {words(r, 300_000), "\u4e2d\u6587 \ud83d\ude00 ".repeat(20_000),
            "data:image/png;base64," + base64(r, 60_000), words(r, 120_000).replace(' ', '\n')};
    }

    Stats stats() {
        return stats;
    }

    // ---------------------------------------------------------------------------------------
    // one case

    void runCase(int index) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + index);
        Format format = Format.values()[r.nextInt(Format.values().length)];
        Check check = new Check(index, format);
        List<JsonNode> docs = corpus.get(format);
        JsonNode doc = docs.get(r.nextInt(docs.size())).deepCopy();

        int count = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            doc = mutateTree(doc, r, check);
        }
        Deep deep = r.nextInt(100) < 8 ? Deep.insert(doc, r, check) : null;
        if (deep != null) {
            count(Mutation.DEEP_VALUE);
        }
        String shallow = write(doc);
        String text = deep == null ? shallow : deep.spliceInto(shallow);
        // the tree the text stands for, to compare the two ways in: the fuzz's own tree may hold
        // what text cannot (a NaN, a 1,001-digit number), which the tree check rejects by design
        JsonNode textTree = readOrNull(shallow);
        if (textTree != null && deep != null) {
            deep.substituteIn(textTree);
        }
        JsonNode tree = deep == null ? doc : deep.substituteIn(doc);

        // the text way in: a string, a reader, or bytes in some encoding
        boolean textIntact = true;
        Outcome viaText;
        if (r.nextInt(10) < 3) {
            text = mutateText(text, r, check);
            textIntact = false;
        }
        if (format.hasBytes() && r.nextInt(3) == 0) {
            String cs = CHARSETS[r.nextInt(CHARSETS.length)];
            boolean bom = r.nextBoolean();
            byte[] bytes = encode(text, cs, bom);
            check.note("as " + cs + " bytes");
            if (!text.equals(new String(bytes, Charset.forName(cs)).substring(bom ? 1 : 0))) {
                // a lone surrogate has no encoding: the encoder wrote '?', another text
                textIntact = false;
            }
            if (r.nextInt(3) == 0) {
                bytes = badBytes(bytes, cs, r, check);
                textIntact = false;
            }
            byte[] given = bytes.clone();
            byte[] in = bytes;
            viaText = check.parse("parse bytes", () -> format.bytes(in));
            check.that(Arrays.equals(given, in), "the caller's bytes were changed");
        } else if (format.hasBytes() && r.nextBoolean()) {
            String t = text;
            viaText = check.parse("parse reader", () -> format.reader(t));
        } else {
            String t = text;
            viaText = check.parse("parse text", () -> format.text(t));
        }

        // the tree way in, with the caller's tree checked for changes
        long print = fingerprint(tree);
        JsonNode t = tree;
        Outcome viaTree;
        if (format.hasParts() && tree.isObject() && tree.has("messages") && r.nextBoolean()) {
            viaTree = check.parse("parse parts", () -> format.parts(t.get("system"), t.get("messages")));
        } else {
            viaTree = check.parse("parse tree", () -> format.tree(t));
        }
        check.that(fingerprint(tree) == print, "parsing changed the caller's tree");

        if (textIntact && textTree != null) {
            Outcome same = check.parse("parse the text's tree", () -> format.tree(textTree));
            if (same != null) {
                stats.agreements++;
                check.that(viaText.ok() == same.ok(), "text and tree disagree: text " + viaText + ", tree " + same);
                if (viaText.ok()) {
                    check.that(joined(viaText.parsed.items()).equals(joined(same.parsed.items())),
                            "text and tree give different items");
                }
            }
        }
        if (deep != null) {
            stats.deepTextRejected += viaText.ok() ? 0 : 1;
            stats.deepTreeRejected += viaTree == null || viaTree.ok() ? 0 : 1;
            stats.boundaryParsed += !deep.huge() && (viaText.ok() || viaTree != null && viaTree.ok()) ? 1 : 0;
        }

        Outcome use = viaText.ok() && (viaTree == null || !viaTree.ok() || r.nextBoolean()) ? viaText : viaTree;
        if (use == null || !use.ok()) {
            stats.rejected.merge(format, 1, Integer::sum);
            return;
        }
        stats.parsed.merge(format, 1, Integer::sum);
        downstream(format, use.parsed, r, check);
        check.that(fingerprint(tree) == print, "compacting changed the caller's tree");
    }

    /** Everything that takes parsed items: counting, writing, editing, both compactors. */
    private void downstream(Format format, Format.Parsed parsed, Random r, Check check) {
        List<Item> caller = new ArrayList<>(parsed.items());
        List<Item> given = List.copyOf(caller);
        String before = check.call("item JSON", () -> joined(caller));

        TokenCounter counter = r.nextInt(4) == 0 ? TokenCounter.forEncoding(TokenEncoding.CL100K_BASE)
                : TokenCounter.defaultCounter();
        for (Item it : caller) {
            check.call("count", () -> counter.count(it));
            check.call("toString", it::toString);
            Item back = check.call("itemFromJson(toJson)", () -> ResponsesItems.itemFromJson(it.toJson()));
            check.that(back != null && back.getClass() == it.getClass() && back.toJson().equals(it.toJson()),
                    "an item does not read back from its own JSON: " + it);
        }
        check.call("count list", () -> counter.count(caller));

        check.call("ResponsesItems.toJson", () -> ResponsesItems.toJson(caller));
        check.call("ResponsesItems.toJsonNode", () -> ResponsesItems.toJsonNode(caller));
        check.call("ResponsesItems.write", () -> {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = Json.MAPPER.createGenerator(w)) {
                ResponsesItems.write(caller, g);
            }
            return w.toString();
        });
        check.call("ChatCompletionsMessages.toJson", () -> ChatCompletionsMessages.toJson(caller));
        check.call("ChatCompletionsMessages.toJsonNode", () -> ChatCompletionsMessages.toJsonNode(caller));
        check.call("AnthropicMessages.toJson", () -> AnthropicMessages.toJson(caller));
        check.call("AnthropicMessages.toConversation", () -> AnthropicMessages.toConversation(caller).toJson());
        String back = check.call("write back", () -> format.write(parsed, caller));
        if (back != null && format != Format.RESPONSES_ITEM) {
            // what the library wrote from what it read, it reads again (one item alone gains a level in an array)
            Format.Parsed again = check.call("read back", () -> format.text(back));
            check.that(again != null && joined(again.items()).equals(joined(caller)),
                    "what the library wrote from a conversation it read does not read back the same");
        }

        if (!caller.isEmpty()) {
            Item it = caller.get(r.nextInt(caller.size()));
            JsonNode value = editValue(r);
            check.call("Item.with", () -> it.with(FIELDS[r.nextInt(FIELDS.length)], value));
            check.call("Item.without", () -> it.without(FIELDS[r.nextInt(FIELDS.length)]));
        }

        String model = r.nextBoolean() ? "gpt-5.1" : "claude-sonnet-4-5";
        CompactionRequest request = check.call("request",
                () -> CompactionRequest.builder().model(model).items(caller).minSavingRatio(0).build());
        if (request != null) {
            int c = counter == TokenCounter.defaultCounter() ? 0 : 1;
            ToolOutputMaskingCompactor masker = maskers.get(c).get(r.nextInt(maskers.get(c).size()));
            CompactionResult masked = check.call("masking", () -> masker.compact(request));
            if (masked != null) {
                stats.masked++;
                check.call("write masked back", () -> format.write(parsed, masked.items()));
            }
            SummarizingFallbackCompactor summarizer = summarizers.get(c).get(r.nextInt(summarizers.get(c).size()));
            CompactionResult summarized = check.call("summarizing", () -> summarizer.compact(request));
            if (summarized != null) {
                stats.summarized++;
                check.call("write summarized back", () -> format.write(parsed, summarized.items()));
            }
        }

        check.that(caller.size() == given.size(), "the caller's list changed size");
        for (int i = 0; i < given.size(); i++) {
            check.that(caller.get(i) == given.get(i), "the caller's list changed at " + i);
        }
        check.that(before == null || before.equals(joined(caller)), "the caller's items changed");
    }

    /** The items' JSON, one per line: comparable without nesting them in an array. */
    private static String joined(List<Item> items) {
        StringBuilder sb = new StringBuilder();
        for (Item it : items) {
            sb.append(it.getClass().getSimpleName()).append(' ').append(it.toJson()).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------
    // tree mutations

    private JsonNode mutateTree(JsonNode doc, Random r, Check check) {
        Mutation[] kinds = {Mutation.DROP_FIELD, Mutation.RETYPE_VALUE, Mutation.RETYPE_ITEM,
            Mutation.DUPLICATE_ELEMENT, Mutation.DROP_ELEMENT, Mutation.MOVE_ELEMENT, Mutation.REWIRE_CALL_ID,
            Mutation.ODD_UNICODE, Mutation.ODD_NUMBER, Mutation.EMPTY_CONTAINER};
        Mutation m;
        int roll = r.nextInt(100);
        if (roll < 1) {
            m = Mutation.HUGE_STRING;
        } else if (roll < 4) {
            m = Mutation.WRAP_DOCUMENT;
        } else {
            m = kinds[r.nextInt(kinds.length)];
        }
        List<Slot> slots = slots(doc);
        JsonNode result = doc;
        switch (m) {
            case DROP_FIELD -> {
                Slot s = pick(slots, r, x -> x.name != null);
                if (s != null) {
                    ((ObjectNode) s.parent).remove(s.name);
                    check.note("dropped " + s);
                }
            }
            case RETYPE_VALUE -> {
                Slot s = pick(slots, r, x -> x.name != null && Arrays.asList(FIELDS).contains(x.name) || r.nextInt(4) == 0);
                if (s != null) {
                    s.set(otherValue(r));
                    check.note("retyped " + s);
                }
            }
            case RETYPE_ITEM -> {
                Slot s = pick(slots, r, x -> "type".equals(x.name) || "role".equals(x.name));
                if (s != null) {
                    String v = "role".equals(s.name) ? ROLES[r.nextInt(ROLES.length)] : TYPES[r.nextInt(TYPES.length)];
                    s.set(Json.NODES.textNode(v));
                    check.note("set " + s + " to '" + v + "'");
                }
            }
            case DUPLICATE_ELEMENT -> {
                Slot s = pick(slots, r, x -> x.name == null);
                if (s != null) {
                    ((ArrayNode) s.parent).insert(r.nextInt(s.parent.size() + 1), s.value().deepCopy());
                    check.note("duplicated " + s);
                }
            }
            case DROP_ELEMENT -> {
                Slot s = pick(slots, r, x -> x.name == null);
                if (s != null) {
                    ((ArrayNode) s.parent).remove(s.index);
                    check.note("dropped " + s);
                }
            }
            case MOVE_ELEMENT -> {
                Slot s = pick(slots, r, x -> x.name == null && x.parent.size() > 1);
                if (s != null) {
                    JsonNode v = ((ArrayNode) s.parent).remove(s.index);
                    ((ArrayNode) s.parent).insert(r.nextInt(s.parent.size() + 1), v);
                    check.note("moved " + s);
                }
            }
            case REWIRE_CALL_ID -> {
                List<Slot> ids = new ArrayList<>();
                for (Slot x : slots) {
                    if (x.name != null && x.name.endsWith("id") && x.value().isTextual()) {
                        ids.add(x);
                    }
                }
                if (!ids.isEmpty()) {
                    Slot s = ids.get(r.nextInt(ids.size()));
                    String id = r.nextBoolean() ? ids.get(r.nextInt(ids.size())).value().textValue() : "orphan_" + r.nextInt(9);
                    s.set(Json.NODES.textNode(id));
                    check.note("rewired " + s);
                }
            }
            case HUGE_STRING -> {
                Slot s = pick(slots, r, x -> x.value().isTextual());
                if (s != null) {
                    String h = huge[r.nextInt(huge.length)];
                    s.set(Json.NODES.textNode(h));
                    check.note("made " + s + " " + h.length() + " chars long");
                }
            }
            case ODD_UNICODE -> {
                Slot s = pick(slots, r, x -> x.value().isTextual());
                if (s != null) {
                    String odd = ODD_STRINGS[r.nextInt(ODD_STRINGS.length)];
                    String old = s.value().textValue();
                    int at = old.isEmpty() ? 0 : r.nextInt(old.length() + 1);
                    s.set(Json.NODES.textNode(r.nextBoolean() ? odd : old.substring(0, at) + odd + old.substring(at)));
                    check.note("put odd characters into " + s);
                }
            }
            case ODD_NUMBER -> {
                Slot s = pick(slots, r, x -> true);
                if (s != null) {
                    s.set(oddNumber(r));
                    check.note("set " + s + " to an odd number");
                }
            }
            case EMPTY_CONTAINER -> {
                Slot s = pick(slots, r, x -> x.value().isContainerNode() && x.value().size() > 0);
                if (s != null) {
                    s.set(s.value().isArray() ? Json.NODES.arrayNode() : Json.NODES.objectNode());
                    check.note("emptied " + s);
                }
            }
            case WRAP_DOCUMENT -> {
                int how = r.nextInt(4);
                if (how == 0) {
                    result = Json.NODES.arrayNode().add(doc);
                } else if (how == 1) {
                    result = Json.NODES.objectNode().set("items", doc);
                } else if (how == 2) {
                    result = Json.NODES.nullNode();
                } else {
                    result = Json.NODES.textNode("[]");
                }
                check.note("wrapped the document (" + how + ")");
            }
            default -> throw new IllegalStateException(m.name());
        }
        count(m);
        return result;
    }

    private JsonNode otherValue(Random r) {
        return switch (r.nextInt(11)) {
            case 0 -> Json.NODES.nullNode();
            case 1 -> Json.NODES.booleanNode(r.nextBoolean());
            case 2 -> Json.NODES.numberNode(r.nextInt(100) - 50);
            case 3 -> Json.NODES.numberNode(new BigDecimal("-1.50"));
            case 4 -> Json.NODES.textNode("");
            case 5 -> Json.NODES.textNode(TYPES[r.nextInt(TYPES.length)]);
            case 6 -> Json.NODES.arrayNode();
            case 7 -> Json.NODES.objectNode();
            case 8 -> Json.NODES.arrayNode().add(1).add("a").add(Json.NODES.objectNode().put("type", "text"));
            case 9 -> Json.NODES.objectNode().put("type", TYPES[r.nextInt(TYPES.length)]).put("text", "t");
            default -> Json.NODES.arrayNode().add(Json.NODES.objectNode().put("type", "input_text").put("text", "x"));
        };
    }

    private static JsonNode oddNumber(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Json.NODES.numberNode(new BigDecimal("1e400"));
            case 1 -> Json.NODES.numberNode(new BigDecimal("-0.0"));
            case 2 -> Json.NODES.numberNode(new BigInteger("9".repeat(1_001)));
            case 3 -> Json.NODES.numberNode(new BigDecimal("0." + "3".repeat(999)));
            case 4 -> Json.NODES.numberNode(Double.NaN);
            case 5 -> Json.NODES.numberNode(Double.NEGATIVE_INFINITY);
            case 6 -> Json.NODES.numberNode(Long.MIN_VALUE);
            default -> Json.NODES.numberNode(new BigDecimal("1.10"));
        };
    }

    /** A value for Item.with: plain, odd, huge, or too deep. */
    private JsonNode editValue(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Json.NODES.textNode(huge[r.nextInt(huge.length)]);
            case 1 -> Deep.tree(5_000, r.nextInt(3));
            case 2 -> Deep.tree(Json.MAX_DEPTH - 1, r.nextInt(3));
            case 3 -> oddNumber(r);
            default -> otherValue(r);
        };
    }

    // ---------------------------------------------------------------------------------------
    // text and byte mutations

    private String mutateText(String text, Random r, Check check) {
        Mutation m = switch (r.nextInt(3)) {
            case 0 -> Mutation.TRUNCATE_TEXT;
            case 1 -> Mutation.EDIT_TEXT;
            default -> Mutation.DUPLICATE_KEY;
        };
        count(m);
        switch (m) {
            case TRUNCATE_TEXT -> {
                int at = r.nextInt(text.length() + 1);
                check.note("cut the text at " + at);
                return text.substring(0, at);
            }
            case EDIT_TEXT -> {
                StringBuilder sb = new StringBuilder(text);
                String chars = "{}[]\":,\\ tfn0-.eE\u0000\u001f\ud800\udc00\u00e9\ud83d\ude00abc";
                int edits = 1 + r.nextInt(5);
                for (int i = 0; i < edits; i++) {
                    int at = r.nextInt(sb.length() + 1);
                    char c = chars.charAt(r.nextInt(chars.length()));
                    switch (r.nextInt(3)) {
                        case 0 -> sb.insert(at, c);
                        case 1 -> {
                            if (at < sb.length()) {
                                sb.deleteCharAt(at);
                            }
                        }
                        default -> {
                            if (at < sb.length()) {
                                sb.setCharAt(at, c);
                            }
                        }
                    }
                }
                check.note("edited " + edits + " characters of the text");
                return sb.toString();
            }
            default -> {
                List<Integer> opens = new ArrayList<>();
                for (int i = 0; i < text.length() && opens.size() < 10_000; i++) {
                    if (text.charAt(i) == '{') {
                        opens.add(i);
                    }
                }
                if (opens.isEmpty()) {
                    return text;
                }
                int at = opens.get(r.nextInt(opens.size())) + 1;
                String key = FIELDS[r.nextInt(FIELDS.length)];
                boolean close = at < text.length() && text.charAt(at) == '}';
                check.note("repeated key '" + key + "' at " + at);
                return text.substring(0, at) + "\"" + key + "\":" + otherValue(r) + (close ? "" : ",") + text.substring(at);
            }
        }
    }

    private static byte[] encode(String text, String charset, boolean bom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Charset cs = Charset.forName(charset);
        if (bom) {
            out.writeBytes("\ufeff".getBytes(cs));
        }
        out.writeBytes(text.getBytes(cs));
        return out.toByteArray();
    }

    private byte[] badBytes(byte[] bytes, String charset, Random r, Check check) {
        count(Mutation.BAD_BYTES);
        byte[][] bad = switch (charset) {
            case "UTF-8" -> new byte[][] {{(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2}};
            case "UTF-16BE" -> new byte[][] {{(byte) 0xD8, 0x00}, {(byte) 0xDC, 0x00}, {0x00}};
            case "UTF-16LE" -> new byte[][] {{0x00, (byte) 0xD8}, {0x00, (byte) 0xDC}, {0x00}};
            case "UTF-32BE" -> new byte[][] {{0x00, 0x11, 0x00, 0x00}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, {0x00}};
            default -> new byte[][] {{0x00, 0x00, 0x11, 0x00}, {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, {0x00}};
        };
        byte[] b = bad[r.nextInt(bad.length)];
        int at = r.nextInt(bytes.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(b);
        if (r.nextBoolean()) {
            out.write(bytes, at, bytes.length - at);
        }
        check.note("put " + b.length + " bad bytes at " + at);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------
    // plumbing

    private void count(Mutation m) {
        stats.mutations.merge(m, 1, Integer::sum);
    }

    private static String write(JsonNode doc) {
        try {
            return Json.MAPPER.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("the fuzz cannot write its own document", e);
        }
    }

    /** A place in the tree: a field of an object or an element of an array. */
    static final class Slot {
        final JsonNode parent;
        final String name;
        final int index;

        Slot(JsonNode parent, String name, int index) {
            this.parent = parent;
            this.name = name;
            this.index = index;
        }

        JsonNode value() {
            return name != null ? parent.get(name) : parent.get(index);
        }

        void set(JsonNode v) {
            if (name != null) {
                ((ObjectNode) parent).set(name, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }

        @Override
        public String toString() {
            return name != null ? "field '" + name + "'" : "element " + index;
        }
    }

    /** Every slot of a tree, found without recursion. */
    static List<Slot> slots(JsonNode root) {
        List<Slot> out = new ArrayList<>();
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        if (root.isContainerNode()) {
            todo.push(root);
        }
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isObject()) {
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    out.add(new Slot(n, name, -1));
                    if (n.get(name).isContainerNode()) {
                        todo.push(n.get(name));
                    }
                }
            } else {
                for (int i = 0; i < n.size(); i++) {
                    out.add(new Slot(n, null, i));
                    if (n.get(i).isContainerNode()) {
                        todo.push(n.get(i));
                    }
                }
            }
        }
        return out;
    }

    private static Slot pick(List<Slot> slots, Random r, java.util.function.Predicate<Slot> which) {
        List<Slot> fit = new ArrayList<>();
        for (Slot s : slots) {
            if (which.test(s)) {
                fit.add(s);
            }
        }
        return fit.isEmpty() ? null : fit.get(r.nextInt(fit.size()));
    }

    /**
     * A fingerprint of a tree's whole content, found without recursion: the caller's tree must be
     * the same after the library has read it.
     */
    static long fingerprint(JsonNode root) {
        long h = 1;
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            h = h * 31 + n.getNodeType().ordinal();
            if (n.isObject()) {
                h = h * 31 + n.size();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    h = h * 31 + e.getKey().hashCode();
                    todo.push(e.getValue());
                }
            } else if (n.isArray()) {
                h = h * 31 + n.size();
                for (JsonNode e : n) {
                    todo.push(e);
                }
            } else {
                h = h * 31 + n.asText().hashCode();
            }
        }
        return h;
    }

    private static String words(Random r, int chars) {
        String[] w = {"the", "build", "failed", "at", "line", "42", "NullPointerException", "retry", "value", "\n"};
        StringBuilder sb = new StringBuilder(chars + 32);
        while (sb.length() < chars) {
            sb.append(w[r.nextInt(w.length)]).append(' ');
        }
        return sb.toString();
    }

    private static String base64(Random r, int chars) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            sb.append(alphabet.charAt(r.nextInt(64)));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------

    /** A parse's result: items, or the CompactionException that rejected the input. */
    record Outcome(Format.Parsed parsed, CompactionException error) {
        boolean ok() {
            return parsed != null;
        }

        @Override
        public String toString() {
            return ok() ? parsed.items().size() + " items" : error.getClass().getSimpleName() + ": " + error.getMessage();
        }
    }

    /**
     * Runs the steps of one case: anything but a CompactionException is a failure, reported with
     * everything needed to replay the case.
     */
    final class Check {
        final int index;
        final Format format;
        final List<String> notes = new ArrayList<>();

        Check(int index, Format format) {
            this.index = index;
            this.format = format;
        }

        void note(String what) {
            notes.add(what);
        }

        Outcome parse(String step, Supplier<Format.Parsed> parse) {
            try {
                Format.Parsed p = parse.get();
                return p == null ? null : new Outcome(p, null);
            } catch (CompactionException e) {
                return new Outcome(null, e);
            } catch (Throwable e) {
                throw failure(step + " threw " + e, e);
            }
        }

        /** @return the step's value, or null when it failed with a CompactionException */
        <T> T call(String step, ThrowingSupplier<T> body) {
            try {
                return body.get();
            } catch (CompactionException e) {
                return null;
            } catch (Throwable e) {
                throw failure(step + " threw " + e, e);
            }
        }

        void that(boolean ok, String what) {
            if (!ok) {
                throw failure(what, null);
            }
        }

        private AssertionError failure(String what, Throwable cause) {
            return new AssertionError("fuzz case " + index + " (seed " + seed + ", " + format + ", " + notes + "): "
                    + what + "; replay with -Dcompact4j.fuzz.seed=" + seed + " -Dcompact4j.fuzz.case=" + index, cause);
        }
    }

    /** A step that may throw anything. */
    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** A deep value put into a tree: a marker in the text form, the real nesting in the tree form. */
    record Deep(int levels, int shape) {

        boolean huge() {
            return levels >= 5_000;
        }

        static Deep insert(JsonNode doc, Random r, Check check) {
            List<Slot> containers = new ArrayList<>();
            for (Slot s : slots(doc)) {
                if (s.value().isContainerNode()) {
                    containers.add(s);
                }
            }
            if (!doc.isContainerNode()) {
                return null;
            }
            // put the marker in a container at some depth: as a new field, or as a new element
            JsonNode target = containers.isEmpty() || r.nextInt(5) == 0 ? doc
                    : containers.get(r.nextInt(containers.size())).value();
            Slot slot;
            if (target.isObject()) {
                String name = r.nextBoolean() ? "x_deep" : FIELDS[r.nextInt(FIELDS.length)];
                ((ObjectNode) target).put(name, DEEP_MARKER);
                slot = new Slot(target, name, -1);
            } else {
                ((ArrayNode) target).add(DEEP_MARKER);
                slot = new Slot(target, null, target.size() - 1);
            }
            int depth = depthOf(doc, target);
            // 5,000 levels, or a total depth right around the limit
            int levels = r.nextInt(5) < 2 ? 5_000 : Math.max(1, Json.MAX_DEPTH - 4 + r.nextInt(9) - depth);
            int shape = r.nextInt(3);
            check.note("nested " + levels + " levels (shape " + shape + ") at " + slot + " of a container at depth " + depth);
            return new Deep(levels, shape);
        }

        String spliceInto(String text) {
            String quoted = "\"\\u0000fuzz-deep\"";
            int at = text.indexOf(quoted);
            if (at < 0) {
                throw new AssertionError("the deep marker is missing from the text");
            }
            return text.substring(0, at) + text(levels, shape) + text.substring(at + quoted.length());
        }

        /** Replaces the marker in a tree (the fuzz's own, or one parsed from its text) with the nesting. */
        JsonNode substituteIn(JsonNode doc) {
            for (Slot s : slots(doc)) {
                JsonNode v = s.value();
                if (v.isTextual() && DEEP_MARKER.equals(v.textValue())) {
                    s.set(tree(levels, shape));
                    return doc;
                }
            }
            throw new AssertionError("the deep marker is missing from the tree");
        }

        /** The level of a node in the document, the root being 1. */
        private static int depthOf(JsonNode root, JsonNode target) {
            ArrayDeque<Object[]> todo = new ArrayDeque<>();
            todo.push(new Object[] {root, 1});
            while (!todo.isEmpty()) {
                Object[] f = todo.pop();
                JsonNode n = (JsonNode) f[0];
                int d = (Integer) f[1];
                if (n == target) {
                    return d;
                }
                for (JsonNode c : n) {
                    if (c.isContainerNode()) {
                        todo.push(new Object[] {c, d + 1});
                    }
                }
            }
            throw new AssertionError("the target is not in the document");
        }

        /** Shape 0: arrays; 1: objects; 2: arrays and objects in turn. */
        static String text(int levels, int shape) {
            StringBuilder open = new StringBuilder(levels * 6);
            StringBuilder close = new StringBuilder(levels);
            for (int i = 0; i < levels; i++) {
                boolean array = shape == 0 || shape == 2 && i % 2 == 0;
                boolean last = i == levels - 1;
                if (array) {
                    open.append('[');
                    close.append(']');
                } else {
                    open.append(last ? "{" : "{\"a\":");
                    close.append('}');
                }
            }
            return open.append(close.reverse()).toString();
        }

        static JsonNode tree(int levels, int shape) {
            return DEEP.computeIfAbsent((long) levels * 4 + shape, k -> build(levels, shape));
        }

        private static JsonNode build(int levels, int shape) {
            JsonNode root = null;
            JsonNode cur = null;
            for (int i = 0; i < levels; i++) {
                boolean array = shape == 0 || shape == 2 && i % 2 == 0;
                JsonNode next = array ? Json.NODES.arrayNode() : Json.NODES.objectNode();
                if (cur == null) {
                    root = next;
                } else if (cur.isArray()) {
                    ((ArrayNode) cur).add(next);
                } else {
                    ((ObjectNode) cur).set("a", next);
                }
                cur = next;
            }
            return root;
        }
    }

    /** @return the tree of a text that holds exactly one JSON value, or null */
    private static JsonNode readOrNull(String text) {
        try (JsonParser p = Json.MAPPER.createParser(text)) {
            JsonNode n = Json.MAPPER.readTree(p);
            return n != null && p.nextToken() == null ? n : null;
        } catch (Exception e) {
            return null;
        }
    }
}
