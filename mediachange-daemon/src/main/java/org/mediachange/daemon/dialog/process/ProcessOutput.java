package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mediachange.common.concurrent.DaemonThreads;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.dialog.pipe.PipeProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers of one {@link DialogProcess}'s output, each on a thread of its
 * own: protocol lines from its stdout go to a handler, and a line that is too
 * long or outside the protocol (or one the handler refuses) fails the
 * process; lines from its stderr are logged, escaped and bounded. Logged under
 * {@link DialogProcess}'s name, as the operator knows these lines by it.
 */
final class ProcessOutput {

    private static final Logger LOG = LoggerFactory.getLogger(DialogProcess.class);

    /** Longest line the process may print on stdout: protocol lines are a few dozen bytes. */
    static final int MAX_OUTPUT_LINE = 1024;
    /** Longest line of its stderr that is logged; the rest of a longer one is skipped. */
    static final int MAX_ERROR_LINE = 4096;
    /** How much of a line outside the protocol goes into the log. */
    private static final int QUOTED = 160;

    private final Process process;
    private final long pid;
    private final Predicate<PipeProtocol.Command> handler;
    private final Consumer<String> fail;
    private volatile String lastError = "";
    private final Thread reader;
    private final Thread errors;

    /**
     * Readers (not started) of {@code process}'s output.
     *
     * @param handler acts on one line from the process; false if the process may not say it
     * @param fail    kills the process, for the reason given
     */
    ProcessOutput(Process process, Predicate<PipeProtocol.Command> handler, Consumer<String> fail) {
        this.process = process;
        this.pid = process.pid();
        this.handler = handler;
        this.fail = fail;
        this.reader = DaemonThreads.of("mediachanged-dialogs-out", this::read);
        this.errors = DaemonThreads.of("mediachanged-dialogs-err", this::readErrors);
    }

    /** Starts both readers. */
    void start() {
        reader.start();
        errors.start();
    }

    /** The last line it printed on stderr, escaped; empty if none. */
    String lastError() {
        return lastError;
    }

    /** Waits up to {@code millis} for the end of its stderr to be read. */
    void awaitErrors(long millis) throws InterruptedException {
        errors.join(millis);
    }

    private void read() {
        BoundedLineReader lines = new BoundedLineReader(process.getInputStream(), MAX_OUTPUT_LINE);
        try {
            BoundedLineReader.Line line;
            while ((line = lines.next()) != null) {
                if (line.cut()) {
                    fail.accept("printed a line longer than " + MAX_OUTPUT_LINE + " bytes");
                    return;
                }
                Optional<PipeProtocol.Command> cmd = PipeProtocol.parse(line.text());
                if (cmd.isEmpty() || !handler.test(cmd.get())) {
                    String text = line.text();
                    fail.accept("printed something outside the protocol: \"" + Escaper.forLog(
                            text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "\"");
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("reading from dialog process {}: {}", pid, e.toString());
        } catch (RuntimeException | Error e) {
            fail.accept("could not be read from: " + e);
        }
    }

    private void readErrors() {
        BoundedLineReader lines = new BoundedLineReader(process.getErrorStream(), MAX_ERROR_LINE);
        try {
            BoundedLineReader.Line line;
            while ((line = lines.next()) != null) {
                lastError = Escaper.forDisplay(line.text()) + (line.cut() ? " [line cut]" : "");
                LOG.info("dialog process: {}", lastError);
            }
        } catch (IOException e) {
            LOG.debug("reading the errors of dialog process {}: {}", pid, e.toString());
        } catch (RuntimeException | Error e) {
            fail.accept("could not be read from: " + e);
        }
    }
}
