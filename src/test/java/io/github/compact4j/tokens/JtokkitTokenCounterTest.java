package io.github.compact4j.tokens;

import static io.github.compact4j.tokens.JtokkitTokenCounter.ATTACHMENT_TOKENS;
import static io.github.compact4j.tokens.JtokkitTokenCounter.ITEM_OVERHEAD;
import static io.github.compact4j.tokens.JtokkitTokenCounter.LOW_DETAIL_IMAGE_TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.compact4j.conversation.AnthropicMessages;
import io.github.compact4j.conversation.Item;
import io.github.compact4j.conversation.Message;
import io.github.compact4j.conversation.ResponsesItems;
import io.github.compact4j.conversation.ToolCall;
import io.github.compact4j.conversation.ToolResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JtokkitTokenCounterTest {

    private final TokenCounter counter = TokenCounter.defaultCounter();

    private static Item item(String json) {
        return ResponsesItems.itemFromJson(json);
    }

    /** A realistic base64 blob, as an image or encrypted content carries. */
    private static String base64(int bytes) {
        byte[] b = new byte[bytes];
        new Random(7).nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void messageIsItsTextPlusRoleAndFraming() {
        String text = "Fix the failing test in FooTest.java; it fails since the parser change.";
        assertEquals(ITEM_OVERHEAD + 1 + counter.count(text), counter.count(Message.user(text)));
    }

    @Test
    void messagePartsCountTextAndEstimateMedia() {
        Item m = item("{\"type\":\"message\",\"role\":\"user\",\"content\":["
                + "{\"type\":\"input_text\",\"text\":\"What is in these pictures?\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64," + base64(30_000) + "\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\",\"detail\":\"low\"},"
                + "{\"type\":\"input_file\",\"file_id\":\"file-123\"}]}");
        int expected = ITEM_OVERHEAD + 1 + counter.count("What is in these pictures?")
                + ATTACHMENT_TOKENS + LOW_DETAIL_IMAGE_TOKENS + ATTACHMENT_TOKENS;
        assertEquals(expected, counter.count(m));
    }

    @Test
    void assistantOutputTextAndRefusalAreRead() {
        Item m = item("{\"type\":\"message\",\"role\":\"assistant\",\"content\":["
                + "{\"type\":\"output_text\",\"text\":\"Done.\",\"annotations\":[]},"
                + "{\"type\":\"refusal\",\"refusal\":\"I cannot do that.\"}]}");
        assertEquals(ITEM_OVERHEAD + 1 + counter.count("Done.") + counter.count("I cannot do that."), counter.count(m));
    }

    @Test
    void toolCallIsNameArgumentsAndCallId() {
        ToolCall call = ToolCall.function("call_abc", "read_file", "{\"path\":\"src/Main.java\"}");
        assertEquals(ITEM_OVERHEAD + counter.count("read_file") + counter.count("{\"path\":\"src/Main.java\"}")
                + counter.count("call_abc"), counter.count(call));
    }

    @Test
    void toolResultIsOutputAndCallId() {
        String out = "total 3\n-rw-r--r-- 1 dev dev 120 pom.xml\n";
        assertEquals(ITEM_OVERHEAD + counter.count(out) + counter.count("call_abc"),
                counter.count(ToolResult.functionOutput("call_abc", out)));
    }

    @Test
    void screenshotOutputIsOneImageNotItsBase64() {
        Item shot = item("{\"type\":\"computer_call_output\",\"call_id\":\"c1\",\"output\":"
                + "{\"type\":\"computer_screenshot\",\"image_url\":\"data:image/png;base64," + base64(200_000) + "\"}}");
        assertEquals(ITEM_OVERHEAD + ATTACHMENT_TOKENS + counter.count("c1"), counter.count(shot));
    }

    @Test
    void arrayOutputCountsTextPartsAndImages() {
        Item r = item("{\"type\":\"function_call_output\",\"call_id\":\"c2\",\"output\":["
                + "{\"type\":\"input_text\",\"text\":\"chart attached\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64," + base64(5_000) + "\"}]}");
        assertEquals(ITEM_OVERHEAD + counter.count("chart attached") + ATTACHMENT_TOKENS + counter.count("c2"),
                counter.count(r));
    }

    @Test
    void reasoningIsSummaryPlusQuarterOfEncryptedContent() {
        String enc = base64(3_000);
        Item r = item("{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\","
                + "\"text\":\"Checked the parser first.\"}],\"encrypted_content\":\"" + enc + "\"}");
        assertEquals(ITEM_OVERHEAD + counter.count("Checked the parser first.") + enc.length() / 4, counter.count(r));
    }

    @Test
    void aThinkingBlocksSignatureIsNoConversationText() {
        // real signatures run to hundreds or thousands of base64 characters; Anthropic does not
        // bill them as text, and counted as the JSON walk counts a blob they would add ~765 tokens
        String signature = base64(1_000);
        Item thinking = AnthropicMessages.fromJson("[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"Check the parser first.\",\"signature\":\"" + signature + "\"}]}]").get(0);
        assertTrue(thinking.toJson().contains(signature), "the item keeps the signature");
        assertEquals(ITEM_OVERHEAD + counter.count("Check the parser first."), counter.count(thinking));
        assertEquals(counter.count(thinking.without(AnthropicMessages.THINKING_BLOCK_FIELD)), counter.count(thinking));
    }

    @Test
    void compactionIsQuarterOfEncryptedContent() {
        String enc = base64(9_000);
        Item c = item("{\"type\":\"compaction\",\"id\":\"cmp_1\",\"encrypted_content\":\"" + enc + "\"}");
        assertEquals(ITEM_OVERHEAD + enc.length() / 4, counter.count(c));
    }

    @Test
    void opaqueItemCountsKeysAndValuesButNotBase64AsText() {
        Item search = item("{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\","
                + "\"action\":{\"type\":\"search\",\"query\":\"jtokkit o200k\"}}");
        int n = counter.count(search);
        assertTrue(n > ITEM_OVERHEAD + counter.count("jtokkit o200k"), "counted " + n);

        Item image = item("{\"type\":\"image_generation_call\",\"id\":\"ig_1\",\"status\":\"completed\","
                + "\"result\":\"" + base64(500_000) + "\"}");
        int img = counter.count(image);
        assertTrue(img >= ATTACHMENT_TOKENS && img < ATTACHMENT_TOKENS + 50, "counted " + img);
    }

    @Test
    void oddShapesNeverThrow() {
        // shapes the item model accepts (it checks only what the wire format requires) but no
        // counter should expect
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<Item> odd = List.of(
                item("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":5},"
                        + "{\"type\":\"input_text\",\"text\":{\"a\":[1,null]}},{},{\"type\":\"mystery\"},"
                        + "{\"type\":\"input_image\",\"detail\":7}]}"),
                item("{\"role\":\"assistant\",\"content\":[]}"),
                item("{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":[1,\"x\",null,[true],{}]}"),
                item("{\"type\":\"computer_call_output\",\"call_id\":\"c\",\"output\":{\"weird\":true}}"),
                item("{\"type\":\"local_shell_call_output\",\"call_id\":\"c\",\"output\":null}"),
                item("{\"type\":\"local_shell_call\",\"call_id\":\"c\",\"action\":[1,2]}"),
                item("{\"type\":\"computer_call\",\"call_id\":\"c\"}"),
                item("{\"type\":\"reasoning\",\"summary\":\"not an array\",\"content\":{\"text\":1},"
                        + "\"encrypted_content\":null}"),
                item("{\"type\":\"reasoning\",\"summary\":[\"bare\",{\"text\":null}]}"),
                item("{\"type\":\"shell_call_output\",\"call_id\":\"s\",\"output\":[{\"stdout\":\"ok\",\"stderr\":\"\","
                        + "\"outcome\":{\"type\":\"exit\",\"exit_code\":0}}]}"),
                item("{\"type\":\"program_output\",\"call_id\":\"p\",\"result\":{\"value\":[1,2,3]}}"),
                item("{\"id\":\"msg_ref_only\"}"),
                item("{\"type\":\"x\",\"deep\":{\"a\":{\"b\":{\"c\":[null,true,1.5,\"<|endoftext|>\"]}}},"
                        + "\"encrypted_content\":7}"),
                ToolResult.functionOutput("c", "o").with("extra", f.arrayNode().add(f.objectNode())));
        for (Item i : odd) {
            int n = counter.count(i);
            assertTrue(n >= ITEM_OVERHEAD, i + " counted " + n);
        }
    }

    @Test
    void specialTokenTextIsCountedAsOrdinaryText() {
        assertTrue(counter.count("<|endoftext|><|im_start|>") > 2);
        assertEquals(0, counter.count((String) null));
        assertEquals(0, counter.count(""));
        assertThrows(NullPointerException.class, () -> counter.count((Item) null));
    }

    @Test
    void memoisedCountIsStableAcrossEncodings() {
        String text = "Переписать парсер, чтобы он принимал пустые строки — 日本語のテキストも";
        Item m = Message.user(text);
        TokenCounter o200k = TokenCounter.forEncoding(TokenEncoding.O200K_BASE);
        TokenCounter cl100k = TokenCounter.forEncoding(TokenEncoding.CL100K_BASE);
        int a = o200k.count(m);
        int b = cl100k.count(m);   // replaces the memo slot
        assertNotEquals(a, b, "the two encodings should differ on non-English text");
        assertEquals(a, o200k.count(m));
        assertEquals(b, cl100k.count(m));
        assertEquals(a, o200k.count(Message.user(text)));
    }

    @Test
    void modelPicksItsEncoding() {
        assertSame(TokenCounter.forEncoding(TokenEncoding.CL100K_BASE), TokenCounter.forModel("gpt-4-0613"));
        assertSame(TokenCounter.forEncoding(TokenEncoding.CL100K_BASE), TokenCounter.forModel("gpt-3.5-turbo"));
        assertSame(TokenCounter.forEncoding(TokenEncoding.O200K_BASE), TokenCounter.forModel("gpt-4o-mini"));
        assertSame(TokenCounter.forEncoding(TokenEncoding.O200K_BASE), TokenCounter.forModel("claude-sonnet-4-5"));
        assertSame(TokenCounter.defaultCounter(), TokenCounter.forModel(null));
        assertSame(TokenCounter.defaultCounter(), TokenCounter.forModel("some-model-nobody-knows"));
    }

    @Test
    void concurrentCountsOfFreshItemsAgreeWithASingleThread() throws Exception {
        int n = 2_000;
        List<String> texts = new ArrayList<>();
        Random r = new Random(11);
        for (int i = 0; i < n; i++) {
            texts.add("line " + i + ": " + Long.toHexString(r.nextLong()) + " grep -n 'TODO' src/**/*.java");
        }
        List<Item> shared = new ArrayList<>();
        for (String t : texts) {
            shared.add(ToolResult.functionOutput("call_" + t.length(), t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> runs = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                Callable<int[]> task = () -> {
                    int[] counts = new int[n];
                    for (int i = 0; i < n; i++) {
                        counts[i] = counter.count(shared.get(i));
                    }
                    return counts;
                };
                runs.add(pool.submit(task));
            }
            for (Future<int[]> run : runs) {
                int[] counts = run.get();
                for (int i = 0; i < n; i++) {
                    Item fresh = ToolResult.functionOutput("call_" + texts.get(i).length(), texts.get(i));
                    assertEquals(counter.count(fresh), counts[i], "item " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
    /**
     * Half an emoji (a tool output cut mid-character) is counted in every encoding, even with
     * assertions enabled, as this suite runs: jtokkit's cl100k path asserts well-formed input.
     */
    @Test
    void loneSurrogatesAreCountedAsReplacementCharacters() {
        for (TokenEncoding e : TokenEncoding.values()) {
            TokenCounter c = TokenCounter.forEncoding(e);
            for (String s : List.of("\ud800", "tail \ud83d", "\ude00 head", "a\udc00b\ud800c", "call_1\ud83d")) {
                assertEquals(c.count(s.replaceAll("[\\ud800-\\udfff]", "\ufffd")), c.count(s), e + " " + s.length());
            }
            assertEquals(c.count("ok \ud83d\ude00"), c.count("ok \ud83d\ude00"));
            assertTrue(c.count(ToolCall.function("call_\ud83d", "f", "{}")) > ITEM_OVERHEAD);
        }
        assertSame("plain text", JtokkitTokenCounter.wellFormed("plain text"));
        assertEquals("\ud83d\ude00\ufffd", JtokkitTokenCounter.wellFormed("\ud83d\ude00\ude00"));
    }
}
