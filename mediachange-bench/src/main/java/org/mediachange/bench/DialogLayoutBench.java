package org.mediachange.bench;

import com.google.gson.Gson;
import java.awt.AWTEvent;
import java.awt.Graphics2D;
import java.awt.Toolkit;
import java.awt.event.AWTEventListener;
import java.awt.event.HierarchyEvent;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.swing.JDialog;
import javax.swing.SwingUtilities;
import org.mediachange.common.text.Escaper;
import org.mediachange.daemon.dialog.ui.MessageDialog;
import org.mediachange.daemon.dialog.ui.SwingOperatorPrompt;
import org.mediachange.daemon.model.RequestInfo;

/**
 * What one operator dialog costs the event thread, by kind and size of text
 * (issue 8): building it ({@code MessageDialog.create} and {@code pack},
 * which lay it out and make its X window) and painting it once off screen, median of a few runs; the worst string of
 * the Big List of Naughty Strings; and a burst of 64 dialogs of 64 KiB mixed
 * right-to-left and left-to-right text shown on the display, with the heap
 * they hold. Uses only {@code MessageDialog.create}, so it runs against any
 * build of the daemon jar put first on the class path. Needs DISPLAY.
 *
 * <p>Usage: {@code DialogLayoutBench [--sizes 1024,4096,65536] [--runs 3]
 * [--give-up-ms 5000] [--burst 64] [--blns FILE]}. A kind whose build took
 * longer than {@code --give-up-ms} is not tried at larger sizes.
 */
public final class DialogLayoutBench {

    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("ASCII words", "mount tape ");
        KINDS.put("mixed RTL/LTR", "\u05D0a");
        KINDS.put("Arabic + Latin words", "\u0645\u0631\u062D\u0628\u0627 tape ");
        KINDS.put("Hebrew, digits, punct.", "\u05D01.\u05D1-");
        KINDS.put("combining marks", "Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334");
        KINDS.put("one long word", "x");
        KINDS.put("emoji", "\uD83D\uDCBE");
        KINDS.put("CJK", "\u65E5\u672C\u8A9E");
        KINDS.put("control chars", "\u0001\u001B[2J");
    }

    private DialogLayoutBench() {
    }

    /** Runs the benchmark and prints its tables. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int[] sizes = Arrays.stream(opt.getOrDefault("sizes", "1024,4096,16384,65536").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        long giveUpMs = Long.parseLong(opt.getOrDefault("give-up-ms", "5000"));
        int burst = Integer.parseInt(opt.getOrDefault("burst", "64"));
        Path blns = Path.of(opt.getOrDefault("blns", "scripts/test-data/blns/blns.json"));

        System.out.printf(Locale.ROOT, "DialogLayoutBench: %s, Java %s, max heap %d MiB, %d cores%n",
                MessageDialog.class.getProtectionDomain().getCodeSource().getLocation(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        onEdt(() -> measure("warm-up", runs)); // class loading, first layout
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-24s", "build + paint, ms"));
        for (int size : sizes) {
            header.append(String.format(Locale.ROOT, "%18s", (size / 1024) + " KiB"));
        }
        System.out.println(header);
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-24s", kind.getKey()));
            boolean gaveUp = false;
            for (int size : sizes) {
                if (gaveUp) {
                    row.append(String.format(Locale.ROOT, "%18s", "(not tried)"));
                    continue;
                }
                String text = fill(kind.getValue(), size);
                double[] ms;
                try {
                    ms = onEdt(() -> measure(text, runs));
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof OutOfMemoryError)) {
                        throw e;
                    }
                    row.append(String.format(Locale.ROOT, "%18s", "out of memory"));
                    gaveUp = true;
                    continue;
                }
                row.append(String.format(Locale.ROOT, "%18s", String.format(Locale.ROOT, "%.1f + %.1f", ms[0], ms[1])));
                gaveUp = ms[0] + ms[1] > giveUpMs;
            }
            System.out.println(row);
        }
        if (Files.isRegularFile(blns)) {
            naughty(blns);
        }
        if (burst > 0) {
            burst(burst, sizes[sizes.length - 1], giveUpMs);
        }
        System.exit(0);
    }

    /** Median build and paint time in ms of the dialog for {@code text}. */
    private static double[] measure(String text, int runs) {
        double[] build = new double[runs];
        double[] paint = new double[runs];
        RequestInfo r = request("backup1.example", "192.0.2.1", text);
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            JDialog d = MessageDialog.create(r).dialog();
            d.pack(); // builds had packed inside create until the dialog's X window was made where shown
            long t1 = System.nanoTime();
            BufferedImage img = new BufferedImage(Math.max(1, d.getWidth()), Math.max(1, d.getHeight()),
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                d.getRootPane().printAll(g);
            } finally {
                g.dispose();
            }
            long t2 = System.nanoTime();
            d.dispose();
            build[i] = (t1 - t0) / 1e6;
            paint[i] = (t2 - t1) / 1e6;
        }
        Arrays.sort(build);
        Arrays.sort(paint);
        return new double[] {build[runs / 2], paint[runs / 2]};
    }

    private static void naughty(Path blns) throws Exception {
        List<String> strings = List.of(new Gson().fromJson(Files.readString(blns, StandardCharsets.UTF_8),
                String[].class));
        double total = 0;
        double worst = 0;
        String worstText = "";
        for (String s : strings) {
            double[] ms = onEdt(() -> measure(s, 1));
            total += ms[0] + ms[1];
            if (ms[0] + ms[1] > worst) {
                worst = ms[0] + ms[1];
                worstText = s;
            }
        }
        String shown = Escaper.forDisplay(worstText);
        System.out.printf(Locale.ROOT, "Big List of Naughty Strings: %d strings, %.0f ms in all, worst %.1f ms (\"%s\")%n",
                strings.size(), total, worst, shown.length() > 40 ? shown.substring(0, 40) + "..." : shown);
    }

    /**
     * Asks the real prompt ({@code SwingOperatorPrompt}) for {@code n} dialogs of
     * mixed-direction text of {@code size} bytes from 8 hosts, and then for one
     * normal dialog from another host,
     * all at once, as the dialog process does when they arrive together; reports
     * when the normal one was shown, when the event thread was done with all of
     * them, and the heap the open dialogs hold.
     */
    private static void burst(int n, int size, long giveUpMs) throws Exception {
        String hostile = fill("\u05D0a", size);
        double[] one;
        try {
            one = onEdt(() -> measure(hostile, 1));
        } catch (IllegalStateException e) {
            System.out.printf(Locale.ROOT, "burst of %d x %d KiB mixed RTL/LTR: not tried (one dialog: %s)%n", n,
                    size / 1024, e.getCause());
            return;
        }
        if (one[0] + one[1] > giveUpMs) {
            System.out.printf(Locale.ROOT, "burst of %d x %d KiB mixed RTL/LTR: not tried (one dialog takes %.0f ms)%n",
                    n, size / 1024, one[0] + one[1]);
            return;
        }
        SwingOperatorPrompt prompt = SwingOperatorPrompt.open(Duration.ZERO, () -> { });
        // Showing a window fires its hierarchy event at once, inside setVisible.
        long[] shownNormal = new long[1];
        AWTEventListener shown = e -> {
            if (e instanceof HierarchyEvent h && (h.getChangeFlags() & HierarchyEvent.SHOWING_CHANGED) != 0
                    && h.getComponent() instanceof JDialog d && d.isShowing()
                    && d.getTitle().endsWith("backup1.example") && shownNormal[0] == 0) {
                shownNormal[0] = System.nanoTime();
            }
        };
        Toolkit.getDefaultToolkit().addAWTEventListener(shown, AWTEvent.HIERARCHY_EVENT_MASK);
        List<CompletableFuture<?>> asked = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            // 8 hosts with 8 requests each, as --max-per-source allows.
            asked.add(prompt.ask(request("h" + i, "192.0.2." + (i % 8 + 1), hostile)));
        }
        asked.add(prompt.ask(request("backup1.example", "192.0.2.200", "Please mount volume 3")));
        // The event thread gets here once it has shown them all and painted what they made dirty.
        onEdt(() -> null);
        Thread.sleep(200);
        long done = onEdt(System::nanoTime);
        Toolkit.getDefaultToolkit().removeAWTEventListener(shown);
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        System.out.printf(Locale.ROOT, "burst of %d x %d KiB mixed RTL/LTR, then a normal one, through the prompt:"
                        + " normal dialog shown after %.0f ms, the event thread done by %.0f ms; heap with the %d"
                        + " dialogs open, after GC: %.1f MiB%n",
                n, size / 1024, (shownNormal[0] - t0) / 1e6, (done - t0) / 1e6 - 200, asked.size(),
                heap / 1048576.0);
        asked.forEach(f -> f.cancel(false));
        Thread.sleep(500);
    }

    private static String fill(String unit, int bytes) {
        return unit.repeat(Math.max(1, bytes / unit.getBytes(StandardCharsets.UTF_8).length));
    }

    private static <T> T onEdt(java.util.concurrent.Callable<T> c) throws Exception {
        Object[] box = new Object[1];
        try {
            SwingUtilities.invokeAndWait(() -> {
                try {
                    box[0] = c.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("usage: DialogLayoutBench [--sizes N,N] [--runs N]"
                        + " [--give-up-ms N] [--burst N] [--blns FILE]");
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        return opt;
    }

    private static final AtomicLong IDS = new AtomicLong();

    /** A request from {@code host} at {@code peer}, as the board would hand it to the dialog. */
    private static RequestInfo request(String host, String peer, String message) {
        return new RequestInfo(IDS.incrementAndGet(), Instant.now(), peer, host, message);
    }
}
