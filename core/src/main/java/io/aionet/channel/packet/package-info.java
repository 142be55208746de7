/**
 * Packet parsing for Van Jacobson's channels: Ethernet, IPv4/IPv6, TCP and UDP headers read in place
 * from a frame ({@link io.aionet.channel.packet.PacketParser} into a reusable
 * {@link io.aionet.channel.packet.ParsedPacket}), and the in-place frame handler every receive ring
 * hands its frames to ({@link io.aionet.channel.packet.PacketHandler}).
 */
package io.aionet.channel.packet;
