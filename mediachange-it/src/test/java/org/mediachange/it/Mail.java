package org.mediachange.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A mail as a stand-in sendmail received it: its command-line arguments and
 * its text, split into headers (unfolded, in order) and body.
 */
record Mail(List<String> args, String raw, Map<String, String> headers, String body) {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");

    /** Reads {@code NAME.eml} and {@code NAME.args}. */
    static Mail read(Path eml) throws Exception {
        String raw = Files.readString(eml, UTF_8);
        Path argsFile = eml.resolveSibling(eml.getFileName().toString().replace(".eml", ".args"));
        List<String> args = Files.readAllLines(argsFile, UTF_8);
        int blank = raw.indexOf("\n\n");
        if (blank < 0) {
            throw new AssertionError("no blank line after the headers: " + raw);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String last = null;
        for (String line : raw.substring(0, blank).split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                headers.put(last, headers.get(last) + line); // unfolding keeps the blank
            } else {
                int colon = line.indexOf(": ");
                if (colon <= 0) {
                    throw new AssertionError("not a header line: " + line);
                }
                last = line.substring(0, colon);
                if (headers.put(last, line.substring(colon + 2)) != null) {
                    throw new AssertionError("header " + last + " twice");
                }
            }
        }
        return new Mail(args, raw, headers, raw.substring(blank + 2));
    }

    /** Waits (up to {@code seconds}) for {@code n} mails in {@code spool}; returns them, oldest first. */
    static List<Mail> await(Path spool, int n, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            List<Path> files;
            try (Stream<Path> s = Files.list(spool)) {
                files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
            }
            if (files.size() >= n) {
                List<Mail> mails = new ArrayList<>();
                for (Path f : files) {
                    mails.add(read(f));
                }
                return mails;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(files.size() + " mails within " + seconds + " s, not " + n);
            }
            Thread.sleep(20);
        }
    }

    /**
     * A header's text with RFC 2047 encoded words (UTF-8, base64) decoded; the
     * blanks between adjacent encoded words are dropped, as the RFC says.
     */
    String decoded(String header) {
        String value = headers.get(header);
        StringBuilder out = new StringBuilder();
        Matcher m = ENCODED_WORD.matcher(value);
        int at = 0;
        boolean afterWord = false;
        while (m.find()) {
            String between = value.substring(at, m.start());
            if (!(afterWord && between.isBlank())) {
                out.append(between);
            }
            out.append(new String(Base64.getDecoder().decode(m.group(1)), UTF_8));
            at = m.end();
            afterWord = true;
        }
        return out.append(value.substring(at)).toString();
    }
}
