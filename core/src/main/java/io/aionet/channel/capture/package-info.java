/**
 * Van Jacobson's mmap'd receive ring in user space, on AF_PACKET: {@link io.aionet.channel.capture.PacketRing}
 * ({@code PACKET_RX_RING}, {@code TPACKET_V3}), the socket filter that narrows it
 * ({@link io.aionet.channel.capture.BpfProgram}), a pcap writer, and the dispatcher that runs captured
 * frames through the flow classifier ({@link io.aionet.channel.capture.PacketDispatcher}).
 */
package io.aionet.channel.capture;
