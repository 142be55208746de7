package io.aionet.channel.capture;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BpfProgramTest {
    @Test
    void parsesTcpdumpDdAndDddForms() {
        BpfProgram dd = BpfProgram.parse("{ 0x28, 0, 0, 0x0000000c },\n{ 0x15, 0, 1, 0x00000800 },\n{ 0x6, 0, 0, 0x00040000 },\n{ 0x6, 0, 0, 0x00000000 },\n");
        BpfProgram ddd = BpfProgram.parse("4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n");
        assertEquals(4, dd.length());
        assertEquals(dd, ddd);
        assertEquals(BpfProgram.insn(0x15, 0, 1, 0x800), dd.instruction(1));
        assertEquals(dd, BpfProgram.parse(dd.toString()), "toString is tcpdump -dd form");
        assertThrows(IllegalArgumentException.class, () -> BpfProgram.parse("3\n1 2 3 4\n"));
        assertThrows(IllegalArgumentException.class, () -> BpfProgram.parse("tcp port 80"));
        assertThrows(IllegalArgumentException.class, () -> BpfProgram.parse("{ 0x10000, 0, 0, 0 },"));
        assertThrows(IllegalArgumentException.class, () -> BpfProgram.ipv4Port(1, 80));
    }

    @Test
    void handWrittenPortFilterIsWhatTcpdumpCompiles() throws Exception {
        String out;
        try {
            Process p = new ProcessBuilder("tcpdump", "-dd", "ip and tcp port 5000").start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "tcpdump could not compile the filter");
        } catch (java.io.IOException e) {
            assumeTrue(false, "tcpdump is not installed: the hand-written filter is not compared");
            return;
        }
        assertEquals(BpfProgram.parse(out), BpfProgram.ipv4Port(6, 5000));
    }
}
