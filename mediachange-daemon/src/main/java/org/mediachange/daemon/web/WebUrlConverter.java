package org.mediachange.daemon.web;

import java.net.URI;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converter for {@code --web-url URL}. */
public final class WebUrlConverter implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        try {
            return WebUrl.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
