package org.mediachange.daemon.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mediachange.daemon.audit.AuditLog;
import org.slf4j.LoggerFactory;

/**
 * Collects the audit lines logged while a test runs: as a field with
 * {@code @RegisterExtension} for the whole test (closed after it), or in a
 * try-with-resources block for part of one.
 */
public final class AuditCapture implements AutoCloseable, AfterEachCallback {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Starts capturing. */
    public AuditCapture() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The audit lines so far. */
    public List<String> lines() {
        // AppenderBase.doAppend holds the appender's lock while it adds to the list.
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits (up to {@code seconds}) until at least {@code n} lines were logged, and returns them. */
    public List<String> await(int n, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (lines().size() < n) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("expected " + n + " audit lines within " + seconds + " s, got " + lines());
            }
            Thread.sleep(10);
        }
        return lines();
    }

    /** Waits (up to {@code seconds}) for a line that contains {@code text}, and returns it. */
    public String awaitLine(String text, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String line : lines()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no audit line with " + text + " within " + seconds + " s, got " + lines());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
