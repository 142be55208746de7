package io.aionet.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 section 5.6.7): the {@code Date} header value, formatted once per second per
 * thread; {@code Last-Modified} values; and parsing of the three forms a recipient must accept
 * (IMF-fixdate, the obsolete RFC 850 form and asctime), for {@code If-Modified-Since} and {@code If-Range}.
 */
final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final ThreadLocal<HttpDate> CACHE = ThreadLocal.withInitial(HttpDate::new);
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private long second = Long.MIN_VALUE;
    private String text;

    private HttpDate() {}

    /** Now, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String now() {
        HttpDate d = CACHE.get();
        long s = System.currentTimeMillis() / 1000;
        if (s != d.second) {
            d.second = s;
            d.text = IMF_FIXDATE.format(Instant.ofEpochSecond(s));
        }
        return d.text;
    }

    /** {@code epochSecond} as an IMF-fixdate. */
    static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /**
     * Seconds since the epoch of an HTTP date in any of its three forms — {@code Sun, 06 Nov 1994 08:49:37 GMT},
     * {@code Sunday, 06-Nov-94 08:49:37 GMT}, {@code Sun Nov  6 08:49:37 1994} — or -1 when {@code s} is none of them.
     * The weekday is not checked (as nginx does not).
     */
    static long parse(String s) {
        if (s == null) {
            return -1;
        }
        s = s.trim();
        int comma = s.indexOf(',');
        int day;
        int month;
        int year;
        int timeAt;
        if (comma > 0) {
            String rest = s.substring(comma + 1).trim();
            if (rest.length() == 24 && rest.charAt(2) == ' ' && rest.charAt(6) == ' ' && rest.endsWith(" GMT")) {
                day = num(rest, 0, 2);              // 06 Nov 1994 08:49:37 GMT
                month = month(rest, 3);
                year = num(rest, 7, 11);
                timeAt = 12;
                return epoch(year, month, day, rest, timeAt);
            }
            if (rest.length() == 22 && rest.charAt(2) == '-' && rest.charAt(6) == '-' && rest.endsWith(" GMT")) {
                day = num(rest, 0, 2);              // 06-Nov-94 08:49:37 GMT
                month = month(rest, 3);
                year = num(rest, 7, 9);
                if (year >= 0) {
                    year += year < 70 ? 2000 : 1900;
                }
                return epoch(year, month, day, rest, 10);
            }
            return -1;
        }
        // asctime: Sun Nov  6 08:49:37 1994
        if (s.length() != 24 || s.charAt(3) != ' ' || s.charAt(7) != ' ' || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return -1;
        }
        month = month(s, 4);
        day = s.charAt(8) == ' ' ? num(s, 9, 10) : num(s, 8, 10);
        year = num(s, 20, 24);
        return epoch(year, month, day, s, 11);
    }

    private static long epoch(int year, int month, int day, String s, int t) {
        if (year < 1970 || month < 0 || day < 1 || day > 31 || t + 8 > s.length()
                || s.charAt(t + 2) != ':' || s.charAt(t + 5) != ':') {
            return -1;
        }
        int h = num(s, t, t + 2);
        int m = num(s, t + 3, t + 5);
        int sec = num(s, t + 6, t + 8);
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) {
            return -1;
        }
        try {
            return java.time.LocalDate.of(year, month + 1, day).toEpochDay() * 86_400L + h * 3600L + m * 60L + sec;
        } catch (java.time.DateTimeException e) {
            return -1; // 31 Feb and the like
        }
    }

    private static int month(String s, int at) {
        if (at + 3 > s.length()) {
            return -1;
        }
        int i = MONTHS.indexOf(s.substring(at, at + 3));
        return i < 0 || i % 3 != 0 ? -1 : i / 3;
    }

    private static int num(String s, int from, int to) {
        if (to > s.length()) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
