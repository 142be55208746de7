package io.aionet.channel.capture;

import io.aionet.Errno;
import io.aionet.LinuxException;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Opens packet rings for tests of every channel package, skipping with a message where AF_PACKET is refused. */
public final class CaptureSupport {
    private CaptureSupport() {}

    /** Builds the ring, or skips the calling test when the process lacks CAP_NET_RAW or the kernel lacks AF_PACKET. */
    public static PacketRing open(PacketRing.Builder b) throws LinuxException {
        try {
            return b.build();
        } catch (LinuxException e) {
            assumeTrue(e.errno() != Errno.EPERM && e.errno() != Errno.EACCES,
                    "AF_PACKET needs CAP_NET_RAW (run as root): " + e.getMessage());
            assumeTrue(e.errno() != Errno.EAFNOSUPPORT, "this kernel has no AF_PACKET: " + e.getMessage());
            throw e;
        }
    }
}
