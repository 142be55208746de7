package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct __kernel_timespec { __kernel_time64_t tv_sec; long long tv_nsec; };} (16 bytes). */
public final class KernelTimespec {
    private KernelTimespec() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_tv_sec = LAYOUT.byteOffset(groupElement("tv_sec"));
    public static final long OFFSETOF_tv_nsec = LAYOUT.byteOffset(groupElement("tv_nsec"));
}
