package org.mediachange.common.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Base of the converters for whole-number options with a range, so that a value
 * out of range is refused where the value is read, with the value and the range
 * in the message: picocli then reports a command-line value as "Invalid value
 * for option '--port': ..." and {@link ConfigFileDefaults} a file's value as
 * "FILE: key 'port': invalid value '70000': ...", both before the command runs
 * (and before {@code --help} shows it as a default). A new option with a range
 * gets both messages by naming a subclass as its converter.
 */
public abstract class IntRangeConverter implements ITypeConverter<Integer> {

    private final int min;
    private final int max;
    private final String what;

    /**
     * @param what what a value must be, e.g. "a port number (0-65535)"
     */
    protected IntRangeConverter(int min, int max, String what) {
        this.min = min;
        this.max = max;
        this.what = what;
    }

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
        if (n < min || n > max) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
        return n;
    }

    /** Ports a client connects to: 1-65535. */
    public static final class Port extends IntRangeConverter {
        /** The converter picocli instantiates. */
        public Port() {
            super(1, 65535, "a port number (1-65535)");
        }
    }

    /** Ports a server listens on: 0-65535, where 0 lets the system pick a free one. */
    public static final class ListenPort extends IntRangeConverter {
        /** The converter picocli instantiates. */
        public ListenPort() {
            super(0, 65535, "a port number (0-65535, 0 for any free port)");
        }
    }

    /** Counts that may be 0. */
    public static final class NonNegative extends IntRangeConverter {
        /** The converter picocli instantiates. */
        public NonNegative() {
            super(0, Integer.MAX_VALUE, "a whole number of 0 or more");
        }
    }

    /** Counts that must be at least 1. */
    public static final class Positive extends IntRangeConverter {
        /** The converter picocli instantiates. */
        public Positive() {
            super(1, Integer.MAX_VALUE, "a whole number of at least 1");
        }
    }
}
