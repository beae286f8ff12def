package org.mediachange.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Big List of Naughty Strings vendored in {@code scripts/test-data/blns}
 * (a JSON array of strings), read with a reader for exactly that: strings with
 * JSON escapes, commas, white space, brackets.
 */
public final class NaughtyStrings {

    private NaughtyStrings() {
    }

    /** All strings of {@code scripts/test-data/blns/blns.json}. */
    public static List<String> all() throws IOException {
        Path root = Path.of(System.getProperty("mediachange.root", "..")).toAbsolutePath().normalize();
        String json = Files.readString(root.resolve("scripts/test-data/blns/blns.json"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = json.indexOf('"', i)) >= 0) {
            StringBuilder sb = new StringBuilder();
            i++;
            while (json.charAt(i) != '"') {
                char c = json.charAt(i++);
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = json.charAt(i++);
                switch (e) {
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e); // \" \\ \/
                }
            }
            i++;
            out.add(sb.toString());
        }
        return out;
    }
}
