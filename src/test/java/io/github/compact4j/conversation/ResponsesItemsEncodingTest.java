package io.github.compact4j.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compact4j.errors.InvalidConversationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stream of items is read in whichever Unicode encoding it is in, and bad bytes are an invalid
 * conversation in every encoding, never an I/O error and never silently replaced.
 */
class ResponsesItemsEncodingTest {

    private static final String JSON = "[{\"role\":\"user\",\"content\":\"caf\u00e9 \ud83d\ude00 \u4e2d\"},"
            + "{\"type\":\"function_call\",\"call_id\":\"c1\",\"name\":\"ls\",\"arguments\":\"{}\"}]";

    private static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE");

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
    void everyEncodingReadsTheSameItemsWithAndWithoutAByteOrderMark(String encoding) {
        List<Item> expected = ResponsesItems.fromJson(JSON);
        byte[] bytes = JSON.getBytes(Charset.forName(encoding));
        assertEquals(expected, ResponsesItems.fromJson(new ByteArrayInputStream(bytes)));
        byte[] bom = "\ufeff".getBytes(Charset.forName(encoding));
        assertEquals(expected, ResponsesItems.fromJson(new ByteArrayInputStream(concat(bom, bytes))));
    }

    @Test
    void badUtf32IsAnInvalidConversationNotAnIoError() {
        // code points above U+10FFFF where a value belongs (a surrogate code point decodes, as
        // an escaped lone surrogate does, and is the parser's to reject there)
        for (String encoding : List.of("UTF-32BE", "UTF-32LE")) {
            for (int bad : new int[] {0xFFFEFFFF, 0x0011_0000, 0x8000_0000}) {
                byte[] head = "[".getBytes(Charset.forName(encoding));
                byte[] tail = "]".getBytes(Charset.forName(encoding));
                byte[] cp = encoding.endsWith("BE")
                        ? new byte[] {(byte) (bad >>> 24), (byte) (bad >>> 16), (byte) (bad >>> 8), (byte) bad}
                        : new byte[] {(byte) bad, (byte) (bad >>> 8), (byte) (bad >>> 16), (byte) (bad >>> 24)};
                InvalidConversationException e = assertThrows(InvalidConversationException.class,
                        () -> ResponsesItems.fromJson(new ByteArrayInputStream(concat(head, cp, tail))));
                assertTrue(e.getMessage().contains("not valid " + encoding), e.getMessage());
            }
        }
    }

    @Test
    void badUtf16IsReportedInsteadOfBecomingReplacementCharacters() {
        // a lone high surrogate inside a string: Jackson's own UTF-16 path turns it into U+FFFD
        byte[] lone = concat("[{\"role\":\"user\",\"content\":\"a".getBytes(Charset.forName("UTF-16LE")),
                new byte[] {0x00, (byte) 0xD8}, "b\"}]".getBytes(Charset.forName("UTF-16LE")));
        InvalidConversationException e = assertThrows(InvalidConversationException.class,
                () -> ResponsesItems.fromJson(new ByteArrayInputStream(lone)));
        assertTrue(e.getMessage().contains("not valid UTF-16LE"), e.getMessage());

        // an odd number of bytes: the last character is cut in half
        byte[] whole = "[]".getBytes(Charset.forName("UTF-16BE"));
        byte[] cut = concat(whole, new byte[] {0x00});
        assertThrows(InvalidConversationException.class, () -> ResponsesItems.fromJson(new ByteArrayInputStream(cut)));
    }

    @Test
    void theSameBadBytesInEveryEncodingAreAnInvalidConversation() {
        for (String encoding : ENCODINGS) {
            byte[] good = JSON.getBytes(Charset.forName(encoding));
            for (int at = 0; at < good.length; at += 3) {
                for (byte b : new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xDC, (byte) 0x80, 0x00}) {
                    byte[] bad = good.clone();
                    bad[at] = b;
                    expectParsedOrInvalid(new ByteArrayInputStream(bad), encoding, at);
                }
                expectParsedOrInvalid(new ByteArrayInputStream(Arrays.copyOf(good, at)), encoding, at);
            }
        }
    }

    @Test
    void theStreamIsLeftOpenAndReadNoFurtherThanNeeded() {
        for (String encoding : ENCODINGS) {
            byte[] bytes = JSON.getBytes(Charset.forName(encoding));
            boolean[] closed = {false};
            InputStream in = new ByteArrayInputStream(bytes) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            assertEquals(2, ResponsesItems.fromJson(in).size());
            assertFalse(closed[0], encoding);
        }
    }

    private static void expectParsedOrInvalid(InputStream in, String encoding, int at) {
        try {
            ResponsesItems.fromJson(in);
        } catch (InvalidConversationException expected) {
            // the only failure bad bytes may cause
        } catch (RuntimeException e) {
            throw new AssertionError(encoding + ", byte " + at + ": " + e, e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
