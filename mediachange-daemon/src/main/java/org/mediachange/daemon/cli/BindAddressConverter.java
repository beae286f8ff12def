package org.mediachange.daemon.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converter for {@code --bind}: an address, or a host name resolved
 * once, here, so that a name that does not resolve is reported where it was
 * given (the command line, or the file and key), not when binding.
 */
public final class BindAddressConverter implements ITypeConverter<InetAddress> {

    @Override
    public InetAddress convert(String value) {
        if (value.isBlank()) {
            throw new TypeConversionException("'" + value + "' is not an address");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("'" + value + "' is not an address or a known host name");
        }
    }
}
