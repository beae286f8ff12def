package org.mediachange.daemon.dialog.pipe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;

/**
 * The line protocol between the daemon and its dialog process, over the
 * child's stdin and stdout. Untrusted text travels Base64-encoded, so no
 * message can break a line or inject a command.
 *
 * <pre>
 * daemon -&gt; child:  show ID RECEIVED PEER64 HOST64 MESSAGE64
 *                   close ID
 *                   ping N
 * child -&gt; daemon:  ready
 *                   answer ID ok|cancel
 *                   failed ID
 *                   pong N
 * </pre>
 *
 * <p>{@code ID} is the request's id on the board, so the dialog process's log
 * lines name the request as the audit log does ({@code id=ID}); {@code
 * RECEIVED} is its arrival time (ISO 8601). {@code failed} says that the dialog of request {@code ID} could not be
 * built; it carries no text, so nothing untrusted crosses back. The child
 * answers {@code ping N} with {@code pong N} from its event thread, so a
 * stuck event thread counts as a dead process.
 */
public final class PipeProtocol {

    /** The child has opened the display and takes requests. */
    public static final String READY = "ready";

    /** The dialog process's main class, which the daemon starts with the display and its class path. */
    public static final String MAIN_CLASS = "org.mediachange.daemon.dialog.ui.PromptHostMain";

    /** The dialog process's logging (an slf4j provider writing to stderr), which the daemon selects. */
    public static final String LOG_PROVIDER = "org.mediachange.daemon.dialog.ui.StderrLogProvider";

    /**
     * The dialog process's second argument when it should build a dialog off screen before it says
     * {@code ready}: when it is started with nothing to show yet (see {@code --dialog-keep-warm always}).
     */
    public static final String WARM_UP = "warm-up";

    /** The dialog process's exit code when it cannot open the display: the daemon waits for it. */
    public static final int EXIT_NO_DISPLAY = 3;

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private PipeProtocol() {
    }

    /** Command showing request {@code r}. */
    public static String show(RequestInfo r) {
        return "show " + r.id() + " " + r.received() + " " + enc(r.peer()) + " " + enc(r.host()) + " "
                + enc(r.message());
    }

    /** Command withdrawing request {@code id}. */
    public static String close(long id) {
        return "close " + id;
    }

    /** The child's report of the operator's decision on {@code id}. */
    public static String answer(long id, Decision d) {
        return "answer " + id + " " + (d == Decision.OK ? "ok" : "cancel");
    }

    /** Liveness check number {@code n}. */
    public static String ping(long n) {
        return "ping " + n;
    }

    /** The child's reply to liveness check {@code n}. */
    public static String pong(long n) {
        return "pong " + n;
    }

    /** The child's report that the dialog of request {@code id} could not be built. */
    public static String failed(long id) {
        return "failed " + id;
    }

    /** A parsed line from either side. */
    public sealed interface Command {
    }

    /** {@code show}. */
    public record Show(RequestInfo request) implements Command {

        /** The request's id. */
        public long id() {
            return request.id();
        }
    }

    /** {@code close}. */
    public record Close(long id) implements Command {
    }

    /** {@code answer}. */
    public record Answer(long id, Decision decision) implements Command {
    }

    /** {@code ready}. */
    public record Ready() implements Command {
    }

    /** {@code ping}. */
    public record Ping(long number) implements Command {
    }

    /** {@code pong}. */
    public record Pong(long number) implements Command {
    }

    /** {@code failed}. */
    public record Failed(long id) implements Command {
    }

    /** Parses one line; empty for anything that is not a command. */
    public static Optional<Command> parse(String line) {
        String[] f = line.split(" ", -1);
        try {
            switch (f[0]) {
                case READY:
                    return f.length == 1 ? Optional.of(new Ready()) : Optional.empty();
                case "show":
                    return f.length == 6 ? Optional.of(new Show(new RequestInfo(Long.parseLong(f[1]),
                            Instant.parse(f[2]), dec(f[3]), dec(f[4]), dec(f[5])))) : Optional.empty();
                case "close":
                    return f.length == 2 ? Optional.of(new Close(Long.parseLong(f[1]))) : Optional.empty();
                case "ping":
                    return f.length == 2 ? Optional.of(new Ping(Long.parseLong(f[1]))) : Optional.empty();
                case "pong":
                    return f.length == 2 ? Optional.of(new Pong(Long.parseLong(f[1]))) : Optional.empty();
                case "failed":
                    return f.length == 2 ? Optional.of(new Failed(Long.parseLong(f[1]))) : Optional.empty();
                case "answer":
                    if (f.length != 3 || !(f[2].equals("ok") || f[2].equals("cancel"))) {
                        return Optional.empty();
                    }
                    return Optional.of(new Answer(Long.parseLong(f[1]),
                            f[2].equals("ok") ? Decision.OK : Decision.CANCEL));
                default:
                    return Optional.empty();
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String enc(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String dec(String s) {
        return new String(UNB64.decode(s), StandardCharsets.UTF_8);
    }
}
