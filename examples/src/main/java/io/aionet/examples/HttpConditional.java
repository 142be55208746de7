package io.aionet.examples;

/**
 * Conditional and partial GETs for {@link HttpFileServer}, answered as nginx answers them (RFC 9110
 * sections 13 and 14, with nginx's choices where the RFC leaves room, so the two servers can be
 * compared header for header):
 * <ul>
 * <li>the entity tag is {@code "<mtime seconds in hex>-<size in hex>"}, nginx's strong ETag;</li>
 * <li>{@code If-Modified-Since} matches only when it equals the file's {@code Last-Modified} second
 *     (nginx's default {@code if_modified_since exact}); {@code If-None-Match} matches {@code *} or any
 *     tag of its list, weakly compared; when both are sent, both must match for 304;</li>
 * <li>{@code Range: bytes=...} with one range gives 206 and {@code Content-Range}; an unsatisfiable or
 *     malformed byte range set gives 416 with {@code Content-Range: bytes *}{@code /size}; another unit,
 *     an empty file or a set of several ranges is answered with the whole file (200) — nginx answers
 *     several ranges with {@code multipart/byteranges}, which this server does not speak;</li>
 * <li>{@code If-Range} keeps the range only when it equals the ETag (strongly) or the
 *     {@code Last-Modified} date exactly.</li>
 * </ul>
 */
final class HttpConditional {
    private HttpConditional() {}

    /** {@link #range}: no range applies; answer with the whole file. */
    static final int WHOLE = 0;
    /** {@link #range}: one satisfiable range, in {@code out}. */
    static final int PARTIAL = 1;
    /** {@link #range}: 416. */
    static final int UNSATISFIABLE = 2;

    /** nginx's ETag of a file of {@code size} bytes last modified at {@code mtime} (epoch seconds). */
    static String etag(long mtime, long size) {
        return "\"" + Long.toHexString(mtime) + "-" + Long.toHexString(size) + "\"";
    }

    /** True when the request's validators say the client's copy is current: answer 304. */
    static boolean notModified(HttpRequestHead h, long mtime, String etag) {
        String ims = h.ifModifiedSince();
        String inm = h.ifNoneMatch();
        if (ims == null && inm == null) {
            return false;
        }
        if (ims != null && HttpDate.parse(ims) != mtime) {
            return false;
        }
        return inm == null || noneMatchHits(inm, etag);
    }

    private static boolean noneMatchHits(String list, String etag) {
        String opaque = etag;
        for (String t : list.split(",")) {
            t = t.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2); // weak comparison
            }
            if (t.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code If-Range} (if any) lets a range apply. */
    static boolean ifRangeHolds(String ifRange, long mtime, String etag) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag); // strong comparison: a weak tag never matches
        }
        return HttpDate.parse(v) == mtime;
    }

    /**
     * Reads a {@code Range} field for a file of {@code size} bytes, as nginx's range filter does:
     * {@link #PARTIAL} with the first and last byte in {@code out[0]}, {@code out[1]};
     * {@link #UNSATISFIABLE}; or {@link #WHOLE}.
     */
    static int range(String value, long size, long[] out) {
        if (value == null || size == 0 || value.length() < 7 || !value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return WHOLE;
        }
        int p = 6;
        int n = value.length();
        int ranges = 0;
        long total = 0;
        while (true) {
            long start = 0;
            long end;
            boolean suffix = false;
            p = spaces(value, p);
            if (p < n && value.charAt(p) != '-') {
                if (!digit(value, p)) {
                    return UNSATISFIABLE;
                }
                while (digit(value, p)) {
                    if (start > (Long.MAX_VALUE - 9) / 10) {
                        return UNSATISFIABLE;
                    }
                    start = start * 10 + (value.charAt(p++) - '0');
                }
                p = spaces(value, p);
                if (p >= n || value.charAt(p++) != '-') {
                    return UNSATISFIABLE;
                }
                p = spaces(value, p);
                if (p == n || value.charAt(p) == ',') {
                    end = size; // "a-": to the end
                    if (start < end) {
                        ranges++;
                        total += end - start;
                        out[0] = start;
                        out[1] = end - 1;
                    }
                    if (p == n) {
                        break;
                    }
                    p++;
                    continue;
                }
            } else if (p < n) {
                suffix = true;
                p++;
            }
            if (!digit(value, p)) {
                return UNSATISFIABLE;
            }
            end = 0;
            while (digit(value, p)) {
                if (end > (Long.MAX_VALUE - 9) / 10) {
                    return UNSATISFIABLE;
                }
                end = end * 10 + (value.charAt(p++) - '0');
            }
            p = spaces(value, p);
            if (p < n && value.charAt(p) != ',') {
                return UNSATISFIABLE;
            }
            if (suffix) {
                start = end < size ? size - end : 0;
                end = size - 1;
            }
            end = end >= size ? size : end + 1; // exclusive
            if (start < end) {
                ranges++;
                total += end - start;
                out[0] = start;
                out[1] = end - 1;
            }
            if (p == n) {
                break;
            }
            p++; // the comma
        }
        if (ranges == 0) {
            return UNSATISFIABLE;
        }
        if (ranges > 1 || total > size) {
            return WHOLE;
        }
        return PARTIAL;
    }

    private static int spaces(String s, int p) {
        while (p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }

    private static boolean digit(String s, int p) {
        return p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9';
    }
}
