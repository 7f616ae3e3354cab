package io.github.compact4j.cli.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads one JSON log line into a {@link LogEvent}. Two layouts are understood:
 * <ul>
 *   <li>logback's {@code JsonEncoder} (the shipped {@code logback-json.xml} and
 *       {@code logback-async.xml}): {@code timestamp} in epoch milliseconds, {@code level},
 *       {@code threadName}, {@code loggerName}, the MDC under {@code mdc}, key-values under
 *       {@code kvpList} as one-entry objects, {@code formattedMessage}, {@code throwable};</li>
 *   <li>logstash-logback-encoder's {@code LogstashEncoder}: {@code @timestamp} as an ISO-8601
 *       time, {@code level}, {@code thread_name}, {@code logger_name}, {@code message},
 *       {@code stack_trace}, and the MDC and key-values as top-level fields, told apart by the MDC
 *       prefix ({@code compact4j.} unless the app renamed its keys).</li>
 * </ul>
 * Unknown fields are skipped without being decoded.
 */
final class JsonLineParser {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private final String mdcPrefix;

    JsonLineParser(String mdcPrefix) {
        this.mdcPrefix = mdcPrefix;
    }

    /**
     * @param details whether to read what only printing needs (message, logger, thread,
     *     key-values, stack trace); without, those values are skipped undecoded and the event
     *     holds only what the filters look at (time, level, MDC)
     * @throws MalformedLineException saying what is wrong, when the line is not one JSON object
     */
    LogEvent parse(byte[] buf, int start, int end, boolean details) {
        LogEvent e = new LogEvent(LogEvent.Format.JSON);
        String formatted = null;
        String plain = null;
        try (JsonParser p = FACTORY.createParser(buf, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!details && !name.equals("timestamp") && !name.equals("@timestamp") && !name.equals("level")
                        && !name.equals("mdc") && !name.startsWith(mdcPrefix)) {
                    p.skipChildren();
                    continue;
                }
                switch (name) {
                    case "timestamp":
                    case "@timestamp":
                        e.instant = time(p, v);
                        break;
                    case "level":
                        e.level = text(p, v);
                        break;
                    case "threadName":
                    case "thread_name":
                        e.thread = text(p, v);
                        break;
                    case "loggerName":
                    case "logger_name":
                        e.logger = text(p, v);
                        break;
                    case "formattedMessage":
                        formatted = text(p, v);
                        break;
                    case "message":
                        plain = text(p, v);
                        break;
                    case "mdc":
                        readMdc(p, v, e);
                        break;
                    case "kvpList":
                        readKeyValues(p, v, e);
                        break;
                    case "throwable":
                        if (v == JsonToken.START_OBJECT) {
                            e.throwable = Throwables.render(MAPPER.readTree(p));
                        } else {
                            p.skipChildren();
                        }
                        break;
                    case "stack_trace":
                        e.throwable = text(p, v);
                        break;
                    case "@version":
                    case "level_value":
                    case "sequenceNumber":
                    case "nanoseconds":
                    case "context":
                    case "arguments":
                    case "markers":
                    case "tags":
                        p.skipChildren();
                        break;
                    default:
                        if (v.isScalarValue()) {
                            if (name.startsWith(mdcPrefix)) {
                                e.mdc.put(name, p.getValueAsString());
                            } else {
                                e.keyValues.add(new String[] {name, v == JsonToken.VALUE_NULL ? "null" : p.getValueAsString()});
                            }
                        } else {
                            // a structured argument: keep it, as JSON, for the printer
                            JsonNode node = MAPPER.readTree(p);
                            e.keyValues.add(new String[] {name, node.toString()});
                        }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedLineException("the object does not end where it should");
            }
            if (p.nextToken() != null) {
                throw new MalformedLineException("unexpected content after the closing '}'");
            }
        } catch (JsonProcessingException ex) {
            throw new MalformedLineException("not valid JSON: " + ex.getOriginalMessage()
                    + " at column " + ex.getLocation().getColumnNr());
        } catch (IOException ex) {
            throw new MalformedLineException("cannot be read: " + ex.getMessage());
        }
        e.message = formatted != null ? formatted : plain;
        return e;
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!v.isScalarValue()) {
            p.skipChildren();
            return null;
        }
        return p.getValueAsString();
    }

    private static Instant time(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText();
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException ex) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException ex2) {
                    throw new MalformedLineException("the time \"" + s + "\" is not an ISO-8601 time");
                }
            }
        }
        p.skipChildren();
        return null;
    }

    private static void readMdc(JsonParser p, JsonToken v, LogEvent e) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            String value = text(p, t);
            if (value != null) {
                e.mdc.put(key, value);
            }
        }
    }

    /** logback writes key-values as an array of one-entry objects: {@code [{"k":"v"},...]}. */
    private static void readKeyValues(JsonParser p, JsonToken v, LogEvent e) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                String value = t.isScalarValue() ? (t == JsonToken.VALUE_NULL ? "null" : p.getValueAsString())
                        : MAPPER.readTree(p).toString();
                e.keyValues.add(new String[] {key, value});
            }
        }
    }
}
