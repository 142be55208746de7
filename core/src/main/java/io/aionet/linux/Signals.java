package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_INT;
import static io.aionet.linux.Native.C_LONG;
import static io.aionet.linux.Native.C_POINTER;

/**
 * Signal calls: {@code pthread_sigmask}, {@code signalfd}, {@code kill}, {@code tgkill}, {@code getpid},
 * {@code gettid}. Results: value or {@code -errno}.
 *
 * <p>A signal set is glibc's {@code sigset_t}: {@value #SIZEOF_SIGSET} bytes, of which the kernel reads
 * the first 8 ({@code _NSIG / 8}); signal {@code n} is bit {@code n - 1} of the first 64-bit word.
 *
 * <pre>
 * struct signalfd_siginfo {      // 128 bytes, one per signal read from a signalfd
 *     uint32_t ssi_signo;        // offset 0
 *     int32_t  ssi_errno;        // 4
 *     int32_t  ssi_code;         // 8
 *     uint32_t ssi_pid;          // 12
 *     uint32_t ssi_uid;          // 16
 *     ...                        // up to 128
 * };
 * </pre>
 */
public final class Signals {
    private Signals() {}

    /** {@code sizeof(sigset_t)} in glibc. */
    public static final long SIZEOF_SIGSET = 128;
    /** {@code sizeof(struct signalfd_siginfo)}. */
    public static final long SIZEOF_SIGNALFD_SIGINFO = 128;
    public static final long OFFSETOF_ssi_signo = 0;
    public static final long OFFSETOF_ssi_code = 8;
    public static final long OFFSETOF_ssi_pid = 12;

    // ---- how for pthread_sigmask ----
    public static final int SIG_BLOCK = 0;
    public static final int SIG_UNBLOCK = 1;
    public static final int SIG_SETMASK = 2;

    // ---- signalfd flags ----
    public static final int SFD_NONBLOCK = Fds.O_NONBLOCK;
    public static final int SFD_CLOEXEC = Fds.O_CLOEXEC;

    // ---- signal numbers (x86_64 and arm64) ----
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGILL = 4;
    public static final int SIGTRAP = 5;
    public static final int SIGABRT = 6;
    public static final int SIGBUS = 7;
    public static final int SIGFPE = 8;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGSTKFLT = 16;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGURG = 23;
    public static final int SIGXCPU = 24;
    public static final int SIGXFSZ = 25;
    public static final int SIGVTALRM = 26;
    public static final int SIGPROF = 27;
    public static final int SIGWINCH = 28;
    public static final int SIGIO = 29;
    public static final int SIGPWR = 30;
    public static final int SIGSYS = 31;
    /** The kernel's first real-time signal; glibc keeps 32 and 33 for itself (thread cancellation, setxid). */
    public static final int SIGRTMIN_KERNEL = 32;
    /** The first real-time signal a program may use under glibc ({@code SIGRTMIN}). */
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private static final MethodHandle PTHREAD_SIGMASK = Native.plainDowncall("pthread_sigmask",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER));
    private static final MethodHandle SIGNALFD = Native.downcall("signalfd",
            FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT), false);
    private static final MethodHandle KILL = Native.downcall("kill",
            FunctionDescriptor.of(C_INT, C_INT, C_INT), false);
    private static final MethodHandle TGKILL = Native.downcall("tgkill",
            FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT), false);
    private static final MethodHandle GETPID = Native.plainDowncall("getpid", FunctionDescriptor.of(C_INT));
    private static final MethodHandle GETTID = Native.plainDowncall("gettid", FunctionDescriptor.of(C_INT));

    /** Sets the bit of {@code signo} in the {@code sigset_t} at {@code set}. */
    public static void sigaddset(MemorySegment set, int signo) {
        long word = set.get(C_LONG, 0);
        set.set(C_LONG, 0, word | (1L << (signo - 1)));
    }

    /** True when the bit of {@code signo} is set in the {@code sigset_t} at {@code set}. */
    public static boolean sigismember(MemorySegment set, int signo) {
        return (set.get(C_LONG, 0) & (1L << (signo - 1))) != 0;
    }

    /**
     * {@code pthread_sigmask(how, set, old)} — changes the calling thread's mask only. {@code set} or
     * {@code old} may be {@link MemorySegment#NULL}. 0 or {@code -error} (it returns the error, not errno).
     */
    public static int pthread_sigmask(int how, MemorySegment set, MemorySegment old) {
        try {
            return -(int) PTHREAD_SIGMASK.invokeExact(how, set, old);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code signalfd(fd, mask, flags)}: a descriptor (new when {@code fd} is -1) or -errno. */
    public static int signalfd(int fd, MemorySegment mask, int flags) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) SIGNALFD.invokeExact(c, fd, mask, flags), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code kill(pid, sig)}: a process-directed signal; 0 or -errno. */
    public static int kill(int pid, int sig) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) KILL.invokeExact(c, pid, sig), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code tgkill(tgid, tid, sig)}: a signal directed at one thread; 0 or -errno. */
    public static int tgkill(int tgid, int tid, int sig) {
        MemorySegment c = Native.errnoSegment();
        try {
            return Native.result((int) TGKILL.invokeExact(c, tgid, tid, sig), c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code getpid()}. */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** {@code gettid()}: the calling OS thread's id (the carrier's, for a virtual thread). */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
