package io.aionet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The picocli command line: both option forms, typed errors, help on every command, bench's listing. */
class CommandLineTest {
    private static final String[] COMMANDS = {"probe", "demo", "bench", "capture", "echo", "serve", "sink", "soak"};

    /** What a command line printed, and its status. */
    record Run(int status, String out, String err) {}

    /** Runs {@code args} as the {@code aionet} command line, capturing what it prints. */
    static Run aionet(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command object {@code args} parse into (nothing runs). */
    @SuppressWarnings("unchecked")
    private static <T> T parsed(String... args) {
        CommandLine cl = Main.commandLine(System.out, System.err);
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (T) r.subcommand().commandSpec().userObject();
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : COMMANDS) {
            for (String flag : List.of("--help", "-h")) {
                Run r = aionet(c, flag);
                assertEquals(0, r.status(), c + " " + flag + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: aionet " + c), c + ": " + r.out());
                assertTrue(r.err().isEmpty(), r.err());
            }
        }
        Run top = aionet("--help");
        assertEquals(0, top.status());
        for (String c : COMMANDS) {
            assertTrue(top.out().contains("\n  " + c + " "), "aionet --help lists " + c + ": " + top.out());
        }
        Run help = aionet("help", "echo");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--port=P"), help.out());
    }

    @Test
    void optionsTakeBothForms() {
        EchoCommand a = parsed("echo", "--port=7007", "--threads", "3", "--seconds=2.5", "--bind", "127.0.0.1");
        assertEquals(7007, a.server.port);
        assertEquals(3, a.server.threads);
        assertEquals(2.5, a.server.seconds);
        assertEquals("127.0.0.1", a.server.bind);
        assertEquals(-1, a.server.config().sqPollIdleMillis(), "no submission-queue poller unless asked");
        EchoCommand polled = parsed("echo", "--port=7007", "--sqpoll", "10");
        assertEquals(10, polled.server.config().sqPollIdleMillis());
        SinkCommand b = parsed("sink", "--port", "9", "--threads=2");
        assertEquals(9, b.server.port);
        assertEquals(2, b.server.threads);
        ServeCommand s = parsed("serve", "--port", "8080", "/srv");
        assertEquals(Path.of("/srv"), s.dir);
        assertEquals("127.0.0.1", s.server.bind, "servers listen on loopback unless --bind widens it");
        assertTrue(s.server.config().address().getAddress().isLoopbackAddress());
        assertEquals(10.0, s.headTimeout);
        assertEquals(60.0, s.idleTimeout);
        assertEquals(10_000, s.server.config().maxConnections());
        ServeCommand w = parsed("serve", "/srv", "--port=1", "--bind", "0.0.0.0", "--head-timeout=2.5",
                "--idle-timeout", "30", "--max-connections=500");
        assertTrue(w.server.config().address().getAddress().isAnyLocalAddress(), "--bind widens");
        assertEquals(2.5, w.headTimeout);
        assertEquals(30.0, w.idleTimeout);
        assertEquals(500, w.server.config().maxConnections());
        CaptureCommand c = parsed("capture", "--iface=lo", "--filter", "tcp-port:80", "--seconds=3", "--outgoing");
        assertEquals("lo", c.iface);
        assertEquals("tcp-port:80", c.filterArg);
        assertEquals(3.0, c.seconds);
        assertTrue(c.outgoing);
        BenchCommand n = parsed("bench", "nop", "--rounds=7", "echo", "-o", "/tmp/x");
        assertEquals(List.of("nop", "echo"), n.names);
        assertEquals(7, n.rounds);
        assertEquals(Path.of("/tmp/x"), n.out);
        BenchCommand d = parsed("bench");
        assertEquals(5, d.rounds, "default rounds");
    }

    @Test
    void typedValuesAreRefusedWithTheOptionsName() {
        Run r = aionet("echo", "--port", "abc");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("aionet echo: port must be a number (got 'abc')\n"), r.err());
        assertTrue(r.err().contains("Run 'aionet echo --help' for the options."), r.err());
        r = aionet("bench", "nop", "--rounds", "many");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("rounds must be a number (got 'many')"), r.err());
        r = aionet("bench", "nop", "--rounds=0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("rounds must be at least 1: 0"), r.err());
        r = aionet("bench", "nosuchbench");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no benchmark named nosuchbench"), r.err());
        r = aionet("bench", "nop", "--all");
        assertEquals(2, r.status());
        r = aionet("nosuchcommand");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("Unmatched argument at index 0: 'nosuchcommand'"), r.err());
    }

    @Test
    void benchWithoutANameListsInsteadOfRunning() {
        Run r = aionet("bench");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("benchmarks (run one with ./aionet bench NAME"), r.out());
        for (String name : io.aionet.bench.harness.Benchmarks.names()) {
            assertTrue(r.out().contains("\n  " + name + " "), name + " listed: " + r.out());
        }
        assertFalse(r.out().contains("rounds after a warm-up round"), "nothing ran: " + r.out());
        assertEquals(r.out(), aionet("bench", "--list").out());
    }

    @Test
    void noCommandPrintsTheCommands() {
        Run r = aionet();
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: aionet"), r.out());
    }

    @Test
    void benchRenderRedrawsChartsFromJsonAlone(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("nop.json"), """
                {"benchmark": "nop", "title": "NOPs", "machine": {"cores": 2}, "rounds": 2, "results": [
                  {"impl": "aionet", "metric": "batch 1", "unit": "ns/NOP", "median": 300, "min": 290, "max": 310, "runs": [290, 310]},
                  {"impl": "c-io_uring", "metric": "batch 1", "unit": "ns/NOP", "median": 250, "min": 240, "max": 260, "runs": [240, 260]}
                ], "notes": []}
                """);
        java.nio.file.Files.writeString(dir.resolve("capture.json"), "[]");
        Run r = aionet("bench", "--render", dir.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("drew " + dir.resolve("nop.png")), r.out());
        assertTrue(r.out().contains("capture.json: not a harness result, left alone"), r.out());
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve("nop.png").toFile());
        assertEquals(1000, png.getWidth());
        assertFalse(java.nio.file.Files.exists(dir.resolve("capture.png")));

        Run both = aionet("bench", "--render", dir.toString(), "nop");
        assertEquals(2, both.status(), both.out() + both.err());
        assertTrue(both.err().contains("--render redraws a results folder"), both.err());
        Run missing = aionet("bench", "--render", dir.resolve("nothing-here").toString());
        assertTrue(missing.status() != 0 && missing.err().contains("not a results folder"), missing.out() + missing.err());
    }
}
