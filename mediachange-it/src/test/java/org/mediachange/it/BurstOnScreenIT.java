package org.mediachange.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst of 100 requests on a 1280x1024 screen without a window manager
 * (issue 18): once all 100 dialogs are up, a screenshot shows the first line
 * ("Message from HOST (ADDRESS)") of every one of them, pixel for pixel the
 * same as the others' (none is hidden behind another); then each dialog,
 * oldest first, is brought to the front by a click on that line and answered
 * with a click on its OK button, and every one of the 100 clients gets
 * {@code Ok}. The real launcher and dialog process on a private Xvfb; the
 * requests come over plain sockets. The screenshot is kept as
 * {@code target/burst-on-screen.png}.
 */
@ExtendWith({OutsideExtension.class, RequiresTools.class, RequiresScreenshotTools.class})
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BurstOnScreenIT {

    private static final int BURST = 100;
    /** A dialog's first line lies in its top 24 pixels (DialogSlots.STEP: the next one starts 26 lower). */
    private static final int FIRST_LINE = 24;
    /** Columns of dialogs are 375 pixels apart (DialogSlots.COLUMN): the left 375 of each first line show. */
    private static final int COLUMN = 375;

    @Test
    void everyDialogOfABurstOf100ShowsItsFirstLineAndCanBeAnswered(Outside outside) throws Exception {
        try (XServer x = new XServer()) {
            x.start();
            Map<String, String> env = Map.of("DISPLAY", x.display());
            List<Socket> clients = new ArrayList<>();
            try (Outside.Daemon d = outside.daemon(env, "--allow", "127.0.0.0/8", "--bell-interval", "0",
                    "--max-pending", "128", "--max-per-source", "128")) {
                for (int i = 0; i < BURST; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), d.port()), 10_000);
                    s.setSoTimeout(180_000);
                    clients.add(s);
                }
                for (int i = 0; i < BURST; i++) {
                    OutputStream out = clients.get(i).getOutputStream();
                    out.write(("Please mount volume " + i + " of /dev/nst0\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                List<String> ids = awaitDialogs(outside, env, BURST, 120);
                Map<String, Rectangle> where = new LinkedHashMap<>();
                for (String id : ids) {
                    where.put(id, geometry(outside, env, id));
                }
                BufferedImage shot = stableScreenshot(x.display(), outside.work());
                Path kept = Path.of("target", "burst-on-screen.png");
                Files.createDirectories(kept.getParent());
                ImageIO.write(shot, "png", kept.toFile());

                // The same width for all, short of the right border of the narrowest.
                int width = where.values().stream().mapToInt(r -> Math.min(COLUMN, r.width)).min().orElseThrow() - 4;
                Map<String, int[]> lines = new LinkedHashMap<>();
                where.forEach((id, r) -> lines.put(id, firstLine(shot, r, width)));
                int[] reference = mostCommon(lines.values());
                assertThat(darkPixels(reference)).as("the first line shows text").isGreaterThan(100);
                lines.forEach((id, pixels) -> assertThat(differing(pixels, reference))
                        .as("pixels of the first line of dialog %s at %s unlike the others' (see %s)", id,
                                where.get(id), kept.toAbsolutePath())
                        .isLessThanOrEqualTo(reference.length / 100));

                // Oldest slot first: column by column, top down; each lies under the ones after it.
                List<String> order = new ArrayList<>(ids);
                order.sort(Comparator.comparingInt((String id) -> where.get(id).x)
                        .thenComparingInt(id -> where.get(id).y));
                for (String id : order) {
                    answerOk(outside, env, id, where.get(id));
                }
                for (int i = 0; i < BURST; i++) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(clients.get(i).getInputStream(),
                            StandardCharsets.UTF_8));
                    assertThat(in.readLine()).as("answer to request %d", i).isEqualTo("Ok");
                }
                assertThat(outside.visibleDialogs(env)).isEmpty();
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    /** Waits until {@code n} dialogs are mapped; their window ids. */
    private static List<String> awaitDialogs(Outside outside, Map<String, String> env, int n, int seconds)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<String> ids = outside.visibleDialogs(env);
            if (ids.size() >= n) {
                assertThat(ids).hasSize(n);
                return ids;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("only " + ids.size() + " of " + n + " dialogs mapped within " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }

    private static Rectangle geometry(Outside outside, Map<String, String> env, String id) throws Exception {
        Map<String, Integer> g = new HashMap<>();
        for (String line : outside.xdotool(env, "getwindowgeometry", "--shell", id).split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[1].matches("-?\\d+")) {
                g.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
        return new Rectangle(g.get("X"), g.get("Y"), g.get("WIDTH"), g.get("HEIGHT"));
    }

    /** A screenshot once painting has settled: two in a row alike (at most 10 tries). */
    private static BufferedImage stableScreenshot(String display, Path work) throws Exception {
        BufferedImage last = XwdScreenshot.take(display, work);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            BufferedImage now = XwdScreenshot.take(display, work);
            if (Arrays.equals(pixels(now), pixels(last))) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** The pixels of the part of a dialog's first line that the layout keeps in sight, {@code w} wide. */
    private static int[] firstLine(BufferedImage shot, Rectangle r, int w) {
        assertThat(r.x + w).isLessThanOrEqualTo(shot.getWidth());
        assertThat(r.y + FIRST_LINE).isLessThanOrEqualTo(shot.getHeight());
        return shot.getRGB(r.x, r.y, w, FIRST_LINE, null, 0, w);
    }

    private static int[] mostCommon(Iterable<int[]> all) {
        Map<Integer, Integer> counts = new HashMap<>();
        Map<Integer, int[]> byHash = new HashMap<>();
        for (int[] p : all) {
            int h = Arrays.hashCode(p);
            counts.merge(h, 1, Integer::sum);
            byHash.putIfAbsent(h, p);
        }
        int best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return byHash.get(best);
    }

    private static int darkPixels(int[] pixels) {
        int n = 0;
        for (int p : pixels) {
            int luminance = ((p >> 16 & 0xff) * 3 + (p >> 8 & 0xff) * 6 + (p & 0xff)) / 10;
            if (luminance < 96) {
                n++;
            }
        }
        return n;
    }

    private static int differing(int[] a, int[] b) {
        if (a.length != b.length) {
            return Math.max(a.length, b.length);
        }
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }

    /**
     * A click on the dialog's first line brings it to the front; then a click on its OK button (left of
     * the middle of its bottom row) answers it. Tried again, waiting longer, if the dialog is still up
     * (the front may come late on a busy machine: the OK click then lands on the dialog above it).
     */
    private static void answerOk(Outside outside, Map<String, String> env, String id, Rectangle r) throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            outside.xdotool(env, "mousemove", "--window", id, "200", Integer.toString(FIRST_LINE / 2), "click", "1");
            Thread.sleep(300L * attempt);
            outside.xdotool(env, "mousemove", "--window", id, Integer.toString(r.width / 2 - 40),
                    Integer.toString(r.height - 25), "click", "1");
            if (outside.awaitGone(env, id, 3)) {
                return;
            }
        }
        throw new AssertionError("dialog " + id + " at " + r + " still up after 3 tries");
    }
}
