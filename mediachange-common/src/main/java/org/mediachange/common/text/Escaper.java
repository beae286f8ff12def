package org.mediachange.common.text;

/**
 * Makes untrusted text safe to show: control characters and the Unicode
 * characters that reorder or break lines become visible escapes, so a message
 * cannot move the cursor of a terminal, forge a log line, or disguise itself
 * in a dialog.
 *
 * <p>Escaped: C0 controls (U+0000-001F), DEL, C1 controls (U+0080-009F), the
 * bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the
 * line and paragraph separators (U+2028, U+2029). Tab, LF and CR become
 * {@code \t}, {@code \n}, {@code \r}; everything else {@code \xHH} or
 * {@code \}{@code uHHHH}.
 */
public final class Escaper {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Escaper() {
    }

    /** Escapes for display to a person (dialog, terminal). Backslashes stay as they are. */
    public static String forDisplay(String s) {
        return escape(s, false);
    }

    /**
     * Escapes for a log value inside double quotes: additionally doubles
     * backslashes and escapes {@code "}, so every escape is unambiguous and the
     * value cannot end early.
     */
    public static String forLog(String s) {
        return escape(s, true);
    }

    /** Whether {@code c} is shown as an escape. */
    public static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }

    private static String escape(String s, boolean forLog) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i)) && !(forLog && (s.charAt(i) == '\\' || s.charAt(i) == '"'))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (forLog && (c == '\\' || c == '"')) {
                sb.append('\\').append(c);
            } else if (!needsEscape(c)) {
                sb.append(c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c <= 0xFF) {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }
}
