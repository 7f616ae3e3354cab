package io.github.compact4j.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.internal.ItemMemo;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenCounter} on jtokkit's BPE encodings. Thread-safe: jtokkit encodings are, and the
 * per-item memo is a single volatile word, so two threads counting the same new item at once both
 * compute the same figure and one write wins. One shared instance per encoding.
 */
final class JtokkitTokenCounter implements TokenCounter {

    private static final Logger LOG = LoggerFactory.getLogger(JtokkitTokenCounter.class);

    /** Tokens of framing around each item (role markers, separators), as OpenAI documents for chat. */
    static final int ITEM_OVERHEAD = 4;
    /** An image or file part: what OpenAI charges for a 1024x1024 image at high detail. */
    static final int ATTACHMENT_TOKENS = 765;
    /** An image part sent with {@code "detail":"low"}: OpenAI's fixed charge. */
    static final int LOW_DETAIL_IMAGE_TOKENS = 85;
    /** Encrypted content is unreadable; a quarter of its length stands in for its tokens. */
    static final int ENCRYPTED_CHARS_PER_TOKEN = 4;
    /** Strings this long without a space that look like base64 are binary data, not text. */
    private static final int BINARY_MIN_LENGTH = 512;

    /** Content-part types that carry an image, a file or audio rather than text. */
    private static final Set<String> MEDIA_PART_TYPES = Set.of(
            "input_image", "image_url", "image", "input_file", "file", "input_audio", "computer_screenshot");

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final JtokkitTokenCounter[] SHARED = new JtokkitTokenCounter[TokenEncoding.values().length];

    private final Encoding encoding;
    private final int memoKey;

    private JtokkitTokenCounter(TokenEncoding type) {
        this.encoding = REGISTRY.getEncoding(switch (type) {
            case O200K_BASE -> EncodingType.O200K_BASE;
            case CL100K_BASE -> EncodingType.CL100K_BASE;
        });
        this.memoKey = type.ordinal() + 1;
    }

    static synchronized JtokkitTokenCounter forEncoding(TokenEncoding type) {
        Objects.requireNonNull(type, "encoding");
        JtokkitTokenCounter c = SHARED[type.ordinal()];
        if (c == null) {
            c = new JtokkitTokenCounter(type);
            SHARED[type.ordinal()] = c;
        }
        return c;
    }

    @Override
    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(wellFormed(text));
    }

    /**
     * The text with every unpaired surrogate replaced by U+FFFD. A Java string can hold half a
     * surrogate pair (a tool output cut in the middle of an emoji); jtokkit's cl100k path asserts
     * its input is well-formed, so with assertions enabled such a string throws an
     * {@code AssertionError} instead of being counted. U+FFFD is what any encoder sends in its place.
     */
    static String wellFormed(String s) {
        int i = 0;
        while (i < s.length() && !Character.isSurrogate(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return sb.toString();
    }

    @Override
    public int count(Item item) {
        Objects.requireNonNull(item, "item");
        int memo = ItemMemo.get(item, memoKey);
        if (memo >= 0) {
            return memo;
        }
        int n;
        try {
            n = ITEM_OVERHEAD + measure(item);
        } catch (RuntimeException e) {
            // An estimate must not break the caller's compaction over an item shape nobody foresaw.
            n = ITEM_OVERHEAD + item.jsonLength() / ENCRYPTED_CHARS_PER_TOKEN;
            LOG.atDebug().addKeyValue("item_type", item.type()).addKeyValue("error", e.getClass().getName())
                    .log("token count fell back to a length estimate for an item of an unexpected shape");
        }
        ItemMemo.set(item, memoKey, n);
        return n;
    }

    private int measure(Item item) {
        if (item instanceof Message m) {
            // +1 for the role the model reads before the content
            return 1 + content(m.field("content").orElse(null));
        }
        if (item instanceof ToolCall c) {
            return count(c.toolName()) + count(c.arguments()) + count(c.callId());
        }
        if (item instanceof ToolResult r) {
            JsonNode out = r.field("program_output".equals(r.type()) ? "result" : "output").orElse(null);
            if (out == null || out.isNull()) {
                out = r.field("tools").orElse(null);
            }
            return json(out) + count(r.callId());
        }
        if (item instanceof Reasoning r) {
            return count(r.summaryText()) + count(r.contentText())
                    + r.encryptedContent().map(JtokkitTokenCounter::encrypted).orElse(0);
        }
        if (item instanceof Compaction c) {
            return encrypted(c.encryptedContent());
        }
        return json(((OpaqueItem) item).toJsonNode());
    }

    /** A message's content: a string, or parts whose text is counted and whose media are estimated. */
    private int content(JsonNode c) {
        if (c == null || c.isNull()) {
            return 0;
        }
        if (!c.isArray()) {
            return json(c);
        }
        int n = 0;
        for (JsonNode part : c) {
            n += json(part);
        }
        return n;
    }

    /**
     * Any JSON value as the model would read it: text parts by their text, images and files at a
     * fixed estimate, encrypted blobs by length, everything else by its keys and values.
     *
     * <p>A walk with its own stack rather than recursion: item JSON may nest as deep as the parser
     * allows, and counting must not be what overflows a small thread stack.
     */
    private int json(JsonNode root) {
        if (root == null) {
            return 0;
        }
        int n = 0;
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode v = todo.pop();
            if (v.isNull() || v.isMissingNode()) {
                continue;
            }
            if (v.isTextual()) {
                String s = v.textValue();
                n += isBinary(s) ? ATTACHMENT_TOKENS : count(s);
            } else if (v.isArray()) {
                for (JsonNode e : v) {
                    todo.push(e);
                }
            } else if (!v.isObject()) {
                n += 1;
            } else {
                n += object(v, todo);
            }
        }
        return n;
    }

    /**
     * An object's own tokens; the values still to be walked go onto {@code todo}.
     *
     * @return the tokens counted here
     */
    private int object(JsonNode v, ArrayDeque<JsonNode> todo) {
        JsonNode text = v.get("text");
        if (text != null && text.isTextual()) {
            return count(text.textValue());
        }
        JsonNode refusal = v.get("refusal");
        if (refusal != null && refusal.isTextual()) {
            return count(refusal.textValue());
        }
        if (isMedia(v)) {
            JsonNode detail = v.get("detail");
            return detail != null && "low".equals(detail.asText()) ? LOW_DETAIL_IMAGE_TOKENS : ATTACHMENT_TOKENS;
        }
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode value = f.getValue();
            n += count(f.getKey());
            if ("encrypted_content".equals(f.getKey()) && value.isTextual()) {
                n += encrypted(value.textValue());
            } else {
                todo.push(value);
            }
        }
        return n;
    }

    private static boolean isMedia(JsonNode part) {
        JsonNode type = part.get("type");
        if (type != null && type.isTextual() && MEDIA_PART_TYPES.contains(type.textValue())) {
            return true;
        }
        return part.has("image_url") || part.has("file_data") || part.has("input_audio");
    }

    /** A data URL, or a long run of base64: an image or file the model does not read as text. */
    static boolean isBinary(String s) {
        if (s.startsWith("data:") && s.indexOf(";base64,") > 0) {
            return true;
        }
        if (s.length() < BINARY_MIN_LENGTH) {
            return false;
        }
        int end = Math.min(s.length(), 1024);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '-' || c == '_';
            if (!b64) {
                return false;
            }
        }
        return true;
    }

    private static int encrypted(String s) {
        return s.length() / ENCRYPTED_CHARS_PER_TOKEN;
    }

    @Override
    public String toString() {
        return "JtokkitTokenCounter{" + encoding.getName() + "}";
    }
}
