package io.github.compact4j.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures every event of the given loggers (and their children) with logback's ListAppender,
 * at the given level, and puts the loggers back as they were on close.
 */
public final class LogCapture implements AutoCloseable {

    /** The logger of the test strategies' own lines. */
    public static final String APP = "test.app";

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> oldLevels = new ArrayList<>();
    private final List<Boolean> oldAdditive = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            // The MDC of an event is read lazily; fix it now, on the thread that logged.
            e.prepareForDeferredProcessing();
            super.append(e);
        }
    };

    public LogCapture(Level level, String... names) {
        appender.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        for (String name : names) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            loggers.add(l);
            oldLevels.add(l.getLevel());
            oldAdditive.add(l.isAdditive());
            l.setLevel(level);
            l.setAdditive(false);
            l.addAppender(appender);
        }
    }

    /** Everything from the library and the test app, DEBUG and up. */
    public static LogCapture all() {
        return new LogCapture(Level.TRACE, "io.github.compact4j", APP);
    }

    /**
     * Every captured event but the library's once-per-JVM line saying whether OpenTelemetry is on
     * the class path, which lands in whichever test happens to run first.
     */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return appender.list.stream().filter(e -> !e.getLoggerName().equals("io.github.compact4j.logging"))
                    .collect(Collectors.toList());
        }
    }

    public List<ILoggingEvent> from(String logger) {
        return events().stream().filter(e -> e.getLoggerName().equals(logger)).collect(Collectors.toList());
    }

    /** The distinct values of an MDC key over all events; null for events without it. */
    public Set<String> mdcValues(String key) {
        Set<String> out = new LinkedHashSet<>();
        events().forEach(e -> out.add(e.getMDCPropertyMap().get(key)));
        return out;
    }

    public void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(oldLevels.get(i));
            loggers.get(i).setAdditive(oldAdditive.get(i));
        }
        appender.stop();
    }
}
