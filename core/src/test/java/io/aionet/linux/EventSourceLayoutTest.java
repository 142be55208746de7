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
 * Checks the layouts and constants of {@link Signals}, {@link Inotify}, {@link MessageQueues} and
 * {@link Futexes} against the C library's and the kernel's headers: a C program prints them and the
 * Java constants must agree. Skipped, with the reason, when gcc or the headers are missing.
 */
class EventSourceLayoutTest {
    private static final Map<String, Long> c = new HashMap<>();
    private static String skipped = "not run";

    @BeforeAll
    static void compileAndRun() throws Exception {
        Path dir = Files.createTempDirectory("aionet-event-layouts");
        Path src = dir.resolve("event_source_layouts.c");
        try (InputStream in = EventSourceLayoutTest.class.getResourceAsStream("event_source_layouts.c")) {
            assertNotNull(in, "event_source_layouts.c resource");
            Files.write(src, in.readAllBytes());
        }
        Path exe = dir.resolve("layouts");
        String out;
        try {
            Process cc = new ProcessBuilder("gcc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
            String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
                skipped = "gcc could not build against the headers: " + ccOut;
                return;
            }
            Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
            out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            run.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            skipped = "no gcc on this machine (" + e.getMessage() + ")";
            return;
        }
        for (String line : out.split("\n")) {
            int sp = line.lastIndexOf(' ');
            if (sp > 0) {
                c.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
            }
        }
    }

    private static void is(String key, long java) {
        assumeTrue(!c.isEmpty(), skipped);
        Long v = c.get(key);
        assertNotNull(v, "the C program printed no " + key);
        assertEquals(v, java, key);
    }

    @Test
    void signals() {
        is("sizeof sigset_t", Signals.SIZEOF_SIGSET);
        is("sizeof struct signalfd_siginfo", Signals.SIZEOF_SIGNALFD_SIGINFO);
        is("offsetof struct signalfd_siginfo.ssi_signo", Signals.OFFSETOF_ssi_signo);
        is("offsetof struct signalfd_siginfo.ssi_code", Signals.OFFSETOF_ssi_code);
        is("offsetof struct signalfd_siginfo.ssi_pid", Signals.OFFSETOF_ssi_pid);
        is("const SIG_BLOCK", Signals.SIG_BLOCK);
        is("const SIG_UNBLOCK", Signals.SIG_UNBLOCK);
        is("const SIG_SETMASK", Signals.SIG_SETMASK);
        is("const SFD_NONBLOCK", Signals.SFD_NONBLOCK);
        is("const SFD_CLOEXEC", Signals.SFD_CLOEXEC);
        is("const SIGUSR1", Signals.SIGUSR1);
        is("const SIGUSR2", Signals.SIGUSR2);
        is("const SIGWINCH", Signals.SIGWINCH);
        is("const SIGPWR", Signals.SIGPWR);
        is("const SIGSYS", Signals.SIGSYS);
        is("const SIGRTMIN", Signals.SIGRTMIN);
        is("const SIGRTMAX", Signals.SIGRTMAX);
    }

    @Test
    void inotify() {
        is("sizeof struct inotify_event", Inotify.SIZEOF_inotify_event);
        is("offsetof struct inotify_event.wd", Inotify.OFFSETOF_wd);
        is("offsetof struct inotify_event.mask", Inotify.OFFSETOF_mask);
        is("offsetof struct inotify_event.cookie", Inotify.OFFSETOF_cookie);
        is("offsetof struct inotify_event.len", Inotify.OFFSETOF_len);
        is("offsetof struct inotify_event.name", Inotify.OFFSETOF_name);
        is("const IN_NONBLOCK", Inotify.IN_NONBLOCK);
        is("const IN_CLOEXEC", Inotify.IN_CLOEXEC);
        is("const IN_MODIFY", Inotify.IN_MODIFY);
        is("const IN_ATTRIB", Inotify.IN_ATTRIB);
        is("const IN_CLOSE_WRITE", Inotify.IN_CLOSE_WRITE);
        is("const IN_MOVED_FROM", Inotify.IN_MOVED_FROM);
        is("const IN_MOVED_TO", Inotify.IN_MOVED_TO);
        is("const IN_CREATE", Inotify.IN_CREATE);
        is("const IN_DELETE", Inotify.IN_DELETE);
        is("const IN_DELETE_SELF", Inotify.IN_DELETE_SELF);
        is("const IN_MOVE_SELF", Inotify.IN_MOVE_SELF);
        is("const IN_UNMOUNT", Inotify.IN_UNMOUNT);
        is("const IN_Q_OVERFLOW", Inotify.IN_Q_OVERFLOW);
        is("const IN_IGNORED", Inotify.IN_IGNORED);
        is("const IN_ISDIR", Inotify.IN_ISDIR);
    }

    @Test
    void messageQueuesAndFutexes() {
        is("sizeof struct mq_attr", MessageQueues.SIZEOF_mq_attr);
        is("offsetof struct mq_attr.mq_flags", MessageQueues.OFFSETOF_mq_flags);
        is("offsetof struct mq_attr.mq_maxmsg", MessageQueues.OFFSETOF_mq_maxmsg);
        is("offsetof struct mq_attr.mq_msgsize", MessageQueues.OFFSETOF_mq_msgsize);
        is("offsetof struct mq_attr.mq_curmsgs", MessageQueues.OFFSETOF_mq_curmsgs);
        is("const O_CREAT", MessageQueues.O_CREAT);
        is("const O_EXCL", MessageQueues.O_EXCL);
        is("const SYS_futex", Futexes.__NR_futex);
        is("const FUTEX_WAIT", Futexes.FUTEX_WAIT);
        is("const FUTEX_WAKE", Futexes.FUTEX_WAKE);
        is("const FUTEX_PRIVATE_FLAG", Futexes.FUTEX_PRIVATE_FLAG);
    }
}
