package io.aionet.bench.harness;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting shared by the reports: locale-independent, with sensible significant digits. */
public final class Format {
    private Format() {}

    /**
     * A figure for people: up to 4 significant digits below 1000, whole numbers above,
     * no exponent for everyday magnitudes ({@code 41.73}, {@code 1.083}, {@code 228}, {@code 12346}).
     */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1000 && a < 1e15) {
            return Long.toString(Math.round(v));
        }
        if (a >= 1e-3) {
            return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
