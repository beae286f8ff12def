package org.mediachange.daemon.testing;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Big List of Naughty Strings vendored in {@code scripts/test-data/blns}
 * (a JSON array of strings), read with Gson, the daemon's JSON library.
 */
public final class NaughtyStrings {

    private NaughtyStrings() {
    }

    /** All strings of {@code scripts/test-data/blns/blns.json}. */
    public static List<String> all() throws IOException {
        Path root = Path.of(System.getProperty("mediachange.root", "..")).toAbsolutePath().normalize();
        String json = Files.readString(root.resolve("scripts/test-data/blns/blns.json"), StandardCharsets.UTF_8);
        return List.of(new Gson().fromJson(json, String[].class));
    }
}
