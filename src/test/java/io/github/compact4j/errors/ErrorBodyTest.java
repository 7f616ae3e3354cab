package io.github.compact4j.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    private static ErrorBody parse(String body, String contentType) {
        return ErrorBody.parse(body.getBytes(StandardCharsets.UTF_8), contentType, false);
    }

    @Test
    void readsOpenAisShape() {
        assertEquals(new ErrorBody("invalid_request_error", "invalid_api_key", "model", "Incorrect API key", true),
                parse("{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\",\"param\":\"model\","
                        + "\"code\":\"invalid_api_key\"}}", "application/json"));
        assertEquals(new ErrorBody(null, "401", null, "Access denied", true),
                parse("{\"error\":{\"code\":401,\"message\":\"Access denied\"}}", null), "a numeric code becomes text");
    }

    @Test
    void readsOtherProvidersShapes() {
        assertEquals(new ErrorBody("overloaded_error", null, null, "Overloaded", true),
                parse("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", null));
        assertEquals(new ErrorBody(null, null, null, "model not found", true), parse("{\"error\":\"model not found\"}", null));
        assertEquals(new ErrorBody(null, null, null, "Not Found", true), parse("{\"detail\":\"Not Found\"}", null));
        assertEquals(new ErrorBody("invalid", "bad", null, "nope", true),
                parse("[{\"error\":{\"type\":\"invalid\",\"code\":\"bad\",\"message\":\"nope\"}}]", null));
        assertEquals(new ErrorBody(null, "rate_limited", null, "too fast", true),
                parse("{\"code\":\"rate_limited\",\"message\":\"too fast\"}", null));
        assertEquals(new ErrorBody("rate_limit_error", "enforced_spend_limit_reached", null, "spend limit", true),
                parse("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"spend limit\","
                        + "\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}", null),
                "Anthropic's finer code under error.details");
    }

    @Test
    void describesHtmlAndTextAndNothing() {
        assertEquals("the server answered with an HTML page ('504 Gateway Time-out') instead of JSON",
                parse("<html>\n<head><title>504 Gateway Time-out</title></head></html>", "text/html").message());
        assertEquals("the server answered with an HTML page ('Access denied') instead of JSON",
                parse("<!DOCTYPE html><body><h1>Access   denied</h1></body>", null).message());
        assertEquals("no healthy upstream", parse("no healthy upstream\n", "text/plain").message());
        assertEquals("{\"unexpected\":true}", parse("{\"unexpected\":true}", null).message(),
                "JSON of no known shape is shown as it is");
        assertEquals("{\"error\": [trunc", parse("{\"error\": [trunc", null).message());
        assertEquals(ErrorBody.EMPTY, parse("", null));
        assertEquals("x".repeat(300) + "…", parse("x".repeat(1000), null).message());
    }
}
