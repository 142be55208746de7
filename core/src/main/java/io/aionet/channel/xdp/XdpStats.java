package io.aionet.channel.xdp;

/**
 * The kernel's counters of an AF_XDP socket ({@code struct xdp_statistics}).
 *
 * @param rxDropped             frames dropped for other reasons
 * @param rxInvalidDescs        fill-ring entries the kernel refused
 * @param txInvalidDescs        TX descriptors the kernel refused
 * @param rxRingFull            frames dropped because the RX ring was full (the program was too slow)
 * @param rxFillRingEmptyDescs  times the fill ring had no chunk to receive into
 * @param txRingEmptyDescs      times the kernel found the TX ring empty
 */
public record XdpStats(long rxDropped, long rxInvalidDescs, long txInvalidDescs, long rxRingFull,
                       long rxFillRingEmptyDescs, long txRingEmptyDescs) {
}
