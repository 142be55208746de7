package io.aionet.cli;

import io.aionet.channel.capture.BpfProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CaptureCommandTest {
    @TempDir
    Path dir;

    @Test
    void filterForms() throws Exception {
        assertEquals(BpfProgram.ipv4Port(6, 443), CaptureCommand.filter("tcp-port:443"));
        assertEquals(BpfProgram.ipv4Port(17, 53), CaptureCommand.filter("udp-port:53"));
        BpfProgram numbers = CaptureCommand.filter("4,40 0 0 12,21 0 1 2048,6 0 0 262144,6 0 0 0");
        assertEquals(4, numbers.length());
        Path dd = dir.resolve("f.dd");
        Files.writeString(dd, numbers.toString());
        assertEquals(numbers, CaptureCommand.filter(dd.toString()), "a file of tcpdump -dd output");
        Path ddd = dir.resolve("f.ddd");
        Files.writeString(ddd, "4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n");
        assertEquals(numbers, CaptureCommand.filter(ddd.toString()), "a file of tcpdump -ddd output");
        assertThrows(IllegalArgumentException.class, () -> CaptureCommand.filter("tcp port 80"));
    }

    @Test
    void badOptionsAreUsageErrors() {
        ServerCommandsTest.refused("Missing required option: '--iface=IF'", "capture", "--seconds", "1");
        ServerCommandsTest.refused("seconds must be in (0, 86400]: -1.0", "capture", "--iface", "lo", "--seconds", "-1");
        ServerCommandsTest.refused("seconds must be a number", "capture", "--iface", "lo", "--seconds", "x");
        ServerCommandsTest.refused("Missing required parameter for option '--iface'", "capture", "--iface");
        ServerCommandsTest.refused("Unknown option: '--bogus'", "capture", "--iface", "lo", "--bogus");
        ServerCommandsTest.refused("no interface", "capture", "--iface", "nosuchif0", "--seconds", "0.1");
    }
}
