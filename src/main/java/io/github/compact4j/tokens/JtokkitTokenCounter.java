package io.github.compact4j.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.compact4j.conversation.Compaction;
import io.github.compact4j.conversation.ContentPart;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.OpaqueItem;
import io.github.compact4j.conversation.Reasoning;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import io.github.compact4j.internal.ItemMemo;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link TokenCounter} on jtokkit's BPE encodings. Thread-safe; one shared instance per encoding.
 */
final class JtokkitTokenCounter implements TokenCounter {

    /** Tokens of framing around each item (role markers, separators), as OpenAI documents for chat. */
    static final int ITEM_OVERHEAD = 4;
    /** A fixed estimate for an image or file part, whose size the text encoding cannot see. */
    static final int ATTACHMENT_TOKENS = 765;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final Map<EncodingType, JtokkitTokenCounter> SHARED = new EnumMap<>(EncodingType.class);

    private final Encoding encoding;
    private final int memoKey;

    private JtokkitTokenCounter(EncodingType type) {
        this.encoding = REGISTRY.getEncoding(type);
        this.memoKey = type.ordinal() + 1;
    }

    static synchronized JtokkitTokenCounter forModel(String model) {
        return SHARED.computeIfAbsent(encodingFor(model), JtokkitTokenCounter::new);
    }

    /** OpenAI's older chat models use cl100k_base; everything newer, and every other provider, o200k_base. */
    static EncodingType encodingFor(String model) {
        if (model == null) {
            return EncodingType.O200K_BASE;
        }
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5")) {
            return EncodingType.O200K_BASE;
        }
        if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("text-embedding")) {
            return EncodingType.CL100K_BASE;
        }
        return EncodingType.O200K_BASE;
    }

    @Override
    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    @Override
    public int count(Item item) {
        int memo = ItemMemo.get(item, memoKey);
        if (memo >= 0) {
            return memo;
        }
        int n = ITEM_OVERHEAD + measure(item);
        ItemMemo.set(item, memoKey, n);
        return n;
    }

    private int measure(Item item) {
        if (item instanceof Message m) {
            int n = count(m.text());
            for (ContentPart p : m.parts()) {
                if (p.text().isEmpty()) {
                    n += ATTACHMENT_TOKENS;
                }
            }
            return n + 1;
        }
        if (item instanceof ToolCall c) {
            return count(c.toolName()) + count(c.arguments()) + count(c.callId());
        }
        if (item instanceof ToolResult r) {
            return count(r.outputText()) + count(r.callId());
        }
        if (item instanceof Reasoning r) {
            // encrypted reasoning is read back by the model; its size is a rough proxy for its tokens
            return count(r.summaryText()) + count(r.contentText())
                    + r.encryptedContent().map(e -> e.length() / 4).orElse(0);
        }
        if (item instanceof Compaction c) {
            return c.encryptedContent().length() / 4;
        }
        OpaqueItem o = (OpaqueItem) item;
        return count(o.toJson());
    }

    @Override
    public String toString() {
        return "JtokkitTokenCounter{" + encoding.getName() + "}";
    }
}
