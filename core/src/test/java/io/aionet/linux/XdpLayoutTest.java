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
 * The AF_XDP layouts ({@code sockaddr_xdp}, {@code xdp_umem_reg}, {@code xdp_mmap_offsets},
 * {@code xdp_desc}, {@code xdp_statistics}), the {@code union bpf_attr} offsets aionet writes, and the
 * constants of {@code <linux/if_xdp.h>} and {@code <linux/bpf.h>}, against the kernel headers through a
 * C program's {@code offsetof}. Skipped, with the reason, without gcc.
 */
class XdpLayoutTest {
    private static final Map<String, Long> C = new HashMap<>();
    private static String skipReason = "not run";

    @BeforeAll
    static void compileAndRun() throws Exception {
        Path dir = Files.createTempDirectory("aionet-xdp-layouts");
        Path src = dir.resolve("xdp_layouts.c");
        try (InputStream in = XdpLayoutTest.class.getResourceAsStream("xdp_layouts.c")) {
            assertNotNull(in, "xdp_layouts.c resource");
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("xdp_layouts");
        try {
            Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                skipReason = "gcc could not build against <linux/if_xdp.h> and <linux/bpf.h>: " + ccOut;
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
        assumeTrue(!C.isEmpty(), "XDP layouts not checked: " + skipReason);
        Long v = C.get(key);
        assertNotNull(v, "C program printed no " + key);
        assertEquals(v, java, key);
    }

    @Test
    void sockaddrXdp() {
        eq("sizeof sockaddr_xdp", SockaddrXdp.SIZEOF);
        eq("offsetof sockaddr_xdp.sxdp_family", SockaddrXdp.OFFSETOF_sxdp_family);
        eq("offsetof sockaddr_xdp.sxdp_flags", SockaddrXdp.OFFSETOF_sxdp_flags);
        eq("offsetof sockaddr_xdp.sxdp_ifindex", SockaddrXdp.OFFSETOF_sxdp_ifindex);
        eq("offsetof sockaddr_xdp.sxdp_queue_id", SockaddrXdp.OFFSETOF_sxdp_queue_id);
        eq("offsetof sockaddr_xdp.sxdp_shared_umem_fd", SockaddrXdp.OFFSETOF_sxdp_shared_umem_fd);
    }

    @Test
    void umemReg() {
        eq("sizeof xdp_umem_reg", XdpUmemReg.SIZEOF);
        eq("offsetof xdp_umem_reg.addr", XdpUmemReg.OFFSETOF_addr);
        eq("offsetof xdp_umem_reg.len", XdpUmemReg.OFFSETOF_len);
        eq("offsetof xdp_umem_reg.chunk_size", XdpUmemReg.OFFSETOF_chunk_size);
        eq("offsetof xdp_umem_reg.headroom", XdpUmemReg.OFFSETOF_headroom);
        eq("offsetof xdp_umem_reg.flags", XdpUmemReg.OFFSETOF_flags);
    }

    @Test
    void mmapOffsets() {
        eq("sizeof xdp_ring_offset", XdpMmapOffsets.SIZEOF_xdp_ring_offset);
        eq("offsetof xdp_ring_offset.producer", XdpMmapOffsets.OFFSETOF_producer);
        eq("offsetof xdp_ring_offset.consumer", XdpMmapOffsets.OFFSETOF_consumer);
        eq("offsetof xdp_ring_offset.desc", XdpMmapOffsets.OFFSETOF_desc);
        eq("offsetof xdp_ring_offset.flags", XdpMmapOffsets.OFFSETOF_flags);
        eq("sizeof xdp_mmap_offsets", XdpMmapOffsets.SIZEOF);
        eq("offsetof xdp_mmap_offsets.rx", XdpMmapOffsets.OFFSETOF_rx);
        eq("offsetof xdp_mmap_offsets.tx", XdpMmapOffsets.OFFSETOF_tx);
        eq("offsetof xdp_mmap_offsets.fr", XdpMmapOffsets.OFFSETOF_fr);
        eq("offsetof xdp_mmap_offsets.cr", XdpMmapOffsets.OFFSETOF_cr);
    }

    @Test
    void descAndStatistics() {
        eq("sizeof xdp_desc", XdpDesc.SIZEOF);
        eq("offsetof xdp_desc.addr", XdpDesc.OFFSETOF_addr);
        eq("offsetof xdp_desc.len", XdpDesc.OFFSETOF_len);
        eq("offsetof xdp_desc.options", XdpDesc.OFFSETOF_options);
        eq("sizeof xdp_statistics", XdpStatistics.SIZEOF);
        eq("offsetof xdp_statistics.rx_dropped", XdpStatistics.OFFSETOF_rx_dropped);
        eq("offsetof xdp_statistics.rx_invalid_descs", XdpStatistics.OFFSETOF_rx_invalid_descs);
        eq("offsetof xdp_statistics.tx_invalid_descs", XdpStatistics.OFFSETOF_tx_invalid_descs);
        eq("offsetof xdp_statistics.rx_ring_full", XdpStatistics.OFFSETOF_rx_ring_full);
        eq("offsetof xdp_statistics.rx_fill_ring_empty_descs", XdpStatistics.OFFSETOF_rx_fill_ring_empty_descs);
        eq("offsetof xdp_statistics.tx_ring_empty_descs", XdpStatistics.OFFSETOF_tx_ring_empty_descs);
        eq("sizeof bpf_insn", BpfInsn.SIZEOF);
    }

    @Test
    void xdpContext() {
        // the classifier program reads these fields of its context with fixed offsets
        eq("sizeof xdp_md", 24);
        eq("offsetof xdp_md.data", 0);
        eq("offsetof xdp_md.data_end", 4);
        eq("offsetof xdp_md.rx_queue_index", 16);
    }

    @Test
    void bpfAttr() {
        eq("sizeof bpf_attr", BpfAttr.SIZEOF);
        eq("offsetof bpf_attr.map_type", BpfAttr.OFFSETOF_map_type);
        eq("offsetof bpf_attr.key_size", BpfAttr.OFFSETOF_key_size);
        eq("offsetof bpf_attr.value_size", BpfAttr.OFFSETOF_value_size);
        eq("offsetof bpf_attr.max_entries", BpfAttr.OFFSETOF_max_entries);
        eq("offsetof bpf_attr.map_flags", BpfAttr.OFFSETOF_map_flags);
        eq("offsetof bpf_attr.map_name", BpfAttr.OFFSETOF_map_name);
        eq("offsetof bpf_attr.map_fd", BpfAttr.OFFSETOF_map_fd);
        eq("offsetof bpf_attr.key", BpfAttr.OFFSETOF_key);
        eq("offsetof bpf_attr.value", BpfAttr.OFFSETOF_value);
        eq("offsetof bpf_attr.flags", BpfAttr.OFFSETOF_flags);
        eq("offsetof bpf_attr.prog_type", BpfAttr.OFFSETOF_prog_type);
        eq("offsetof bpf_attr.insn_cnt", BpfAttr.OFFSETOF_insn_cnt);
        eq("offsetof bpf_attr.insns", BpfAttr.OFFSETOF_insns);
        eq("offsetof bpf_attr.license", BpfAttr.OFFSETOF_license);
        eq("offsetof bpf_attr.log_level", BpfAttr.OFFSETOF_log_level);
        eq("offsetof bpf_attr.log_size", BpfAttr.OFFSETOF_log_size);
        eq("offsetof bpf_attr.log_buf", BpfAttr.OFFSETOF_log_buf);
        eq("offsetof bpf_attr.kern_version", BpfAttr.OFFSETOF_kern_version);
        eq("offsetof bpf_attr.prog_flags", BpfAttr.OFFSETOF_prog_flags);
        eq("offsetof bpf_attr.prog_name", BpfAttr.OFFSETOF_prog_name);
        eq("offsetof bpf_attr.prog_ifindex", BpfAttr.OFFSETOF_prog_ifindex);
        eq("offsetof bpf_attr.expected_attach_type", BpfAttr.OFFSETOF_expected_attach_type);
        eq("offsetof bpf_attr.link_create.prog_fd", BpfAttr.OFFSETOF_link_create_prog_fd);
        eq("offsetof bpf_attr.link_create.target_ifindex", BpfAttr.OFFSETOF_link_create_target_ifindex);
        eq("offsetof bpf_attr.link_create.attach_type", BpfAttr.OFFSETOF_link_create_attach_type);
        eq("offsetof bpf_attr.link_create.flags", BpfAttr.OFFSETOF_link_create_flags);
        eq("offsetof bpf_attr.test.prog_fd", BpfAttr.OFFSETOF_test_prog_fd);
        eq("offsetof bpf_attr.test.retval", BpfAttr.OFFSETOF_test_retval);
        eq("offsetof bpf_attr.test.data_size_in", BpfAttr.OFFSETOF_test_data_size_in);
        eq("offsetof bpf_attr.test.data_size_out", BpfAttr.OFFSETOF_test_data_size_out);
        eq("offsetof bpf_attr.test.data_in", BpfAttr.OFFSETOF_test_data_in);
        eq("offsetof bpf_attr.test.data_out", BpfAttr.OFFSETOF_test_data_out);
        eq("offsetof bpf_attr.test.repeat", BpfAttr.OFFSETOF_test_repeat);
        eq("offsetof bpf_attr.test.duration", BpfAttr.OFFSETOF_test_duration);
    }

    @Test
    void xskConstants() {
        eq("value AF_XDP", Xsk.AF_XDP);
        eq("value SOL_XDP", Xsk.SOL_XDP);
        eq("value XDP_SHARED_UMEM", Xsk.XDP_SHARED_UMEM);
        eq("value XDP_COPY", Xsk.XDP_COPY);
        eq("value XDP_ZEROCOPY", Xsk.XDP_ZEROCOPY);
        eq("value XDP_USE_NEED_WAKEUP", Xsk.XDP_USE_NEED_WAKEUP);
        eq("value XDP_RING_NEED_WAKEUP", Xsk.XDP_RING_NEED_WAKEUP);
        eq("value XDP_MMAP_OFFSETS", Xsk.XDP_MMAP_OFFSETS);
        eq("value XDP_RX_RING", Xsk.XDP_RX_RING);
        eq("value XDP_TX_RING", Xsk.XDP_TX_RING);
        eq("value XDP_UMEM_REG", Xsk.XDP_UMEM_REG);
        eq("value XDP_UMEM_FILL_RING", Xsk.XDP_UMEM_FILL_RING);
        eq("value XDP_UMEM_COMPLETION_RING", Xsk.XDP_UMEM_COMPLETION_RING);
        eq("value XDP_STATISTICS", Xsk.XDP_STATISTICS);
        eq("value XDP_OPTIONS", Xsk.XDP_OPTIONS);
        eq("value XDP_OPTIONS_ZEROCOPY", Xsk.XDP_OPTIONS_ZEROCOPY);
        eq("value XDP_PGOFF_RX_RING", Xsk.XDP_PGOFF_RX_RING);
        eq("value XDP_PGOFF_TX_RING", Xsk.XDP_PGOFF_TX_RING);
        eq("value XDP_UMEM_PGOFF_FILL_RING", Xsk.XDP_UMEM_PGOFF_FILL_RING);
        eq("value XDP_UMEM_PGOFF_COMPLETION_RING", Xsk.XDP_UMEM_PGOFF_COMPLETION_RING);
    }

    @Test
    void bpfConstants() {
        eq("value BPF_MAP_CREATE", Bpf.BPF_MAP_CREATE);
        eq("value BPF_MAP_LOOKUP_ELEM", Bpf.BPF_MAP_LOOKUP_ELEM);
        eq("value BPF_MAP_UPDATE_ELEM", Bpf.BPF_MAP_UPDATE_ELEM);
        eq("value BPF_MAP_DELETE_ELEM", Bpf.BPF_MAP_DELETE_ELEM);
        eq("value BPF_PROG_LOAD", Bpf.BPF_PROG_LOAD);
        eq("value BPF_PROG_TEST_RUN", Bpf.BPF_PROG_TEST_RUN);
        eq("value BPF_LINK_CREATE", Bpf.BPF_LINK_CREATE);
        eq("value BPF_MAP_TYPE_HASH", Bpf.BPF_MAP_TYPE_HASH);
        eq("value BPF_MAP_TYPE_ARRAY", Bpf.BPF_MAP_TYPE_ARRAY);
        eq("value BPF_MAP_TYPE_XSKMAP", Bpf.BPF_MAP_TYPE_XSKMAP);
        eq("value BPF_PROG_TYPE_XDP", Bpf.BPF_PROG_TYPE_XDP);
        eq("value BPF_XDP", Bpf.BPF_XDP);
        eq("value BPF_ANY", Bpf.BPF_ANY);
        eq("value BPF_NOEXIST", Bpf.BPF_NOEXIST);
        eq("value BPF_EXIST", Bpf.BPF_EXIST);
        eq("value BPF_PSEUDO_MAP_FD", Bpf.BPF_PSEUDO_MAP_FD);
        eq("value BPF_FUNC_map_lookup_elem", Bpf.BPF_FUNC_map_lookup_elem);
        eq("value BPF_FUNC_redirect_map", Bpf.BPF_FUNC_redirect_map);
        eq("value XDP_ABORTED", Bpf.XDP_ABORTED);
        eq("value XDP_DROP", Bpf.XDP_DROP);
        eq("value XDP_PASS", Bpf.XDP_PASS);
        eq("value XDP_TX", Bpf.XDP_TX);
        eq("value XDP_REDIRECT", Bpf.XDP_REDIRECT);
        eq("value XDP_FLAGS_UPDATE_IF_NOEXIST", Bpf.XDP_FLAGS_UPDATE_IF_NOEXIST);
        eq("value XDP_FLAGS_SKB_MODE", Bpf.XDP_FLAGS_SKB_MODE);
        eq("value XDP_FLAGS_DRV_MODE", Bpf.XDP_FLAGS_DRV_MODE);
        eq("value XDP_FLAGS_HW_MODE", Bpf.XDP_FLAGS_HW_MODE);
        eq("value BPF_OBJ_NAME_LEN", Bpf.BPF_OBJ_NAME_LEN);
        eq("value BPF_LDX | BPF_MEM | BPF_W", BpfInsn.BPF_LDX | BpfInsn.BPF_MEM | BpfInsn.BPF_W);
        eq("value BPF_ALU64 | BPF_MOV | BPF_K", BpfInsn.BPF_ALU64 | BpfInsn.BPF_MOV | BpfInsn.BPF_K);
        eq("value BPF_JMP | BPF_JEQ | BPF_K", BpfInsn.BPF_JMP | BpfInsn.BPF_JEQ | BpfInsn.BPF_K);
        eq("value BPF_JMP | BPF_CALL", BpfInsn.BPF_JMP | BpfInsn.BPF_CALL);
        eq("value BPF_JMP | BPF_EXIT", BpfInsn.BPF_JMP | BpfInsn.BPF_EXIT);
        eq("value BPF_LD | BPF_DW | BPF_IMM", BpfInsn.BPF_LD | BpfInsn.BPF_DW | BpfInsn.BPF_IMM);
        eq("value BPF_STX | BPF_MEM | BPF_H", BpfInsn.BPF_STX | BpfInsn.BPF_MEM | BpfInsn.BPF_H);
    }
}
