package org.mediachange.common.protocol;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Constants of the mediachange wire protocol, which is the one spoken by the
 * original Perl/Tk pair: one UTF-8 line in, one line out. See docs/PROTOCOL.md.
 */
public final class Wire {

    /** The port both the original daemon and this one listen on. */
    public static final int DEFAULT_PORT = 8979;

    /** Every byte on the wire is UTF-8, whatever the platform's default charset is. */
    public static final Charset CHARSET = StandardCharsets.UTF_8;

    /** Longest request line (in bytes, without the line end) the daemon accepts by default. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4096;

    /** Longest answer line (in bytes) a client reads before giving up on the peer. */
    public static final int MAX_ANSWER_BYTES = 1024;

    /** Line terminator sent by both sides; a CR before it is accepted and dropped. */
    public static final byte LF = '\n';

    private Wire() {
    }

    /** Encodes {@code line} as one wire line: UTF-8 bytes followed by LF. */
    public static byte[] encodeLine(String line) {
        byte[] text = line.getBytes(CHARSET);
        byte[] out = new byte[text.length + 1];
        System.arraycopy(text, 0, out, 0, text.length);
        out[text.length] = LF;
        return out;
    }
}
