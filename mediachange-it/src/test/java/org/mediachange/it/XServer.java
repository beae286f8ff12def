package org.mediachange.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Xvfb for tests that stop and restart the X server under a running
 * daemon. The first start lets Xvfb pick a free display number; restarts
 * reuse it, as a real X server restart would.
 */
final class XServer implements AutoCloseable {

    private int number = -1;
    private Process process;

    /** Starts Xvfb (on a free display the first time, on the same one afterwards). */
    XServer start() throws IOException, InterruptedException {
        List<String> cmd = number < 0
                ? List.of("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                : List.of("Xvfb", ":" + number, "-screen", "0", "1280x1024x24", "-nolisten", "tcp");
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (number < 0) {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line = out.readLine();
            if (line == null) {
                throw new IOException("Xvfb did not report its display number");
            }
            number = Integer.parseInt(line.trim());
        } else {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(socket)) {
                if (System.nanoTime() - end > 0 || !process.isAlive()) {
                    throw new IOException("Xvfb :" + number + " did not come up");
                }
                Thread.sleep(20);
            }
        }
        return this;
    }

    /** The value for {@code DISPLAY}. */
    String display() {
        return ":" + number;
    }

    /** Stops Xvfb, as a crash or restart of the X server would; keeps the display number. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
