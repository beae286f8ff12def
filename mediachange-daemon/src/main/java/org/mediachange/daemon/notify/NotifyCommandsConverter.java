package org.mediachange.daemon.notify;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for {@code --notify}: a bad value stops the daemon at start with one line. */
public final class NotifyCommandsConverter implements ITypeConverter<NotifyCommands> {

    @Override
    public NotifyCommands convert(String value) {
        try {
            return NotifyCommands.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
