package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_in} (16 bytes); port and address are in network byte order:
 * <pre>
 * struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr; unsigned char sin_zero[8]; };
 * </pre>
 */
public final class SockaddrIn {
    private SockaddrIn() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"), JAVA_SHORT.withName("sin_port"), JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sin_family = LAYOUT.byteOffset(groupElement("sin_family"));
    public static final long OFFSETOF_sin_port = LAYOUT.byteOffset(groupElement("sin_port"));
    public static final long OFFSETOF_sin_addr = LAYOUT.byteOffset(groupElement("sin_addr"));
}
