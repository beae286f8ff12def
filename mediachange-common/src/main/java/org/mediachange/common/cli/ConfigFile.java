package org.mediachange.common.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The syntax of the configuration files, and the one reader of it: Java
 * properties, read as strict UTF-8, each value stripped of surrounding white
 * space, and a key set twice refused (where {@link Properties} would silently
 * keep the last). What the keys mean is not decided here: {@link
 * ConfigFileDefaults} checks each key and value against the command's options.
 * Free of picocli, so that the client's fast path reads the very same files
 * with the very same code.
 */
public final class ConfigFile {

    /** One configured value and the file it came from. */
    public record Setting(String value, Path file) {
    }

    /** A file that cannot be read, or breaks the syntax; {@link #getMessage()} is "FILE: what is wrong". */
    public static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient Path file;
        private final String what;

        Problem(Path file, String what) {
            super(file + ": " + what);
            this.file = file;
            this.what = what;
        }

        /** The file. */
        public Path file() {
            return file;
        }

        /** What is wrong with it, without the file name. */
        public String what() {
            return what;
        }
    }

    private ConfigFile() {
    }

    /**
     * The settings of {@code files}, read in order, a later file's value of a key
     * replacing an earlier one's. A file that does not exist is skipped.
     */
    public static Map<String, Setting> readAll(List<Path> files) throws Problem {
        Map<String, Setting> all = new LinkedHashMap<>();
        for (Path f : files) {
            all.putAll(read(f, false));
        }
        return all;
    }

    /**
     * The settings of {@code file}, in the order of the file.
     *
     * @param required whether a missing file is a problem (a file the user named) or just no settings
     */
    public static Map<String, Setting> read(Path file, boolean required) throws Problem {
        Map<String, String> raw = new LinkedHashMap<>();
        // Properties.load calls put() once per line; overriding it catches keys set twice,
        // which Properties would otherwise settle silently in favour of the last one.
        Properties props = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                if (raw.putIfAbsent((String) key, (String) value) != null) {
                    throw new IllegalStateException("key '" + key + "' is set twice");
                }
                return super.put(key, value);
            }
        };
        // Strict UTF-8, so a file saved in another charset is reported instead of garbled.
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            props.load(in);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new Problem(file, "no such file");
            }
            return Map.of();
        } catch (CharacterCodingException e) {
            throw new Problem(file, "not valid UTF-8");
        } catch (IOException e) {
            throw new Problem(file, "cannot read it: " + e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape.
            throw new Problem(file, e.getMessage());
        }
        Map<String, Setting> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            result.put(e.getKey(), new Setting(e.getValue().strip(), file));
        }
        return result;
    }
}
