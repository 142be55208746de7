/* Prints sizeof/offsetof/values of the AF_XDP and bpf() structures and constants aionet lays out in Java (XdpLayoutTest). */
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>

#define S(t) printf("sizeof %s %zu\n", #t, sizeof(struct t))
#define O(t, f) printf("offsetof %s.%s %zu\n", #t, #f, offsetof(struct t, f))
#define A(f) printf("offsetof bpf_attr.%s %zu\n", #f, offsetof(union bpf_attr, f))
#define V(c) printf("value %s %lld\n", #c, (long long) (c))

int main(void) {
    S(sockaddr_xdp);
    O(sockaddr_xdp, sxdp_family); O(sockaddr_xdp, sxdp_flags); O(sockaddr_xdp, sxdp_ifindex);
    O(sockaddr_xdp, sxdp_queue_id); O(sockaddr_xdp, sxdp_shared_umem_fd);
    S(xdp_umem_reg);
    O(xdp_umem_reg, addr); O(xdp_umem_reg, len); O(xdp_umem_reg, chunk_size); O(xdp_umem_reg, headroom); O(xdp_umem_reg, flags);
    S(xdp_ring_offset);
    O(xdp_ring_offset, producer); O(xdp_ring_offset, consumer); O(xdp_ring_offset, desc); O(xdp_ring_offset, flags);
    S(xdp_mmap_offsets);
    O(xdp_mmap_offsets, rx); O(xdp_mmap_offsets, tx); O(xdp_mmap_offsets, fr); O(xdp_mmap_offsets, cr);
    S(xdp_desc);
    O(xdp_desc, addr); O(xdp_desc, len); O(xdp_desc, options);
    S(xdp_statistics);
    O(xdp_statistics, rx_dropped); O(xdp_statistics, rx_invalid_descs); O(xdp_statistics, tx_invalid_descs);
    O(xdp_statistics, rx_ring_full); O(xdp_statistics, rx_fill_ring_empty_descs); O(xdp_statistics, tx_ring_empty_descs);
    S(bpf_insn);
    S(xdp_md);
    O(xdp_md, data); O(xdp_md, data_end); O(xdp_md, rx_queue_index);
    printf("sizeof bpf_attr %zu\n", sizeof(union bpf_attr));
    A(map_type); A(key_size); A(value_size); A(max_entries); A(map_flags); A(map_name);
    A(map_fd); A(key); A(value); A(flags);
    A(prog_type); A(insn_cnt); A(insns); A(license); A(log_level); A(log_size); A(log_buf);
    A(kern_version); A(prog_flags); A(prog_name); A(prog_ifindex); A(expected_attach_type);
    A(link_create.prog_fd); A(link_create.target_ifindex); A(link_create.attach_type); A(link_create.flags);
    A(test.prog_fd); A(test.retval); A(test.data_size_in); A(test.data_size_out); A(test.data_in);
    A(test.data_out); A(test.repeat); A(test.duration);
    V(AF_XDP); V(SOL_XDP); V(XDP_SHARED_UMEM); V(XDP_COPY); V(XDP_ZEROCOPY); V(XDP_USE_NEED_WAKEUP);
    V(XDP_RING_NEED_WAKEUP); V(XDP_MMAP_OFFSETS); V(XDP_RX_RING); V(XDP_TX_RING); V(XDP_UMEM_REG);
    V(XDP_UMEM_FILL_RING); V(XDP_UMEM_COMPLETION_RING); V(XDP_STATISTICS); V(XDP_OPTIONS); V(XDP_OPTIONS_ZEROCOPY);
    V(XDP_PGOFF_RX_RING); V(XDP_PGOFF_TX_RING); V(XDP_UMEM_PGOFF_FILL_RING); V(XDP_UMEM_PGOFF_COMPLETION_RING);
    V(BPF_MAP_CREATE); V(BPF_MAP_LOOKUP_ELEM); V(BPF_MAP_UPDATE_ELEM); V(BPF_MAP_DELETE_ELEM); V(BPF_PROG_LOAD);
    V(BPF_PROG_TEST_RUN); V(BPF_LINK_CREATE); V(BPF_MAP_TYPE_HASH); V(BPF_MAP_TYPE_ARRAY); V(BPF_MAP_TYPE_XSKMAP);
    V(BPF_PROG_TYPE_XDP); V(BPF_XDP); V(BPF_ANY); V(BPF_NOEXIST); V(BPF_EXIST); V(BPF_PSEUDO_MAP_FD);
    V(BPF_FUNC_map_lookup_elem); V(BPF_FUNC_redirect_map);
    V(XDP_ABORTED); V(XDP_DROP); V(XDP_PASS); V(XDP_TX); V(XDP_REDIRECT);
    V(XDP_FLAGS_UPDATE_IF_NOEXIST); V(XDP_FLAGS_SKB_MODE); V(XDP_FLAGS_DRV_MODE); V(XDP_FLAGS_HW_MODE);
    V(BPF_OBJ_NAME_LEN);
    V(BPF_LDX | BPF_MEM | BPF_W); V(BPF_ALU64 | BPF_MOV | BPF_K); V(BPF_JMP | BPF_JEQ | BPF_K);
    V(BPF_JMP | BPF_CALL); V(BPF_JMP | BPF_EXIT); V(BPF_LD | BPF_DW | BPF_IMM); V(BPF_STX | BPF_MEM | BPF_H);
    return 0;
}
