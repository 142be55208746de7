package io.aionet.channel.tcp;

/**
 * Bounds of a {@link TcpReceiveEngine} (Van Jacobson's user-space TCP receive engine): captured
 * traffic is hostile input, so memory is bounded whatever arrives.
 *
 * @param maxFlows           flows tracked at once; a new flow beyond it evicts the oldest flow
 * @param perFlowBufferBytes out-of-order bytes buffered per direction of a flow; beyond it the engine
 *                           gives up on the oldest hole (reports a gap) and moves on
 * @param totalBufferBytes   out-of-order bytes buffered over all flows; the same policy
 * @param maxWindow          how far (bytes) ahead of or behind the next expected sequence number a
 *                           segment may lie; farther ones are dropped as out of window (≤ 2^30)
 */
public record TcpEngineLimits(int maxFlows, long perFlowBufferBytes, long totalBufferBytes, int maxWindow) {
    /** 65536 flows, 4 MiB per direction, 256 MiB in all, a 1 GiB window (the largest TCP window scale allows). */
    public static final TcpEngineLimits DEFAULT = new TcpEngineLimits(65536, 4L << 20, 256L << 20, 1 << 30);

    /** Checks the bounds. */
    public TcpEngineLimits {
        if (maxFlows < 1 || maxFlows > (1 << 25)) {
            throw new IllegalArgumentException("maxFlows must be 1..2^25: " + maxFlows);
        }
        if (perFlowBufferBytes < 0 || totalBufferBytes < 0) {
            throw new IllegalArgumentException("buffer limits must be >= 0");
        }
        if (maxWindow < 1 || maxWindow > (1 << 30)) {
            throw new IllegalArgumentException("maxWindow must be 1..2^30: " + maxWindow);
        }
    }
}
