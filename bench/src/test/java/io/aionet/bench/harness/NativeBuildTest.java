package io.aionet.bench.harness;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native build copies the headers a source includes and rebuilds when one of them changed. */
class NativeBuildTest {
    @TempDir
    Path dir;

    @Test
    void includedHeadersTravelAndCountForUpToDate() throws Exception {
        NativeBuild.Result first = NativeBuild.compile("nop_raw.c", dir);
        Assumptions.assumeTrue(first.ok() || !first.problem().startsWith("gcc is not installed"), "gcc is not installed");
        assertTrue(first.ok(), first.problem());
        Path header = dir.resolve("nop_driver.h");
        assertTrue(Files.isRegularFile(header), "the included header is copied beside the source");
        String current = Files.readString(header);
        long built = Files.getLastModifiedTime(first.program()).toMillis();

        // an older header in the build folder: the program is out of date and is built again
        Files.writeString(header, current.replace("nop batch=", "old batch="));
        Files.setLastModifiedTime(first.program(), java.nio.file.attribute.FileTime.fromMillis(built - 10_000));
        NativeBuild.Result again = NativeBuild.compile("nop_raw.c", dir);
        assertTrue(again.ok(), again.problem());
        assertEquals(current, Files.readString(header), "the header is the checkout's again");
        assertNotEquals(built - 10_000, Files.getLastModifiedTime(again.program()).toMillis(), "rebuilt");

        // unchanged: nothing is rebuilt
        long now = Files.getLastModifiedTime(again.program()).toMillis();
        NativeBuild.compile("nop_raw.c", dir);
        assertEquals(now, Files.getLastModifiedTime(again.program()).toMillis(), "up to date: not rebuilt");
    }

    @Test
    void onlyPlainFileNamesOfBenchNative() {
        assertThrows(IllegalArgumentException.class, () -> NativeBuild.compile("../x.c", dir));
        assertThrows(IllegalArgumentException.class, () -> NativeBuild.compile("nop_driver.h", dir));
        assertTrue(NativeBuild.compile("no_such_peer.c", dir).problem().contains("neither in bench/native"));
    }
}
