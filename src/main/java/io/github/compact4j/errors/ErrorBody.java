package io.github.compact4j.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.compact4j.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an error answer said, from whichever shape the backend used: OpenAI's
 * {@code {"error":{"message","type","param","code"}}}, Anthropic's
 * {@code {"type":"error","error":{"type","message"}}}, a bare {@code {"error":"text"}} or
 * {@code {"message":...}} / {@code {"detail":...}}, an array of such objects, an HTML page from a
 * proxy, or plain text.
 *
 * @param type the error type, or null
 * @param code the error code (numbers are turned into text), or null
 * @param param the parameter blamed, or null
 * @param message the backend's words, or a description of a non-JSON body; null when empty
 * @param json whether the body was JSON
 */
record ErrorBody(String type, String code, String param, String message, boolean json) {

    static final ErrorBody EMPTY = new ErrorBody(null, null, null, null, false);

    private static final int MAX_TEXT = 300;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /**
     * @param bytes the start of the body (already capped by the caller)
     * @param contentType the response's content type, or null
     * @param truncated whether the body was longer than {@code bytes}
     * @return what it said
     */
    static ErrorBody parse(byte[] bytes, String contentType, boolean truncated) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode root = Json.MAPPER.readTree(bytes);
                ErrorBody fromJson = fromJson(root);
                if (fromJson != null) {
                    return fromJson;
                }
            } catch (JsonProcessingException | RuntimeException e) {
                // fall through: show the text, it is all there is
            } catch (java.io.IOException e) {
                // reading a byte array does not fail for I/O reasons
            }
        }
        boolean html = (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html"))
                || trimmed.regionMatches(true, 0, "<!doctype html", 0, 14)
                || trimmed.regionMatches(true, 0, "<html", 0, 5);
        if (html) {
            Matcher m = TITLE.matcher(text);
            String title = m.find() ? oneLine(m.group(1)) : oneLine(TAGS.matcher(text).replaceAll(" "));
            return new ErrorBody(null, null, null, "the server answered with an HTML page"
                    + (title.isEmpty() ? "" : " ('" + cap(title) + "')") + " instead of JSON", false);
        }
        String line = oneLine(text);
        return new ErrorBody(null, null, null, line.isEmpty() ? null : cap(line) + (truncated ? "…" : ""), false);
    }

    private static ErrorBody fromJson(JsonNode root) {
        if (root == null) {
            return null;
        }
        if (root.isArray()) {
            return root.isEmpty() ? null : fromJson(root.get(0));
        }
        if (!root.isObject()) {
            return null;
        }
        JsonNode err = root.get("error");
        if (err != null && err.isObject()) {
            // Anthropic puts the finer code under error.details.error_code
            String code = text(err.get("code"));
            return new ErrorBody(text(err.get("type")), code != null ? code : text(err.path("details").get("error_code")),
                    text(err.get("param")), firstText(err, "message", "detail"), true);
        }
        if (err != null && err.isTextual()) {
            return new ErrorBody(text(root.get("type")), text(root.get("code")), null, err.textValue(), true);
        }
        String message = firstText(root, "message", "detail", "error_description");
        JsonNode detail = root.get("detail");
        if (message == null && detail != null && !detail.isNull()) {
            message = detail.toString();
        }
        if (message == null && text(root.get("code")) == null) {
            return null;
        }
        String type = text(root.get("type"));
        return new ErrorBody("error".equals(type) ? null : type, text(root.get("code")), text(root.get("param")),
                message, true);
    }

    private static String firstText(JsonNode n, String... names) {
        for (String name : names) {
            String t = text(n.get(name));
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String t = n.asText();
        return t.isBlank() ? null : t;
    }

    private static String oneLine(String s) {
        return SPACE.matcher(s).replaceAll(" ").strip();
    }

    private static String cap(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
