package io.aionet.backend.uring;

import io.aionet.linux.Fds;
import io.aionet.linux.FileFds;

/**
 * The pipes io_uring's file sends go through (there is no sendfile opcode: file → pipe → socket, two
 * linked {@code IORING_OP_SPLICE}s). One pipe per file send in flight, reused afterwards; each entry
 * also holds where its send stands. A pipe that still holds bytes after its send ended (the socket
 * failed) is closed rather than reused, so no stale byte precedes another send's.
 *
 * <p>The pipe → socket splice names the socket by a descriptor of the send's own, a duplicate
 * ({@code F_DUPFD_CLOEXEC}) closed when the send ends: io_uring starts that splice in an io-wq worker
 * only after the file → pipe one, and only then looks its descriptor up by number. The program may
 * have closed the socket by then (the close cancels the splices, but a running one cannot be stopped
 * and the one linked behind it runs when it ends), and the number may name a socket accepted since —
 * which would get the file's bytes (the soak found other connections' clients reading them). The
 * duplicate keeps naming the send's own socket until the send has ended.
 */
final class FilePipes {
    /**
     * The pipe sizes tried, largest first: one splice pair moves at most a pipe's worth. Past the
     * user's pipe quota ({@code /proc/sys/fs/pipe-user-pages-soft}) the kernel refuses to grow a pipe
     * ({@code EPERM}) and the next smaller size is tried.
     */
    static final int[] PIPE_SIZES = {1 << 20, 256 * 1024, 64 * 1024};
    /** Free pipes kept for reuse; more are closed. */
    private static final int KEEP = 16;
    static final int UNKNOWN = Integer.MIN_VALUE;

    int[] readFd = new int[4];
    int[] writeFd = new int[4];
    int[] size = new int[4];
    // the send each pipe serves
    long[] userData = new long[4];
    /** The socket's descriptor as the program knows it (for cancelling by descriptor). */
    int[] socketFd = new int[4];
    /** The send's own duplicate of it, which the splices name; -1 when none is open. */
    int[] sockFd = new int[4];
    int[] asked = new int[4];
    int[] filled = new int[4];
    int[] drained = new int[4];
    boolean[] cancelled = new boolean[4];
    boolean[] busy = new boolean[4];
    private int count;
    private int[] free = new int[4];
    private int freeTop;
    private final int[] pair = new int[2];

    /**
     * A pipe for a new send, or {@code -errno} when none can be made. Allocation happens only when the
     * pool grows.
     */
    int acquire() {
        int p;
        if (freeTop > 0) {
            p = free[--freeTop];
        } else {
            p = -1;
            for (int i = 0; i < count; i++) {
                if (!busy[i] && readFd[i] < 0) {
                    p = i; // a slot whose pipe was closed
                    break;
                }
            }
            if (p < 0) {
                if (count == readFd.length) {
                    grow();
                }
                p = count++;
                readFd[p] = -1;
            }
            int r = Fds.pipe2(pair, Fds.O_CLOEXEC);
            if (r < 0) {
                return r;
            }
            sockFd[p] = -1;
            readFd[p] = pair[0];
            writeFd[p] = pair[1];
            int got = -1;
            for (int k = 0; k < PIPE_SIZES.length && got <= 0; k++) {
                got = Fds.fcntl(writeFd[p], FileFds.F_SETPIPE_SZ, PIPE_SIZES[k]);
            }
            size[p] = got > 0 ? got : Math.max(4096, Fds.fcntl(writeFd[p], FileFds.F_GETPIPE_SZ, 0));
        }
        busy[p] = true;
        cancelled[p] = false;
        filled[p] = UNKNOWN;
        drained[p] = 0;
        return p;
    }

    /** The send on pipe {@code p} ended; {@code dirty}: bytes are left in it. */
    void release(int p, boolean dirty) {
        busy[p] = false;
        closeSocketDuplicate(p);
        if (dirty || freeTop >= KEEP) {
            closePipe(p);
            return;
        }
        if (freeTop == free.length) {
            free = java.util.Arrays.copyOf(free, free.length * 2);
        }
        free[freeTop++] = p;
    }

    int count() {
        return count;
    }

    /**
     * Gives pipe {@code p}'s send its own descriptor of {@code socket}: 0, or -errno when none can be
     * made (the pipe is released then).
     */
    int bindSocket(int p, int socket) {
        int own = Fds.fcntl(socket, Fds.F_DUPFD_CLOEXEC, 0);
        if (own < 0) {
            release(p, false);
            return own;
        }
        socketFd[p] = socket;
        sockFd[p] = own;
        return 0;
    }

    private void closeSocketDuplicate(int p) {
        if (sockFd[p] >= 0) {
            Fds.close(sockFd[p]);
            sockFd[p] = -1;
        }
    }

    private void closePipe(int p) {
        if (readFd[p] >= 0) {
            Fds.close(readFd[p]);
            Fds.close(writeFd[p]);
            readFd[p] = -1;
            writeFd[p] = -1;
        }
    }

    /** Closes every pipe (the ring is closed: no splice is in the kernel any more). */
    void closeAll() {
        for (int i = 0; i < count; i++) {
            closePipe(i);
            closeSocketDuplicate(i);
            busy[i] = false;
        }
        freeTop = 0;
    }

    private void grow() {
        int n = readFd.length * 2;
        readFd = java.util.Arrays.copyOf(readFd, n);
        writeFd = java.util.Arrays.copyOf(writeFd, n);
        size = java.util.Arrays.copyOf(size, n);
        userData = java.util.Arrays.copyOf(userData, n);
        sockFd = java.util.Arrays.copyOf(sockFd, n);
        socketFd = java.util.Arrays.copyOf(socketFd, n);
        asked = java.util.Arrays.copyOf(asked, n);
        filled = java.util.Arrays.copyOf(filled, n);
        drained = java.util.Arrays.copyOf(drained, n);
        cancelled = java.util.Arrays.copyOf(cancelled, n);
        busy = java.util.Arrays.copyOf(busy, n);
    }
}
