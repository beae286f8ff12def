package org.mediachange.daemon.state;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mediachange.common.files.AtomicFiles;
import org.mediachange.daemon.requests.SavedBoard;

/**
 * The daemon's state file, {@value #NAME} in its state directory: JSON
 * ({@link StateJson}), written whole and atomically ({@link AtomicFiles}),
 * readable and writable by the daemon's user only. Read back strictly: a file
 * that is cut short, not UTF-8, not JSON, of another format version, or
 * inconsistent is {@link Damaged}, with the ids that can still be found in it.
 */
final class StateFile {

    /** The file's name in the state directory. */
    static final String NAME = "state.json";
    /** Suffix of a file set aside as damaged. */
    static final String BAD_SUFFIX = ".bad";
    /**
     * Largest file read: 200 ended requests of at most 1,000 characters and the waiting ones
     * (each at most --max-line bytes) stay far below it.
     */
    static final int MAX_BYTES = 64 << 20;

    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).serializeNulls()
            .disableHtmlEscaping().create();
    /** An id anywhere in a file, also one cut short or partly overwritten: {@code "id": 12}, {@code "nextId": 13}. */
    private static final Pattern ID = Pattern.compile("\"(?:id|nextId|idLimit)\"\\s*:\\s*(\\d{1,18})");

    private final Path path;

    StateFile(Path path) {
        this.path = path;
    }

    /** The file's path. */
    Path path() {
        return path;
    }

    /** What reading the file found. */
    sealed interface Read permits Missing, Loaded, Damaged {
    }

    /** There is no state file: a first start. */
    record Missing() implements Read {
    }

    /** A good file: its ids and the board it describes. */
    record Loaded(StateJson json, SavedBoard board) implements Read {
    }

    /** A file that cannot be used: why, for people, and the largest id still found in it. */
    record Damaged(String why, OptionalLong largestId) implements Read {
    }

    /** Why a file cannot be used. */
    static final class DamagedException extends Exception {
        private static final long serialVersionUID = 1L;

        DamagedException(String why) {
            super(why);
        }
    }

    /** Reads and checks the file; never throws. */
    Read read() {
        byte[] bytes;
        try {
            if (Files.exists(path) && Files.isRegularFile(path) && Files.size(path) > MAX_BYTES) {
                return new Damaged("it is larger than " + (MAX_BYTES >> 20) + " MiB", OptionalLong.empty());
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException e) {
            return new Damaged("it cannot be read (" + reason(e) + ")", OptionalLong.empty());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            String lenient = new String(bytes, StandardCharsets.UTF_8);
            return new Damaged("it is not UTF-8 text", largestId(lenient));
        }
        try {
            StateJson json = GSON.fromJson(text, StateJson.class);
            if (json == null) {
                return new Damaged("it is empty", OptionalLong.empty());
            }
            return new Loaded(json, json.board());
        } catch (JsonParseException | IllegalStateException e) {
            return new Damaged("it is not a whole JSON state (" + firstLine(e.getMessage()) + ")", largestId(text));
        } catch (DamagedException e) {
            return new Damaged(e.getMessage(), largestId(text));
        }
    }

    /** Writes {@code json} in place of the file, atomically; a daemon run as root gives it to the directory's owner. */
    void write(StateJson json) throws IOException {
        AtomicFiles.write(path, GSON.toJson(json).getBytes(StandardCharsets.UTF_8), FileOwners::giveToDirectoryOwner);
    }

    /**
     * Renames the file to {@code state.json.TIME.bad} beside it, so that a new one can be
     * written and the old one can still be looked at; the new name.
     */
    Path setAside(Instant now) throws IOException {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-');
        Path bad = path.resolveSibling(NAME + "." + stamp + BAD_SUFFIX);
        for (int n = 1; Files.exists(bad, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            bad = path.resolveSibling(NAME + "." + stamp + "-" + n + BAD_SUFFIX);
        }
        Files.move(path, bad);
        AtomicFiles.syncDirectory(path.toAbsolutePath().getParent());
        return bad;
    }

    /** The largest id in {@code text}, however much of the JSON around it is left. */
    static OptionalLong largestId(String text) {
        Matcher m = ID.matcher(text);
        long max = 0;
        while (m.find()) {
            max = Math.max(max, Long.parseLong(m.group(1)));
        }
        return max > 0 ? OptionalLong.of(max) : OptionalLong.empty();
    }

    /** The reason of an I/O failure as people read it: "Permission denied", "Is a directory", ... */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no details";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
