package dev.eventbus.cli.replay;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a rate as {@code 50}, {@code 50/s} or {@code 600/m}; answers messages per second. */
public final class RateConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        double divisor = 1;
        if (v.endsWith("/s")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("/m")) {
            v = v.substring(0, v.length() - 2);
            divisor = 60;
        }
        try {
            double rate = Double.parseDouble(v) / divisor;
            if (rate <= 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a rate; write e.g. 50, 50/s or 600/m");
        }
    }
}
