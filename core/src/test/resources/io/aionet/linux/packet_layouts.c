/* Prints sizeof/offsetof of the AF_PACKET structures aionet lays out in Java (PacketLayoutTest). */
#include <stddef.h>
#include <stdio.h>
#include <linux/if_packet.h>
#include <linux/filter.h>

#define S(t) printf("sizeof %s %zu\n", #t, sizeof(struct t))
#define O(t, f) printf("offsetof %s.%s %zu\n", #t, #f, offsetof(struct t, f))

int main(void) {
    S(tpacket_req3);
    O(tpacket_req3, tp_block_size); O(tpacket_req3, tp_block_nr); O(tpacket_req3, tp_frame_size);
    O(tpacket_req3, tp_frame_nr); O(tpacket_req3, tp_retire_blk_tov); O(tpacket_req3, tp_sizeof_priv);
    O(tpacket_req3, tp_feature_req_word);
    S(tpacket_block_desc);
    O(tpacket_block_desc, version); O(tpacket_block_desc, offset_to_priv);
    O(tpacket_block_desc, hdr.bh1.block_status); O(tpacket_block_desc, hdr.bh1.num_pkts);
    O(tpacket_block_desc, hdr.bh1.offset_to_first_pkt); O(tpacket_block_desc, hdr.bh1.blk_len);
    O(tpacket_block_desc, hdr.bh1.seq_num); O(tpacket_block_desc, hdr.bh1.ts_first_pkt);
    O(tpacket_block_desc, hdr.bh1.ts_last_pkt);
    S(tpacket3_hdr);
    O(tpacket3_hdr, tp_next_offset); O(tpacket3_hdr, tp_sec); O(tpacket3_hdr, tp_nsec); O(tpacket3_hdr, tp_snaplen);
    O(tpacket3_hdr, tp_len); O(tpacket3_hdr, tp_status); O(tpacket3_hdr, tp_mac); O(tpacket3_hdr, tp_net);
    O(tpacket3_hdr, hv1.tp_rxhash); O(tpacket3_hdr, hv1.tp_vlan_tci); O(tpacket3_hdr, hv1.tp_vlan_tpid);
    printf("value TPACKET_ALIGN_TPACKET3_HDR %zu\n", (size_t) TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));
    S(sockaddr_ll);
    O(sockaddr_ll, sll_family); O(sockaddr_ll, sll_protocol); O(sockaddr_ll, sll_ifindex); O(sockaddr_ll, sll_hatype);
    O(sockaddr_ll, sll_pkttype); O(sockaddr_ll, sll_halen); O(sockaddr_ll, sll_addr);
    S(sock_filter);
    O(sock_filter, code); O(sock_filter, jt); O(sock_filter, jf); O(sock_filter, k);
    S(sock_fprog);
    O(sock_fprog, len); O(sock_fprog, filter);
    S(tpacket_stats_v3);
    O(tpacket_stats_v3, tp_packets); O(tpacket_stats_v3, tp_drops); O(tpacket_stats_v3, tp_freeze_q_cnt);
    printf("value PACKET_RX_RING %d\n", PACKET_RX_RING);
    printf("value PACKET_STATISTICS %d\n", PACKET_STATISTICS);
    printf("value PACKET_VERSION %d\n", PACKET_VERSION);
    printf("value PACKET_FANOUT %d\n", PACKET_FANOUT);
    printf("value PACKET_IGNORE_OUTGOING %d\n", PACKET_IGNORE_OUTGOING);
    printf("value TPACKET_V3 %d\n", TPACKET_V3);
    printf("value TP_STATUS_USER %d\n", TP_STATUS_USER);
    printf("value PACKET_OUTGOING %d\n", PACKET_OUTGOING);
    printf("value BPF_MAXINSNS %d\n", BPF_MAXINSNS);
    return 0;
}
