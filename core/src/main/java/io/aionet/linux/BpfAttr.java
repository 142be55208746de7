package io.aionet.linux;

/**
 * Offsets inside {@code union bpf_attr} ({@code <linux/bpf.h>}) for the commands aionet issues. The
 * union is 144 bytes in 6.1 headers and grows with the kernel; a caller zeroes the bytes it passes and
 * sets only the fields below.
 * <pre>
 * struct { // BPF_MAP_CREATE
 *     __u32 map_type; __u32 key_size; __u32 value_size; __u32 max_entries;
 *     __u32 map_flags; __u32 inner_map_fd; __u32 numa_node; char map_name[16]; ...
 * };
 * struct { // BPF_MAP_*_ELEM
 *     __u32 map_fd; __aligned_u64 key; union { __aligned_u64 value; __aligned_u64 next_key; }; __u64 flags;
 * };
 * struct { // BPF_PROG_LOAD
 *     __u32 prog_type; __u32 insn_cnt; __aligned_u64 insns; __aligned_u64 license;
 *     __u32 log_level; __u32 log_size; __aligned_u64 log_buf; __u32 kern_version; __u32 prog_flags;
 *     char prog_name[16]; __u32 prog_ifindex; __u32 expected_attach_type; ...
 * };
 * struct { // BPF_LINK_CREATE
 *     __u32 prog_fd; union { __u32 target_fd; __u32 target_ifindex; }; __u32 attach_type; __u32 flags; ...
 * } link_create;
 * struct { // BPF_PROG_TEST_RUN
 *     __u32 prog_fd; __u32 retval; __u32 data_size_in; __u32 data_size_out;
 *     __aligned_u64 data_in; __aligned_u64 data_out; __u32 repeat; __u32 duration; ...
 * } test;
 * </pre>
 */
public final class BpfAttr {
    private BpfAttr() {}

    /** {@code sizeof(union bpf_attr)} in the 6.1 headers; enough for every command here. */
    public static final long SIZEOF = 144;

    public static final long OFFSETOF_map_type = 0;
    public static final long OFFSETOF_key_size = 4;
    public static final long OFFSETOF_value_size = 8;
    public static final long OFFSETOF_max_entries = 12;
    public static final long OFFSETOF_map_flags = 16;
    public static final long OFFSETOF_map_name = 28;
    /** Size of the map-create part up to and including {@code map_extra}. */
    public static final long SIZEOF_map_create = 72;

    public static final long OFFSETOF_map_fd = 0;
    public static final long OFFSETOF_key = 8;
    public static final long OFFSETOF_value = 16;
    public static final long OFFSETOF_flags = 24;
    public static final long SIZEOF_map_elem = 32;

    public static final long OFFSETOF_prog_type = 0;
    public static final long OFFSETOF_insn_cnt = 4;
    public static final long OFFSETOF_insns = 8;
    public static final long OFFSETOF_license = 16;
    public static final long OFFSETOF_log_level = 24;
    public static final long OFFSETOF_log_size = 28;
    public static final long OFFSETOF_log_buf = 32;
    public static final long OFFSETOF_kern_version = 40;
    public static final long OFFSETOF_prog_flags = 44;
    public static final long OFFSETOF_prog_name = 48;
    public static final long OFFSETOF_prog_ifindex = 64;
    public static final long OFFSETOF_expected_attach_type = 68;
    /** Size of the prog-load part up to and including {@code expected_attach_type}. */
    public static final long SIZEOF_prog_load = 72;

    public static final long OFFSETOF_link_create_prog_fd = 0;
    public static final long OFFSETOF_link_create_target_ifindex = 4;
    public static final long OFFSETOF_link_create_attach_type = 8;
    public static final long OFFSETOF_link_create_flags = 12;
    public static final long SIZEOF_link_create = 16;

    public static final long OFFSETOF_test_prog_fd = 0;
    public static final long OFFSETOF_test_retval = 4;
    public static final long OFFSETOF_test_data_size_in = 8;
    public static final long OFFSETOF_test_data_size_out = 12;
    public static final long OFFSETOF_test_data_in = 16;
    public static final long OFFSETOF_test_data_out = 24;
    public static final long OFFSETOF_test_repeat = 32;
    public static final long OFFSETOF_test_duration = 36;
    /** Size of the test-run part up to {@code duration}, before the context fields. */
    public static final long SIZEOF_test = 40;
}
