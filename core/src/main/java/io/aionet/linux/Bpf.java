package io.aionet.linux;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static io.aionet.linux.Native.C_LONG;

/**
 * The {@code bpf(2)} system call and the constants of {@code <linux/bpf.h>} that the XDP flow
 * classifier needs: map creation and element updates, program loading, and attaching an XDP program
 * to an interface through a BPF link. glibc has no wrapper, so it goes through {@code syscall}; every
 * argument is a 64-bit {@code long} (see {@link IoUringSyscalls}). Results: value or {@code -errno}.
 *
 * <p>The {@code union bpf_attr} variants are in {@link BpfAttr}; an instruction is {@link BpfInsn}.
 */
public final class Bpf {
    private Bpf() {}

    /** {@code __NR_bpf} on x86_64 (arm64: 280). */
    public static final long __NR_bpf = isAarch64() ? 280 : 321;

    // enum bpf_cmd
    public static final int BPF_MAP_CREATE = 0;
    public static final int BPF_MAP_LOOKUP_ELEM = 1;
    public static final int BPF_MAP_UPDATE_ELEM = 2;
    public static final int BPF_MAP_DELETE_ELEM = 3;
    public static final int BPF_PROG_LOAD = 5;
    public static final int BPF_PROG_TEST_RUN = 10;
    public static final int BPF_LINK_CREATE = 28;

    // enum bpf_map_type
    public static final int BPF_MAP_TYPE_HASH = 1;
    public static final int BPF_MAP_TYPE_ARRAY = 2;
    public static final int BPF_MAP_TYPE_XSKMAP = 17;

    // enum bpf_prog_type, enum bpf_attach_type
    public static final int BPF_PROG_TYPE_XDP = 6;
    public static final int BPF_XDP = 37;

    // BPF_MAP_UPDATE_ELEM flags
    public static final long BPF_ANY = 0;
    public static final long BPF_NOEXIST = 1;
    public static final long BPF_EXIST = 2;

    /** {@code src_reg} of a {@code BPF_LD | BPF_DW | BPF_IMM} whose immediate is a map fd. */
    public static final int BPF_PSEUDO_MAP_FD = 1;

    // enum bpf_func_id (the helpers the classifier calls)
    public static final int BPF_FUNC_map_lookup_elem = 1;
    public static final int BPF_FUNC_redirect_map = 51;

    // enum xdp_action
    public static final int XDP_ABORTED = 0;
    public static final int XDP_DROP = 1;
    public static final int XDP_PASS = 2;
    public static final int XDP_TX = 3;
    public static final int XDP_REDIRECT = 4;

    // XDP attach flags (<linux/if_link.h>), valid in link_create.flags for BPF_XDP
    public static final int XDP_FLAGS_UPDATE_IF_NOEXIST = 1;
    public static final int XDP_FLAGS_SKB_MODE = 2;
    public static final int XDP_FLAGS_DRV_MODE = 4;
    public static final int XDP_FLAGS_HW_MODE = 8;

    /** {@code BPF_OBJ_NAME_LEN}: map and program names, NUL included. */
    public static final int BPF_OBJ_NAME_LEN = 16;

    private static final MethodHandle SYSCALL = Native.downcall("syscall",
            FunctionDescriptor.of(C_LONG, C_LONG, C_LONG, C_LONG, C_LONG), false, Linker.Option.firstVariadicArg(1));

    private static boolean isAarch64() {
        String a = System.getProperty("os.arch", "");
        return a.equals("aarch64") || a.equals("arm64");
    }

    /**
     * {@code bpf(cmd, attr, size)}: the command's result (a new fd for MAP_CREATE, PROG_LOAD and
     * LINK_CREATE, 0 for element updates) or -errno. Bytes of {@code attr} past what the kernel knows
     * must be zero.
     */
    public static int bpf(int cmd, MemorySegment attr, long size) {
        MemorySegment c = Native.errnoSegment();
        try {
            long r = (long) SYSCALL.invokeExact(c, __NR_bpf, (long) cmd, attr.address(), size);
            return (int) Native.result(r, c);
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }
}
