package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; };} (110 bytes). */
public final class SockaddrUn {
    private SockaddrUn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sun_family = LAYOUT.byteOffset(groupElement("sun_family"));
    public static final long OFFSETOF_sun_path = LAYOUT.byteOffset(groupElement("sun_path"));
    /** Room for the path, including its terminating NUL. */
    public static final int SUN_PATH_MAX = 108;
}
