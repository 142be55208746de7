/**
 * aionet's JFR events ({@code jdk.jfr.Event} subclasses, every one disabled until a recording enables
 * it): the JDK's own socket events ({@code jdk.SocketRead}, {@code jdk.SocketWrite}) cannot see I/O that
 * io_uring does, so the library reports its own. Not exported: programs read the events from a
 * recording by name ({@code io.aionet.ChannelStatistics}, {@code io.aionet.ReceivePoolStatistics},
 * {@code io.aionet.SlowOperation}); {@code docs/observability.md} describes them.
 */
package io.aionet.internal.jfr;
