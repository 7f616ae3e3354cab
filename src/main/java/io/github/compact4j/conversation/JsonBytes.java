package io.github.compact4j.conversation;

import com.fasterxml.jackson.core.JsonParser;
import io.github.compact4j.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens a parser over JSON bytes in UTF-8, UTF-16 or UTF-32, telling the encoding apart as
 * Jackson does (a byte-order mark, or where the zero bytes of the first characters fall, as
 * RFC 4627 describes).
 *
 * <p>UTF-8 goes straight to Jackson's byte parser, which reports bad bytes as parse errors. The
 * other encodings do not: Jackson decodes UTF-16 with a decoder that silently puts U+FFFD in
 * place of bad bytes, which would change the conversation without a word, and throws a bare
 * {@code CharConversionException} for bad UTF-32. Here both are decoded by a decoder that
 * reports every malformed sequence, so the caller gets the same kind of error as for bad UTF-8.
 */
final class JsonBytes {

    /** A parser and the encoding it reads, for error messages. */
    record Source(JsonParser parser, String encoding) {}

    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE");

    private JsonBytes() {}

    /**
     * @param in the bytes; not closed by the parser
     * @return a parser over them
     * @throws IOException when reading the first bytes fails
     */
    static Source open(InputStream in) throws IOException {
        PushbackInputStream pin = new PushbackInputStream(in, 4);
        byte[] head = new byte[4];
        int n = 0;
        while (n < head.length) {
            int r = pin.read(head, n, head.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        int b3 = n > 3 ? head[3] & 0xFF : -1;
        Charset cs;
        int bom = 0;
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF) {
            cs = UTF_32BE;
            bom = 4;
        } else if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0) {
            cs = UTF_32LE;
            bom = 4;
        } else if (b0 == 0xFE && b1 == 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (n == 4 && b0 == 0 && b1 == 0 && b2 == 0) {
            cs = UTF_32BE;
        } else if (n == 4 && b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            cs = UTF_32LE;
        } else if (n >= 2 && b0 == 0) {
            cs = StandardCharsets.UTF_16BE;
        } else if (n >= 2 && b1 == 0) {
            cs = StandardCharsets.UTF_16LE;
        } else {
            cs = StandardCharsets.UTF_8;
        }
        if (n > bom) {
            pin.unread(head, bom, n - bom);
        }
        if (cs == StandardCharsets.UTF_8) {
            // Jackson's byte parser is the fast path and skips a UTF-8 byte-order mark itself
            return new Source(Json.MAPPER.createParser(pin).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE), "UTF-8");
        }
        InputStreamReader reader = new InputStreamReader(pin, cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new Source(Json.MAPPER.createParser(reader).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE), cs.name());
    }
}
