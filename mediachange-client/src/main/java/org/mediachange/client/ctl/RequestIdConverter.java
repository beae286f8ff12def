package org.mediachange.client.ctl;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for the ID of {@code ok ID} and {@code cancel ID}: a
 * request's number, 1 or more, as {@code list} and {@code watch} show it. A
 * wrong one is refused with what to type instead ("abc is not a request id"),
 * not with picocli's "'abc' is not a long".
 */
final class RequestIdConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        long id;
        try {
            id = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            id = 0;
        }
        if (id < 1) {
            throw new TypeConversionException((value.isBlank() ? "'" + value + "'" : value) + " is not a request id:"
                    + " give the number that mediachangectl list shows in its first column, e.g. 12");
        }
        return id;
    }
}
