package org.mediachange.it;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A screenshot of a whole X display, taken with {@code xwd -root} (x11-utils)
 * and read here: the X dump format of a 24- or 32-bit TrueColor screen (what
 * Xvfb {@code -screen 0 WxHx24} has) is a big-endian header, the colour map
 * entries and the rows of pixels, which needs no image library.
 */
final class XwdScreenshot {

    private XwdScreenshot() {
    }

    /** The screen of {@code display} now, as an RGB image. */
    static BufferedImage take(String display, Path work) throws IOException, InterruptedException {
        Path file = work.resolve("screen-" + System.nanoTime() + ".xwd");
        ProcessBuilder pb = new ProcessBuilder(List.of("timeout", "30", "xwd", "-root", "-silent", "-out",
                file.toString())).redirectErrorStream(true);
        pb.environment().putAll(Map.of("DISPLAY", display));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(40, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("xwd failed: " + out);
        }
        try {
            return read(Files.readAllBytes(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Decodes an XWD file of a ZPixmap with 24 or 32 bits per pixel. */
    static BufferedImage read(byte[] data) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        int headerSize = h.getInt(0);
        int format = h.getInt(8);
        int width = h.getInt(16);
        int height = h.getInt(20);
        int byteOrder = h.getInt(28); // 0: LSBFirst
        int bitsPerPixel = h.getInt(44);
        int bytesPerLine = h.getInt(48);
        int colours = h.getInt(76); // ncolors: 12-byte XWDColor entries after the header
        if (format != 2 || (bitsPerPixel != 32 && bitsPerPixel != 24)) {
            throw new IOException("not a 24/32-bit ZPixmap dump: format " + format + ", " + bitsPerPixel + " bpp");
        }
        int offset = headerSize + colours * 12;
        if (data.length < offset + (long) bytesPerLine * height) {
            throw new IOException("XWD file cut short");
        }
        int bytes = bitsPerPixel / 8;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            int row = offset + y * bytesPerLine;
            for (int x = 0; x < width; x++) {
                int i = row + x * bytes;
                int b0 = data[i] & 0xff;
                int b1 = data[i + 1] & 0xff;
                int b2 = data[i + 2] & 0xff;
                int rgb = byteOrder == 0 ? (b2 << 16 | b1 << 8 | b0)
                        : bytes == 4 ? ((data[i + 1] & 0xff) << 16 | (data[i + 2] & 0xff) << 8 | (data[i + 3] & 0xff))
                        : (b0 << 16 | b1 << 8 | b2);
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }
}
