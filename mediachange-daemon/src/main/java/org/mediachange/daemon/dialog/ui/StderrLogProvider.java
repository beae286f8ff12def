package org.mediachange.daemon.dialog.ui;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging of the dialog process: each message at INFO or above as one line
 * on stderr ({@code LEVEL Logger [thread] message}, then the stack trace of a
 * throwable), which the daemon reads and logs as {@code dialog process: ...}.
 * The daemon selects it with {@code -Dslf4j.provider} when it starts the dialog
 * process ({@code DialogProcessCommand}), instead of logback: reading
 * logback's XML configuration loaded some 450 classes and was about a third of
 * the process's start (docs/PERFORMANCE.md), for lines the daemon's log
 * stamps and formats anyway.
 */
public final class StderrLogProvider implements SLF4JServiceProvider {

    /** The slf4j API version this provider is written for. */
    private static final String API_VERSION = "2.0.99";

    private final ILoggerFactory loggers = new Loggers(System.err);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    /** One logger per name, all writing to one stream. */
    static final class Loggers implements ILoggerFactory {

        private final PrintStream out;
        private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();

        Loggers(PrintStream out) {
            this.out = out;
        }

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, n -> new StderrLogger(n, out));
        }
    }

    /** Writes INFO and above; the logger's simple name, like the daemon's own log lines. */
    static final class StderrLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        private final transient PrintStream out;
        private final String shortName;

        StderrLogger(String name, PrintStream out) {
            this.name = name;
            this.out = out;
            this.shortName = name.substring(name.lastIndexOf('.') + 1);
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable throwable) {
            if (level.toInt() < Level.INFO.toInt()) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            String line = level + " " + shortName + " [" + Thread.currentThread().getName() + "] " + message;
            synchronized (out) {
                out.println(line);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
                out.flush();
            }
        }
    }
}
