package org.mediachange.daemon.web.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads request bodies as JSON by RFC 8259 and nothing looser: Gson's lenient
 * defaults would take unquoted names, single quotes, comments, {@code ;} and
 * {@code =>} separators and trailing data, and let the last of two equal keys
 * win silently. Here the whole text is first read token by token in
 * {@link Strictness#STRICT} mode, refusing a key twice in one object, data
 * after the value and nesting deeper than {@value #MAX_DEPTH}; only then does
 * Gson, strict too, turn it into the record.
 */
public final class StrictJson {

    /** Deepest nesting of objects and arrays accepted (the API's bodies are flat). */
    static final int MAX_DEPTH = 16;
    private static final Gson GSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private StrictJson() {
    }

    /**
     * The UTF-8 {@code body} as a {@code type}; malformed UTF-8 is refused too, not replaced.
     *
     * @throws JsonParseException when it is not one strict JSON value of that shape (never null)
     */
    public static <T> T parse(byte[] body, Class<T> type) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonSyntaxException("not UTF-8", e);
        }
        return parse(text, type);
    }

    /**
     * {@code text} as a {@code type}.
     *
     * @throws JsonParseException when it is not one strict JSON value of that shape (never null)
     */
    public static <T> T parse(String text, Class<T> type) {
        check(text);
        T value = GSON.fromJson(text, type);
        if (value == null) {
            throw new JsonSyntaxException("no value");
        }
        return value;
    }

    /** Reads {@code text} through: one value, strict, no key twice in an object, nothing after it. */
    static void check(String text) {
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            in.setStrictness(Strictness.STRICT);
            Deque<Set<String>> objects = new ArrayDeque<>();
            int depth = 0;
            do {
                JsonToken token = in.peek();
                switch (token) {
                    case BEGIN_OBJECT -> {
                        depth = deeper(depth);
                        in.beginObject();
                        objects.push(new HashSet<>());
                    }
                    case END_OBJECT -> {
                        in.endObject();
                        objects.pop();
                        depth--;
                    }
                    case BEGIN_ARRAY -> {
                        depth = deeper(depth);
                        in.beginArray();
                        objects.push(Set.of()); // no keys in an array; keeps the stack in step
                    }
                    case END_ARRAY -> {
                        in.endArray();
                        objects.pop();
                        depth--;
                    }
                    case NAME -> {
                        String name = in.nextName();
                        if (!objects.peek().add(name)) {
                            throw new JsonSyntaxException("the key \"" + name + "\" appears twice");
                        }
                    }
                    case END_DOCUMENT -> throw new JsonSyntaxException("no value");
                    default -> in.skipValue();
                }
            } while (depth > 0);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("data after the value");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonSyntaxException(e.getMessage(), e);
        }
    }

    private static int deeper(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new JsonSyntaxException("nested deeper than " + MAX_DEPTH);
        }
        return depth + 1;
    }
}
