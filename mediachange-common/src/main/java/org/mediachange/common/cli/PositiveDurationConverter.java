package org.mediachange.common.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for duration options where 0 makes no sense (a time limit
 * within which something must happen); refuses 0 where the value is read, as
 * {@link IntRangeConverter} does for numbers.
 */
public final class PositiveDurationConverter implements ITypeConverter<Duration> {

    private final DurationConverter durations = new DurationConverter();

    @Override
    public Duration convert(String value) {
        Duration d = durations.convert(value);
        if (d.isZero()) {
            throw new TypeConversionException("'" + value + "' is not a duration of more than 0");
        }
        return d;
    }
}
