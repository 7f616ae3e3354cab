package io.github.compact4j.cli.logs;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders logback's JSON {@code throwable} object as the familiar stack trace text. */
final class Throwables {

    private Throwables() {}

    static String render(JsonNode t) {
        StringBuilder sb = new StringBuilder();
        render(t, sb, "");
        return sb.toString();
    }

    private static void render(JsonNode t, StringBuilder sb, String prefix) {
        if (t == null || !t.isObject()) {
            return;
        }
        sb.append(prefix).append(t.path("className").asText("?"));
        if (t.hasNonNull("message")) {
            sb.append(": ").append(t.get("message").asText());
        }
        for (JsonNode step : t.path("stepArray")) {
            sb.append("\n\tat ").append(step.path("className").asText()).append('.').append(step.path("methodName").asText())
                    .append('(').append(step.path("fileName").asText("Unknown Source"));
            if (step.path("lineNumber").asInt(-1) >= 0) {
                sb.append(':').append(step.path("lineNumber").asInt());
            }
            sb.append(')');
        }
        if (t.path("commonFramesCount").asInt(0) > 0) {
            sb.append("\n\t... ").append(t.get("commonFramesCount").asInt()).append(" more");
        }
        for (JsonNode s : t.path("suppressed")) {
            sb.append('\n');
            render(s, sb, "\tSuppressed: ");
        }
        if (t.hasNonNull("cause")) {
            sb.append('\n');
            render(t.get("cause"), sb, "Caused by: ");
        }
    }
}
