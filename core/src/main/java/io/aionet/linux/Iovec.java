package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct iovec { void *iov_base; size_t iov_len; };} (16 bytes). */
public final class Iovec {
    private Iovec() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_iov_base = LAYOUT.byteOffset(groupElement("iov_base"));
    public static final long OFFSETOF_iov_len = LAYOUT.byteOffset(groupElement("iov_len"));
}
