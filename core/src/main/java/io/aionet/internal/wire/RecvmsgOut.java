package io.aionet.internal.wire;

/**
 * The header the kernel writes in front of each datagram of a multishot {@code recvmsg} into a
 * provided buffer: {@code struct io_uring_recvmsg_out { u32 namelen; u32 controllen; u32 payloadlen;
 * u32 flags; }}, then {@code namelen} bytes of the sender's address in the room the request reserved,
 * then the payload. The lengths are clamped to what the buffer really holds, so a header that claims
 * more (a truncated datagram says its full length; a fuzzer says anything) never makes a length
 * larger than the bytes behind it, nor a negative one. Fuzzed by {@code KernelDecodersFuzzTest}.
 */
public final class RecvmsgOut {
    /** {@code sizeof(struct io_uring_recvmsg_out)}. */
    public static final int HEADER = 16;

    private RecvmsgOut() {}

    /**
     * The payload bytes really in a buffer of {@code bufferLength} bytes whose payload starts at
     * {@code payloadOffset}, for a header saying {@code payloadlen} (unsigned); -1 when the buffer is
     * too short to hold the header and the name room at all.
     */
    public static int payloadLength(int payloadlen, int bufferLength, int payloadOffset) {
        if (bufferLength < payloadOffset || payloadOffset < HEADER) {
            return -1;
        }
        return (int) Math.min(Integer.toUnsignedLong(payloadlen), bufferLength - payloadOffset);
    }

    /** The address bytes to read: {@code namelen} (unsigned) clamped to the {@code room} reserved. */
    public static int nameLength(int namelen, int room) {
        return (int) Math.min(Integer.toUnsignedLong(namelen), Math.max(0, room));
    }
}
