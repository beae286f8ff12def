package org.mediachange.daemon.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Collects the lines logged on one logger (and those below it) while a test runs. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Starts capturing {@code loggerName}. */
    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    /** The lines so far, as "LEVEL message". */
    public List<String> lines() {
        // AppenderBase.doAppend holds the appender's lock while it adds to the list.
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    /** Waits (up to {@code seconds}) for a line that {@code matches}, and returns it. */
    public String await(Predicate<String> matches, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String line : lines()) {
                if (matches.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no matching log line within " + seconds + " s; got " + lines());
            }
            Thread.sleep(10);
        }
    }

    /** Waits (up to {@code seconds}) for a line that contains {@code text}, and returns it. */
    public String await(String text, long seconds) throws InterruptedException {
        return await(l -> l.contains(text), seconds);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
