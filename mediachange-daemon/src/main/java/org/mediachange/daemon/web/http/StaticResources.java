package org.mediachange.daemon.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The files of the console's pages, shipped in the jar: read once at start by
 * the handlers that serve them (the console's page, the answer link's page).
 * No build step, nothing fetched from elsewhere.
 */
public final class StaticResources {

    private static final String ROOT = "/org/mediachange/daemon/web/static/";

    private StaticResources() {
    }

    /** The file {@code name} from the jar's static files. */
    public static byte[] read(String name) {
        try (InputStream in = StaticResources.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + ROOT + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
