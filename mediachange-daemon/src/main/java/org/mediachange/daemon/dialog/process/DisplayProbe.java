package org.mediachange.daemon.dialog.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cheap check whether an X server answers at {@code DISPLAY}, so that while
 * X is down (at boot, or during a restart) the daemon does not start a JVM
 * every few seconds only to see it fail. Only tests that a connection can be
 * made; authorisation is left to the dialog process.
 */
final class DisplayProbe {

    private static final Pattern DISPLAY = Pattern.compile("^(?:(unix)|([^:/]*))?:(\\d+)(?:\\.\\d+)?$");
    private static final int TCP_TIMEOUT_MILLIS = 1000;

    private DisplayProbe() {
    }

    /**
     * Whether {@code display} looks reachable. Forms it cannot judge (such as
     * {@code host/unix:0} or launchd paths) count as reachable, so the dialog
     * process gets to try.
     */
    static boolean reachable(String display) {
        Matcher m = DISPLAY.matcher(display);
        if (!m.matches()) {
            return true;
        }
        int n = Integer.parseInt(m.group(3));
        String host = m.group(2);
        if (m.group(1) != null || host == null || host.isEmpty()) {
            return unixSocketAnswers(Path.of("/tmp/.X11-unix/X" + n));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, 6000 + n), TCP_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean unixSocketAnswers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
