package io.github.compact4j.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The library's log events while an example runs, with the MDC each was logged with: attached to
 * the {@code io.github.compact4j} logger at DEBUG, detached and the level restored on close.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.github.compact4j");
    private final Level level = logger.getLevel();
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // the MDC is read from the logging thread, so take it now, on that thread
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    };

    LogCapture() {
        appender.setContext(logger.getLoggerContext());
        appender.setName("example-test-capture");
        appender.start();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
        appender.stop();
    }
}
