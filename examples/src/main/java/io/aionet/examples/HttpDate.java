package io.aionet.examples;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The HTTP {@code Date} header value (IMF-fixdate, RFC 9110 section 5.6.7), formatted once per second per thread. */
final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final ThreadLocal<HttpDate> CACHE = ThreadLocal.withInitial(HttpDate::new);

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
}
