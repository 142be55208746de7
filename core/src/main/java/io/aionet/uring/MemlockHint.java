package io.aionet.uring;

import io.aionet.linux.Mem;

/**
 * What to tell a user whose ring setup failed with {@code ENOMEM}: on kernels that charge ring memory
 * to {@code RLIMIT_MEMLOCK} (users without {@code CAP_IPC_LOCK}), a small limit — 64 KiB is common in
 * containers and for unprivileged users — is the usual cause, and the fix is a larger limit or fewer
 * entries. Found by running the tests as an unprivileged user under a 64 KiB limit.
 */
final class MemlockHint {
    private MemlockHint() {}

    static String forRing(int entries, int cqEntries) {
        long[] lim = new long[2];
        String limit = Mem.getrlimit(Mem.RLIMIT_MEMLOCK, lim) == 0
                ? (lim[0] == Mem.RLIM_INFINITY ? "unlimited" : (lim[0] / 1024) + " KiB") : "unknown";
        int cq = cqEntries > 0 ? cqEntries : 2 * entries;
        long approx = (long) cq * 16 + (long) entries * (64 + 4) + 4096;
        return "rings of " + entries + " submission and " + cq + " completion entries need about "
                + (approx + 1023) / 1024 + " KiB of locked memory; RLIMIT_MEMLOCK is " + limit
                + ": raise it (ulimit -l, LimitMEMLOCK=, docker --ulimit memlock=) or ask for fewer entries"
                + " (EventChannelOptions.submissionEntries / completionEntries)";
    }
}
