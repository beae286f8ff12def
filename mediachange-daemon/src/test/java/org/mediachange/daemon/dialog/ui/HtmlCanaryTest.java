package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.daemon.testing.SwingDriver.awaitDialog;
import static org.mediachange.daemon.testing.SwingDriver.find;
import static org.mediachange.daemon.testing.SwingDriver.onEdt;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JDialog;
import javax.swing.JOptionPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mediachange.daemon.model.Decision;
import org.mediachange.daemon.model.RequestInfo;
import org.mediachange.daemon.testing.Requests;
import org.mediachange.daemon.testing.RequiresDisplay;
import org.mediachange.daemon.testing.SwingDriver;

/**
 * A message that looks like HTML is shown as text and fetches nothing: a local
 * "canary" web server counts requests for the image the message names. The
 * control case shows the same text the naive way (a String message, which
 * Swing renders as HTML) and proves the canary does see such a fetch.
 */
@ExtendWith(RequiresDisplay.class)
@Timeout(60)
class HtmlCanaryTest {

    private HttpServer canary;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void startCanary() throws Exception {
        canary = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        canary.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        canary.start();
    }

    @AfterEach
    void stopCanary() {
        canary.stop(0);
    }

    private String html() {
        return "<html><img src=\"http://127.0.0.1:" + canary.getAddress().getPort() + "/x\">";
    }

    @Test
    void htmlMessageIsShownLiterallyAndFetchesNothing() throws Exception {
        CompletableFuture<Decision> f = SwingOperatorPrompt.open(Duration.ZERO, () -> { })
                .ask(Requests.of("h", "192.168.1.2", html()));
        try {
            JDialog dialog = awaitDialog();
            MessageText text = find(dialog, MessageText.class, t -> true);
            assertThat(SwingDriver.<String>onEdt(text::getText)).endsWith("\n\n" + html());
            // Paint it for sure, then give any image loader far longer than the control case needs.
            BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
            onEdt(() -> {
                dialog.paint(img.getGraphics());
                return null;
            });
            new SwingDriver().capture(dialog);
            Thread.sleep(2000);
            assertThat(hits.get()).as("requests the canary received").isZero();
        } finally {
            f.cancel(false);
        }
    }

    @Test
    void controlCaseTheCanaryDetectsAStringMessageRenderedAsHtml() throws Exception {
        JDialog naive = onEdt(() -> {
            JOptionPane pane = new JOptionPane(html(), JOptionPane.INFORMATION_MESSAGE);
            JDialog d = pane.createDialog("naive");
            d.setModal(false);
            d.setVisible(true);
            return d;
        });
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (hits.get() == 0 && System.nanoTime() - end < 0) {
                Thread.sleep(50);
            }
            assertThat(hits.get()).as("the canary must notice an HTML fetch").isPositive();
        } finally {
            onEdt(() -> {
                naive.dispose();
                return null;
            });
        }
    }
}
