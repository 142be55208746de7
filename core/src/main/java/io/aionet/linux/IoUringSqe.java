package io.aionet.linux;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_sqe} (64 bytes; the unions are named after their first member):
 * <pre>
 * struct io_uring_sqe {
 *     __u8  opcode;        __u8 flags;   __u16 ioprio;   __s32 fd;
 *     union { __u64 off; __u64 addr2; struct { __u32 cmd_op; __u32 __pad1; }; };
 *     union { __u64 addr; __u64 splice_off_in; struct { __u32 level; __u32 optname; }; };
 *     __u32 len;
 *     union { __kernel_rwf_t rw_flags; __u32 msg_flags; __u32 poll32_events; __u32 timeout_flags;
 *             __u32 accept_flags; __u32 cancel_flags; __u32 splice_flags; __u32 msg_ring_flags;
 *             __u32 futex_flags; ... };
 *     __u64 user_data;
 *     union { __u16 buf_index; __u16 buf_group; } __attribute__((packed));
 *     __u16 personality;
 *     union { __s32 splice_fd_in; __u32 file_index; __u32 optlen; struct { __u16 addr_len; __u16 __pad3[1]; }; };
 *     union { struct { __u64 addr3; __u64 __pad2[1]; }; __u64 optval; __u8 cmd[0]; };
 * };
 * </pre>
 */
public final class IoUringSqe {
    private IoUringSqe() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_INT.withName("rw_flags"),
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("__pad2"));

    public static final long SIZEOF = LAYOUT.byteSize();
    public static final long OFFSETOF_opcode = off("opcode");
    public static final long OFFSETOF_flags = off("flags");
    public static final long OFFSETOF_ioprio = off("ioprio");
    public static final long OFFSETOF_fd = off("fd");
    /** Also {@code addr2}. */
    public static final long OFFSETOF_off = off("off");
    /** Also {@code splice_off_in}. */
    public static final long OFFSETOF_addr = off("addr");
    public static final long OFFSETOF_len = off("len");
    /** Also msg_flags, poll32_events, timeout_flags, accept_flags, cancel_flags, splice_flags, msg_ring_flags, futex_flags, fadvise_advice. */
    public static final long OFFSETOF_rw_flags = off("rw_flags");
    public static final long OFFSETOF_user_data = off("user_data");
    /** Also {@code buf_group}. */
    public static final long OFFSETOF_buf_index = off("buf_index");
    public static final long OFFSETOF_personality = off("personality");
    /** Also file_index, optlen, addr_len. */
    public static final long OFFSETOF_splice_fd_in = off("splice_fd_in");
    public static final long OFFSETOF_addr3 = off("addr3");

    private static long off(String name) {
        return LAYOUT.byteOffset(groupElement(name));
    }
}
