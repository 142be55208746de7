package io.aionet.linux;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AF_PACKET layouts ({@code tpacket_req3}, {@code tpacket_block_desc}, {@code tpacket3_hdr},
 * {@code sockaddr_ll}, {@code sock_filter}, {@code sock_fprog}, {@code tpacket_stats_v3}) and constants
 * against the kernel headers, through a C program's {@code offsetof}. Skipped, with the reason, without gcc.
 */
class PacketLayoutTest {
    private static final Map<String, Long> C = new HashMap<>();
    private static String skipReason = "not run";

    @BeforeAll
    static void compileAndRun() throws Exception {
        Path dir = Files.createTempDirectory("aionet-packet-layouts");
        Path src = dir.resolve("packet_layouts.c");
        try (InputStream in = PacketLayoutTest.class.getResourceAsStream("packet_layouts.c")) {
            assertNotNull(in, "packet_layouts.c resource");
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("packet_layouts");
        try {
            Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                skipReason = "gcc could not build against <linux/if_packet.h>: " + ccOut;
                return;
            }
            Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            run.waitFor(30, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                int sp = line.lastIndexOf(' ');
                if (sp > 0) {
                    C.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
                }
            }
        } catch (IOException e) {
            skipReason = "no gcc on this machine (" + e.getMessage() + ")";
        }
    }

    private static void eq(String key, long java) {
        assumeTrue(!C.isEmpty(), "packet layouts not checked: " + skipReason);
        Long v = C.get(key);
        assertNotNull(v, "C program printed no " + key);
        assertEquals(v, java, key);
    }

    @Test
    void tpacketReq3() {
        eq("sizeof tpacket_req3", TpacketReq3.SIZEOF);
        eq("offsetof tpacket_req3.tp_block_size", TpacketReq3.OFFSETOF_tp_block_size);
        eq("offsetof tpacket_req3.tp_block_nr", TpacketReq3.OFFSETOF_tp_block_nr);
        eq("offsetof tpacket_req3.tp_frame_size", TpacketReq3.OFFSETOF_tp_frame_size);
        eq("offsetof tpacket_req3.tp_frame_nr", TpacketReq3.OFFSETOF_tp_frame_nr);
        eq("offsetof tpacket_req3.tp_retire_blk_tov", TpacketReq3.OFFSETOF_tp_retire_blk_tov);
        eq("offsetof tpacket_req3.tp_sizeof_priv", TpacketReq3.OFFSETOF_tp_sizeof_priv);
        eq("offsetof tpacket_req3.tp_feature_req_word", TpacketReq3.OFFSETOF_tp_feature_req_word);
    }

    @Test
    void tpacketBlockDesc() {
        eq("sizeof tpacket_block_desc", TpacketBlockDesc.SIZEOF);
        eq("offsetof tpacket_block_desc.version", TpacketBlockDesc.OFFSETOF_version);
        eq("offsetof tpacket_block_desc.offset_to_priv", TpacketBlockDesc.OFFSETOF_offset_to_priv);
        eq("offsetof tpacket_block_desc.hdr.bh1.block_status", TpacketBlockDesc.OFFSETOF_block_status);
        eq("offsetof tpacket_block_desc.hdr.bh1.num_pkts", TpacketBlockDesc.OFFSETOF_num_pkts);
        eq("offsetof tpacket_block_desc.hdr.bh1.offset_to_first_pkt", TpacketBlockDesc.OFFSETOF_offset_to_first_pkt);
        eq("offsetof tpacket_block_desc.hdr.bh1.blk_len", TpacketBlockDesc.OFFSETOF_blk_len);
        eq("offsetof tpacket_block_desc.hdr.bh1.seq_num", TpacketBlockDesc.OFFSETOF_seq_num);
        eq("offsetof tpacket_block_desc.hdr.bh1.ts_first_pkt", TpacketBlockDesc.OFFSETOF_ts_first_pkt);
        eq("offsetof tpacket_block_desc.hdr.bh1.ts_last_pkt", TpacketBlockDesc.OFFSETOF_ts_last_pkt);
    }

    @Test
    void tpacket3Hdr() {
        eq("sizeof tpacket3_hdr", Tpacket3Hdr.SIZEOF);
        eq("offsetof tpacket3_hdr.tp_next_offset", Tpacket3Hdr.OFFSETOF_tp_next_offset);
        eq("offsetof tpacket3_hdr.tp_sec", Tpacket3Hdr.OFFSETOF_tp_sec);
        eq("offsetof tpacket3_hdr.tp_nsec", Tpacket3Hdr.OFFSETOF_tp_nsec);
        eq("offsetof tpacket3_hdr.tp_snaplen", Tpacket3Hdr.OFFSETOF_tp_snaplen);
        eq("offsetof tpacket3_hdr.tp_len", Tpacket3Hdr.OFFSETOF_tp_len);
        eq("offsetof tpacket3_hdr.tp_status", Tpacket3Hdr.OFFSETOF_tp_status);
        eq("offsetof tpacket3_hdr.tp_mac", Tpacket3Hdr.OFFSETOF_tp_mac);
        eq("offsetof tpacket3_hdr.tp_net", Tpacket3Hdr.OFFSETOF_tp_net);
        eq("offsetof tpacket3_hdr.hv1.tp_rxhash", Tpacket3Hdr.OFFSETOF_tp_rxhash);
        eq("offsetof tpacket3_hdr.hv1.tp_vlan_tci", Tpacket3Hdr.OFFSETOF_tp_vlan_tci);
        eq("offsetof tpacket3_hdr.hv1.tp_vlan_tpid", Tpacket3Hdr.OFFSETOF_tp_vlan_tpid);
        eq("value TPACKET_ALIGN_TPACKET3_HDR", Tpacket3Hdr.OFFSETOF_sockaddr_ll);
    }

    @Test
    void sockaddrLl() {
        eq("sizeof sockaddr_ll", SockaddrLl.SIZEOF);
        eq("offsetof sockaddr_ll.sll_family", SockaddrLl.OFFSETOF_sll_family);
        eq("offsetof sockaddr_ll.sll_protocol", SockaddrLl.OFFSETOF_sll_protocol);
        eq("offsetof sockaddr_ll.sll_ifindex", SockaddrLl.OFFSETOF_sll_ifindex);
        eq("offsetof sockaddr_ll.sll_hatype", SockaddrLl.OFFSETOF_sll_hatype);
        eq("offsetof sockaddr_ll.sll_pkttype", SockaddrLl.OFFSETOF_sll_pkttype);
        eq("offsetof sockaddr_ll.sll_halen", SockaddrLl.OFFSETOF_sll_halen);
        eq("offsetof sockaddr_ll.sll_addr", SockaddrLl.OFFSETOF_sll_addr);
    }

    @Test
    void sockFilterAndFprog() {
        eq("sizeof sock_filter", SockFilter.SIZEOF);
        eq("offsetof sock_filter.code", SockFilter.OFFSETOF_code);
        eq("offsetof sock_filter.jt", SockFilter.OFFSETOF_jt);
        eq("offsetof sock_filter.jf", SockFilter.OFFSETOF_jf);
        eq("offsetof sock_filter.k", SockFilter.OFFSETOF_k);
        eq("sizeof sock_fprog", SockFilter.SIZEOF_sock_fprog);
        eq("offsetof sock_fprog.len", SockFilter.OFFSETOF_sock_fprog_len);
        eq("offsetof sock_fprog.filter", SockFilter.OFFSETOF_sock_fprog_filter);
        eq("value BPF_MAXINSNS", SockFilter.BPF_MAXINSNS);
    }

    @Test
    void tpacketStatsV3() {
        eq("sizeof tpacket_stats_v3", TpacketStatsV3.SIZEOF);
        eq("offsetof tpacket_stats_v3.tp_packets", TpacketStatsV3.OFFSETOF_tp_packets);
        eq("offsetof tpacket_stats_v3.tp_drops", TpacketStatsV3.OFFSETOF_tp_drops);
        eq("offsetof tpacket_stats_v3.tp_freeze_q_cnt", TpacketStatsV3.OFFSETOF_tp_freeze_q_cnt);
    }

    @Test
    void constants() {
        eq("value PACKET_RX_RING", PacketSockets.PACKET_RX_RING);
        eq("value PACKET_STATISTICS", PacketSockets.PACKET_STATISTICS);
        eq("value PACKET_VERSION", PacketSockets.PACKET_VERSION);
        eq("value PACKET_FANOUT", PacketSockets.PACKET_FANOUT);
        eq("value PACKET_IGNORE_OUTGOING", PacketSockets.PACKET_IGNORE_OUTGOING);
        eq("value TPACKET_V3", PacketSockets.TPACKET_V3);
        eq("value TP_STATUS_USER", PacketSockets.TP_STATUS_USER);
        eq("value PACKET_OUTGOING", PacketSockets.PACKET_OUTGOING);
    }
}
