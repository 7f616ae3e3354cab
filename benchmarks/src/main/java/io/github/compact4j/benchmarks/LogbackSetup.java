package io.github.compact4j.benchmarks;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures logback for a benchmark run, in code: one level for every logger, and an
 * {@link AsyncAppender} in front of a pattern-encoded appender (timestamp, level, thread, logger,
 * the compact4j MDC keys, the key-values, the message) that writes to a null output stream, so
 * the figures include formatting every line but not the disk.
 */
final class LogbackSetup {

    /** The levels a run can be configured at. */
    enum Setting {
        /** Every logger off: no statement is enabled. */
        OFF,
        /** The library's INFO lines (one per compaction) and above. */
        INFO,
        /** The library's DEBUG lines too (the start of each call, each HTTP attempt). */
        DEBUG,
        /**
         * INFO, formatted on the calling thread with no AsyncAppender: separates the cost of the
         * line itself from the cost of waking a worker thread on a machine with few cores.
         */
        INFO_SYNC
    }

    private LogbackSetup() {}

    /**
     * Replaces the whole logback configuration.
     *
     * @param setting the level for every logger
     */
    static void configure(Setting setting) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(switch (setting) {
            case OFF -> Level.OFF;
            case INFO, INFO_SYNC -> Level.INFO;
            case DEBUG -> Level.DEBUG;
        });
        if (setting == Setting.OFF) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}"
                + " trace=%X{compact4j.trace_id} span=%X{compact4j.span_id} strategy=%X{compact4j.strategy}"
                + " - %msg %kvp%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> sink = new OutputStreamAppender<>();
        sink.setContext(ctx);
        sink.setName("null");
        sink.setEncoder(encoder);
        sink.setOutputStream(OutputStream.nullOutputStream());
        sink.start();
        if (setting == Setting.INFO_SYNC) {
            root.addAppender(sink);
            return;
        }
        AsyncAppender async = new AsyncAppender();
        async.setContext(ctx);
        async.setName("async");
        async.addAppender(sink);
        // keep every event (the default discards INFO and below when the queue is 80% full)
        async.setDiscardingThreshold(0);
        async.start();
        root.addAppender(async);
    }
}
