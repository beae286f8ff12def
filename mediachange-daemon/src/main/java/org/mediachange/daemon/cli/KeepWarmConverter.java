package org.mediachange.daemon.cli;

import org.mediachange.daemon.dialog.KeepWarm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for {@code --dialog-keep-warm}: a duration ({@code 1m}, {@code 0}) or {@code always}. */
public final class KeepWarmConverter implements ITypeConverter<KeepWarm> {

    @Override
    public KeepWarm convert(String value) {
        try {
            return KeepWarm.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage() + " (a duration such as 1m, or '" + KeepWarm.ALWAYS_WORD
                    + "')");
        }
    }
}
