package org.mediachange.daemon.dialog.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mediachange.daemon.testing.SwingDriver.awaitDialogs;
import static org.mediachange.daemon.testing.SwingDriver.awaitGone;
import static org.mediachange.daemon.testing.SwingDriver.button;
import static org.mediachange.daemon.testing.SwingDriver.find;
import static org.mediachange.daemon.testing.SwingDriver.onEdt;

import java.awt.Point;
import java.awt.Rectangle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.JDialog;
import javax.swing.JViewport;
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
 * Requests whose text made Swing's text components slow and the dialog
 * process run out of memory (issue 8), in the real dialog on a real display:
 * 64 KiB of mixed right-to-left and left-to-right text.
 */
@ExtendWith(RequiresDisplay.class)
@Timeout(120)
class HostileTextDialogTest {

    private static final RequestInfo MOUNT = Requests.of("backup1.example", "192.168.1.5",
            "Please mount volume 3 of /dev/nst0");

    /** {@code unit} repeated to 64 KiB of UTF-8, the longest line the daemon accepts. */
    private static String fill(String unit) {
        return unit.repeat(65536 / unit.getBytes(StandardCharsets.UTF_8).length);
    }

    private static final List<String> MIXED = List.of(fill("\u05D0a"), fill("\u0645\u0631\u062D\u0628\u0627 tape "),
            fill("\u05D01.\u05D1-"), fill("\u05D0\u05B8a\u0301"));

    private final List<CompletableFuture<Decision>> asked = new ArrayList<>();
    private SwingDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        driver = new SwingDriver();
    }

    @AfterEach
    void closeLeftovers() throws Exception {
        asked.forEach(f -> f.cancel(false));
        for (JDialog d : SwingDriver.dialogs()) {
            awaitGone(d, 10);
        }
    }

    @Test
    void aNormalRequestRightBehindEightHostileOnesGetsItsDialog() throws Exception {
        SwingOperatorPrompt prompt = SwingOperatorPrompt.open(Duration.ZERO, () -> { });
        for (int i = 0; i < 8; i++) {
            asked.add(prompt.ask(Requests.of("h" + i, "192.168.1." + (10 + i), MIXED.get(i % MIXED.size()))));
        }
        CompletableFuture<Decision> normal = prompt.ask(MOUNT);
        asked.add(normal);
        // Generous: on a loaded two-core machine this takes about a second (docs/RELIABILITY.md).
        List<JDialog> dialogs = awaitDialogs(9, 30);
        JDialog mount = null;
        for (JDialog d : dialogs) {
            if (SwingDriver.<String>onEdt(d::getTitle).endsWith("backup1.example")) {
                mount = d;
            }
        }
        assertThat(mount).as("the normal request's dialog").isNotNull();
        driver.click(button(mount, "OK"));
        assertThat(normal.get(10, TimeUnit.SECONDS)).isEqualTo(Decision.OK);
        assertThat(asked.stream().filter(CompletableFuture::isDone).count()).as("hostile requests still pending")
                .isEqualTo(1);
    }

    @Test
    void sixtyFourKibOfMixedTextIsWhollyReachableInAScrolledViewThatLaysOutOnlyWhatIsVisible() throws Exception {
        SwingOperatorPrompt prompt = SwingOperatorPrompt.open(Duration.ZERO, () -> { });
        RequestInfo hostile = Requests.of("h", "192.168.1.9", MIXED.get(0));
        asked.add(prompt.ask(hostile));
        JDialog dialog = SwingDriver.awaitDialog();
        MessageText text = find(dialog, MessageText.class, t -> true);
        JViewport viewport = find(dialog, JViewport.class, v -> v.getView() == text);
        assertThat(viewport).as("the text is in a scroll pane").isNotNull();
        assertThat(SwingDriver.<String>onEdt(text::getText)).isEqualTo(MessageDialog.text(hostile));
        int visibleRows = onEdt(() -> viewport.getExtentSize().height / text.rowHeight() + 2);

        // The top, as the dialog first shows it.
        assertThat(onEdt(() -> paintNow(text))).isBetween(1, visibleRows);
        assertThat(onEdt(text::laidOutChars)).isLessThanOrEqualTo(visibleRows * MessageText.MAX_ROW_CHARS);
        assertThat(onEdt(text::wrapped)).as("the rest is broken into rows only when someone scrolls to it").isFalse();
        // Scrolled to the end (as often as it takes: the extent is an estimate until the end is seen),
        // the last row holds the end of the message.
        for (int i = 0; i < 5 && !onEdt(text::wrapped); i++) {
            onEdt(() -> {
                viewport.setViewPosition(new Point(0, text.getHeight() - viewport.getExtentSize().height));
                return paintNow(text);
            });
            Thread.sleep(100);
        }
        assertThat(onEdt(text::wrapped)).isTrue();
        onEdt(() -> {
            viewport.setViewPosition(new Point(0, text.getHeight() - viewport.getExtentSize().height));
            return null;
        });
        assertThat(onEdt(() -> paintNow(text))).isBetween(1, visibleRows);
        String last = onEdt(() -> text.row(text.rowCount() - 1));
        assertThat(hostile.message()).endsWith(last);
        assertThat(onEdt(text::rowCount)).isGreaterThan(100);
    }

    /** Paints what is visible of {@code text} now, as the repaint manager would; the rows laid out. */
    private static int paintNow(MessageText text) {
        Rectangle r = text.getVisibleRect();
        text.paintImmediately(r);
        return text.laidOutRows();
    }
}
