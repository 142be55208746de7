package io.aionet;

/**
 * Linux errno numbers (x86_64 and arm64 share them) with their symbolic names and messages.
 *
 * <p>The constants the project tests for by value are named here; {@link #name(int)} and
 * {@link #message(int)} cover every errno up to {@code EHWPOISON}.
 */
public final class Errno {
    private Errno() {}

    /** {@code EPERM} (1): Operation not permitted. */
    public static final int EPERM = 1;
    /** {@code ENOENT} (2): No such file or directory. */
    public static final int ENOENT = 2;
    /** {@code ESRCH} (3): No such process. */
    public static final int ESRCH = 3;
    /** {@code EINTR} (4): Interrupted system call. */
    public static final int EINTR = 4;
    /** {@code EIO} (5): Input/output error. */
    public static final int EIO = 5;
    /** {@code ENXIO} (6): No such device or address. */
    public static final int ENXIO = 6;
    /** {@code E2BIG} (7): Argument list too long. */
    public static final int E2BIG = 7;
    /** {@code EBADF} (9): Bad file descriptor. */
    public static final int EBADF = 9;
    /** {@code EAGAIN} (11): Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** {@code ENOMEM} (12): Cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** {@code EACCES} (13): Permission denied. */
    public static final int EACCES = 13;
    /** {@code EFAULT} (14): Bad address. */
    public static final int EFAULT = 14;
    /** {@code EBUSY} (16): Device or resource busy. */
    public static final int EBUSY = 16;
    /** {@code EEXIST} (17): File exists. */
    public static final int EEXIST = 17;
    /** {@code ENODEV} (19): No such device. */
    public static final int ENODEV = 19;
    /** {@code ENOTDIR} (20): Not a directory. */
    public static final int ENOTDIR = 20;
    /** {@code EINVAL} (22): Invalid argument. */
    public static final int EINVAL = 22;
    /** {@code ENFILE} (23): Too many open files in system. */
    public static final int ENFILE = 23;
    /** {@code EMFILE} (24): Too many open files. */
    public static final int EMFILE = 24;
    /** {@code ENOSPC} (28): No space left on device. */
    public static final int ENOSPC = 28;
    /** {@code ESPIPE} (29): Illegal seek. */
    public static final int ESPIPE = 29;
    /** {@code EPIPE} (32): Broken pipe. */
    public static final int EPIPE = 32;
    /** {@code ERANGE} (34): Numerical result out of range. */
    public static final int ERANGE = 34;
    /** {@code ENOSYS} (38): Function not implemented. */
    public static final int ENOSYS = 38;
    /** {@code ENODATA} (61): No data available. */
    public static final int ENODATA = 61;
    /** {@code ETIME} (62): Timer expired. */
    public static final int ETIME = 62;
    /** {@code EOVERFLOW} (75): Value too large for defined data type. */
    public static final int EOVERFLOW = 75;
    /** {@code EBADFD} (77): File descriptor in bad state. */
    public static final int EBADFD = 77;
    /** {@code ENOTSOCK} (88): Socket operation on non-socket. */
    public static final int ENOTSOCK = 88;
    /** {@code EDESTADDRREQ} (89): Destination address required. */
    public static final int EDESTADDRREQ = 89;
    /** {@code EMSGSIZE} (90): Message too long. */
    public static final int EMSGSIZE = 90;
    /** {@code ENOPROTOOPT} (92): Protocol not available. */
    public static final int ENOPROTOOPT = 92;
    /** {@code EOPNOTSUPP} (95): Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** {@code EAFNOSUPPORT} (97): Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = 97;
    /** {@code EADDRINUSE} (98): Address already in use. */
    public static final int EADDRINUSE = 98;
    /** {@code EADDRNOTAVAIL} (99): Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = 99;
    /** {@code ENETDOWN} (100): Network is down. */
    public static final int ENETDOWN = 100;
    /** {@code ENETUNREACH} (101): Network is unreachable. */
    public static final int ENETUNREACH = 101;
    /** {@code ECONNABORTED} (103): Software caused connection abort. */
    public static final int ECONNABORTED = 103;
    /** {@code ECONNRESET} (104): Connection reset by peer. */
    public static final int ECONNRESET = 104;
    /** {@code ENOBUFS} (105): No buffer space available. */
    public static final int ENOBUFS = 105;
    /** {@code EISCONN} (106): Transport endpoint is already connected. */
    public static final int EISCONN = 106;
    /** {@code ENOTCONN} (107): Transport endpoint is not connected. */
    public static final int ENOTCONN = 107;
    /** {@code ETIMEDOUT} (110): Connection timed out. */
    public static final int ETIMEDOUT = 110;
    /** {@code ECONNREFUSED} (111): Connection refused. */
    public static final int ECONNREFUSED = 111;
    /** {@code EHOSTUNREACH} (113): No route to host. */
    public static final int EHOSTUNREACH = 113;
    /** {@code EALREADY} (114): Operation already in progress. */
    public static final int EALREADY = 114;
    /** {@code EINPROGRESS} (115): Operation now in progress. */
    public static final int EINPROGRESS = 115;
    /** {@code ECANCELED} (125): Operation canceled. */
    public static final int ECANCELED = 125;

    private static final String[] NAMES = new String[134];
    private static final String[] MESSAGES = new String[134];

    private static void e(int n, String name, String msg) {
        NAMES[n] = name;
        MESSAGES[n] = msg;
    }

    static {
        e(1, "EPERM", "Operation not permitted");
        e(2, "ENOENT", "No such file or directory");
        e(3, "ESRCH", "No such process");
        e(4, "EINTR", "Interrupted system call");
        e(5, "EIO", "Input/output error");
        e(6, "ENXIO", "No such device or address");
        e(7, "E2BIG", "Argument list too long");
        e(8, "ENOEXEC", "Exec format error");
        e(9, "EBADF", "Bad file descriptor");
        e(10, "ECHILD", "No child processes");
        e(11, "EAGAIN", "Resource temporarily unavailable");
        e(12, "ENOMEM", "Cannot allocate memory");
        e(13, "EACCES", "Permission denied");
        e(14, "EFAULT", "Bad address");
        e(15, "ENOTBLK", "Block device required");
        e(16, "EBUSY", "Device or resource busy");
        e(17, "EEXIST", "File exists");
        e(18, "EXDEV", "Invalid cross-device link");
        e(19, "ENODEV", "No such device");
        e(20, "ENOTDIR", "Not a directory");
        e(21, "EISDIR", "Is a directory");
        e(22, "EINVAL", "Invalid argument");
        e(23, "ENFILE", "Too many open files in system");
        e(24, "EMFILE", "Too many open files");
        e(25, "ENOTTY", "Inappropriate ioctl for device");
        e(26, "ETXTBSY", "Text file busy");
        e(27, "EFBIG", "File too large");
        e(28, "ENOSPC", "No space left on device");
        e(29, "ESPIPE", "Illegal seek");
        e(30, "EROFS", "Read-only file system");
        e(31, "EMLINK", "Too many links");
        e(32, "EPIPE", "Broken pipe");
        e(33, "EDOM", "Numerical argument out of domain");
        e(34, "ERANGE", "Numerical result out of range");
        e(35, "EDEADLK", "Resource deadlock avoided");
        e(36, "ENAMETOOLONG", "File name too long");
        e(37, "ENOLCK", "No locks available");
        e(38, "ENOSYS", "Function not implemented");
        e(39, "ENOTEMPTY", "Directory not empty");
        e(40, "ELOOP", "Too many levels of symbolic links");
        e(42, "ENOMSG", "No message of desired type");
        e(43, "EIDRM", "Identifier removed");
        e(60, "ENOSTR", "Device not a stream");
        e(61, "ENODATA", "No data available");
        e(62, "ETIME", "Timer expired");
        e(63, "ENOSR", "Out of streams resources");
        e(67, "ENOLINK", "Link has been severed");
        e(71, "EPROTO", "Protocol error");
        e(74, "EBADMSG", "Bad message");
        e(75, "EOVERFLOW", "Value too large for defined data type");
        e(77, "EBADFD", "File descriptor in bad state");
        e(84, "EILSEQ", "Invalid or incomplete multibyte or wide character");
        e(87, "EUSERS", "Too many users");
        e(88, "ENOTSOCK", "Socket operation on non-socket");
        e(89, "EDESTADDRREQ", "Destination address required");
        e(90, "EMSGSIZE", "Message too long");
        e(91, "EPROTOTYPE", "Protocol wrong type for socket");
        e(92, "ENOPROTOOPT", "Protocol not available");
        e(93, "EPROTONOSUPPORT", "Protocol not supported");
        e(94, "ESOCKTNOSUPPORT", "Socket type not supported");
        e(95, "EOPNOTSUPP", "Operation not supported");
        e(96, "EPFNOSUPPORT", "Protocol family not supported");
        e(97, "EAFNOSUPPORT", "Address family not supported by protocol");
        e(98, "EADDRINUSE", "Address already in use");
        e(99, "EADDRNOTAVAIL", "Cannot assign requested address");
        e(100, "ENETDOWN", "Network is down");
        e(101, "ENETUNREACH", "Network is unreachable");
        e(102, "ENETRESET", "Network dropped connection on reset");
        e(103, "ECONNABORTED", "Software caused connection abort");
        e(104, "ECONNRESET", "Connection reset by peer");
        e(105, "ENOBUFS", "No buffer space available");
        e(106, "EISCONN", "Transport endpoint is already connected");
        e(107, "ENOTCONN", "Transport endpoint is not connected");
        e(108, "ESHUTDOWN", "Cannot send after transport endpoint shutdown");
        e(110, "ETIMEDOUT", "Connection timed out");
        e(111, "ECONNREFUSED", "Connection refused");
        e(112, "EHOSTDOWN", "Host is down");
        e(113, "EHOSTUNREACH", "No route to host");
        e(114, "EALREADY", "Operation already in progress");
        e(115, "EINPROGRESS", "Operation now in progress");
        e(116, "ESTALE", "Stale file handle");
        e(122, "EDQUOT", "Disk quota exceeded");
        e(125, "ECANCELED", "Operation canceled");
        e(130, "EOWNERDEAD", "Owner died");
        e(131, "ENOTRECOVERABLE", "State not recoverable");
        e(132, "ERFKILL", "Operation not possible due to RF-kill");
        e(133, "EHWPOISON", "Memory page has hardware error");
    }

    /**
     * The symbolic name of {@code errno} ({@code "EINVAL"}), or {@code "E<n>"} when it has none here.
     *
     * @param errno a positive errno value
     * @return the symbolic name
     */
    public static String name(int errno) {
        int n = Math.abs(errno);
        String s = n < NAMES.length ? NAMES[n] : null;
        return s != null ? s : "E" + n;
    }

    /**
     * The C library's message for {@code errno}, or {@code "Unknown error <n>"}.
     *
     * @param errno a positive errno value
     * @return the message
     */
    public static String message(int errno) {
        int n = Math.abs(errno);
        String s = n < MESSAGES.length ? MESSAGES[n] : null;
        return s != null ? s : "Unknown error " + n;
    }

    /**
     * {@code "EINVAL (22): Invalid argument"}.
     *
     * @param errno a positive errno value
     * @return name, number and message
     */
    public static String describe(int errno) {
        int n = Math.abs(errno);
        return name(n) + " (" + n + "): " + message(n);
    }
}
