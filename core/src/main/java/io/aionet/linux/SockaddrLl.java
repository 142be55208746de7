package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sockaddr_ll} (20 bytes), the link-level address of an AF_PACKET socket; used to bind a
 * packet socket to an interface and found after each {@code tpacket3_hdr} in a receive ring.
 * {@code sll_protocol} is in network byte order.
 * <pre>
 * struct sockaddr_ll {
 *     unsigned short sll_family; __be16 sll_protocol; int sll_ifindex; unsigned short sll_hatype;
 *     unsigned char sll_pkttype; unsigned char sll_halen; unsigned char sll_addr[8];
 * };
 * </pre>
 */
public final class SockaddrLl {
    private SockaddrLl() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sll_family"), JAVA_SHORT.withName("sll_protocol"), JAVA_INT.withName("sll_ifindex"),
            JAVA_SHORT.withName("sll_hatype"), JAVA_BYTE.withName("sll_pkttype"), JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sll_addr"));
    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_sll_family = LAYOUT.byteOffset(groupElement("sll_family"));
    public static final long OFFSETOF_sll_protocol = LAYOUT.byteOffset(groupElement("sll_protocol"));
    public static final long OFFSETOF_sll_ifindex = LAYOUT.byteOffset(groupElement("sll_ifindex"));
    public static final long OFFSETOF_sll_hatype = LAYOUT.byteOffset(groupElement("sll_hatype"));
    public static final long OFFSETOF_sll_pkttype = LAYOUT.byteOffset(groupElement("sll_pkttype"));
    public static final long OFFSETOF_sll_halen = LAYOUT.byteOffset(groupElement("sll_halen"));
    public static final long OFFSETOF_sll_addr = LAYOUT.byteOffset(groupElement("sll_addr"));
}
