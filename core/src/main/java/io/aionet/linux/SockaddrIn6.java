package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_in6} (28 bytes); port and flow info are in network byte order:
 * <pre>
 * struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port; uint32_t sin6_flowinfo;
 *                       struct in6_addr sin6_addr; uint32_t sin6_scope_id; };
 * </pre>
 */
public final class SockaddrIn6 {
    private SockaddrIn6() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"), JAVA_SHORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"), JAVA_INT.withName("sin6_scope_id"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sin6_family = LAYOUT.byteOffset(groupElement("sin6_family"));
    public static final long OFFSETOF_sin6_port = LAYOUT.byteOffset(groupElement("sin6_port"));
    public static final long OFFSETOF_sin6_flowinfo = LAYOUT.byteOffset(groupElement("sin6_flowinfo"));
    public static final long OFFSETOF_sin6_addr = LAYOUT.byteOffset(groupElement("sin6_addr"));
    public static final long OFFSETOF_sin6_scope_id = LAYOUT.byteOffset(groupElement("sin6_scope_id"));
}
