package io.github.compact4j.openai;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Captures the events of some loggers at chosen levels, and puts the loggers back on close. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> previous = new HashMap<>();

    LogCapture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(ctx);
        appender.start();
    }

    LogCapture level(String logger, Level level) {
        Logger l = (Logger) LoggerFactory.getLogger(logger);
        previous.putIfAbsent(l, l.getLevel());
        l.setLevel(level);
        if (l.getAppender(appender.getName()) == null) {
            l.addAppender(appender);
        }
        return this;
    }

    List<ILoggingEvent> events(String logger) {
        return appender.list.stream().filter(e -> e.getLoggerName().equals(logger)).collect(Collectors.toList());
    }

    List<ILoggingEvent> all() {
        return new ArrayList<>(appender.list);
    }

    static Map<String, Object> keyValues(ILoggingEvent e) {
        Map<String, Object> m = new HashMap<>();
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) {
                m.put(kv.key, kv.value);
            }
        }
        return m;
    }

    /** Everything an appender could print of the event: message, key-values, MDC. */
    static String everything(ILoggingEvent e) {
        return e.getFormattedMessage() + " " + keyValues(e) + " " + e.getMDCPropertyMap();
    }

    @Override
    public void close() {
        previous.forEach((l, level) -> {
            l.setLevel(level);
            l.detachAppender(appender);
        });
        appender.stop();
    }
}
