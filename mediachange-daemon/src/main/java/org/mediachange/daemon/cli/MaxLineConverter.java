package org.mediachange.daemon.cli;

import org.mediachange.common.cli.IntRangeConverter;

/**
 * picocli converter for {@code --max-line}: 1 to {@value #MAX_BYTES} bytes. A
 * request line is one short message; a limit far beyond that only lets a peer
 * make the daemon hold more memory per connection.
 */
public final class MaxLineConverter extends IntRangeConverter {

    /** Largest {@code --max-line} accepted. */
    public static final int MAX_BYTES = 65536;

    /** The converter picocli instantiates. */
    public MaxLineConverter() {
        super(1, MAX_BYTES, "a line length from 1 to " + MAX_BYTES + " bytes");
    }
}
