package io.aionet.event;

import io.aionet.linux.Signals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static io.aionet.event.EventChannelTest.drain;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Signals as events: thread-directed and process-directed delivery, the mask and handler restored on
 * removal, pending signals discarded (a failure there would kill this JVM with SIGUSR1's default
 * action), and the refusals.
 */
class SignalSourceTest {
    private EventChannel ch;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
    }

    @AfterEach
    void close() {
        ch.close();
    }

    private static boolean blockedInThisThread(int signo) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment old = a.allocate(Signals.SIZEOF_SIGSET, 8);
            assertEquals(0, Signals.pthread_sigmask(Signals.SIG_BLOCK, MemorySegment.NULL, old));
            return Signals.sigismember(old, signo);
        }
    }

    private static Event only(List<Event> got, EventKind kind) {
        List<Event> of = got.stream().filter(e -> e.kind() == kind).toList();
        assertEquals(1, of.size(), "exactly one " + kind + " event: " + got);
        return of.get(0);
    }

    @Test
    void signalDirectedAtTheOwnerThreadIsAnEvent() {
        ch.addSignal(Signals.SIGUSR1, 77);
        assertEquals(0, Signals.tgkill(Signals.getpid(), Signals.gettid(), Signals.SIGUSR1));
        Event e = only(drain(ch, 1, 2000), EventKind.SIGNAL);
        assertEquals(77, e.tag());
        assertEquals(Signals.SIGUSR1, e.signal());
        assertEquals(Signals.SIGUSR1, e.result());
    }

    @Test
    void processDirectedSignalIsForwardedToTheChannel() {
        ch.addSignal(Signals.SIGUSR1, 78);
        assertEquals(0, Signals.kill(Signals.getpid(), Signals.SIGUSR1));
        Event e = only(drain(ch, 1, 5000), EventKind.SIGNAL);
        assertEquals(78, e.tag());
        assertEquals(Signals.SIGUSR1, e.signal());
    }

    @Test
    void severalSignalsAreSeveralEvents() {
        ch.addSignal(Signals.SIGUSR1, 1);
        ch.addSignal(Signals.SIGWINCH, 2);
        int rt = Signals.SIGRTMIN + 3;
        ch.addSignal(rt, 3);
        int me = Signals.gettid();
        int pid = Signals.getpid();
        Signals.tgkill(pid, me, Signals.SIGUSR1);
        Signals.tgkill(pid, me, Signals.SIGWINCH);
        Signals.tgkill(pid, me, rt);
        Signals.tgkill(pid, me, rt); // real-time signals queue: two events
        List<Event> got = drain(ch, 4, 3000);
        assertEquals(4, got.size(), "USR1, WINCH and two RTMIN+3: " + got);
        assertEquals(1, got.stream().filter(e -> e.tag() == 1 && e.signal() == Signals.SIGUSR1).count());
        assertEquals(1, got.stream().filter(e -> e.tag() == 2 && e.signal() == Signals.SIGWINCH).count());
        assertEquals(2, got.stream().filter(e -> e.tag() == 3 && e.signal() == rt).count());
    }

    @Test
    void maskAndHandlerAreRestoredOnRemoval() {
        assertFalse(blockedInThisThread(Signals.SIGUSR1), "precondition: SIGUSR1 not blocked");
        ch.addSignal(Signals.SIGUSR1, 5);
        assertTrue(blockedInThisThread(Signals.SIGUSR1), "blocked while registered");
        ch.remove(5);
        assertFalse(blockedInThisThread(Signals.SIGUSR1), "unblocked after removal");
        sun.misc.Signal usr1 = new sun.misc.Signal("USR1");
        sun.misc.SignalHandler h = sun.misc.Signal.handle(usr1, sun.misc.SignalHandler.SIG_DFL);
        assertEquals(sun.misc.SignalHandler.SIG_DFL, h, "SIGUSR1's previous (default) handler is back");
    }

    @Test
    void shutdownSignalGetsTheJvmHandlerBack() {
        // (never SIG_IGN here: the JVM refuses to take back a shutdown signal that is ignored)
        sun.misc.Signal hup = new sun.misc.Signal("HUP");
        sun.misc.SignalHandler probe = sig -> { };
        sun.misc.SignalHandler before = sun.misc.Signal.handle(hup, probe);
        sun.misc.Signal.handle(hup, before);
        ch.addSignal(Signals.SIGHUP, 6);
        ch.remove(6);
        sun.misc.SignalHandler after = sun.misc.Signal.handle(hup, probe);
        sun.misc.Signal.handle(hup, before);
        // the JDK wraps its internal handlers anew each time; the wrapper names the handler it wraps
        assertEquals(before.toString(), after.toString(), "the JVM's own SIGHUP handler is reinstalled");
        assertNotEquals(probe.toString(), after.toString());
    }

    @Test
    void aSignalStillPendingAtRemovalIsDiscardedNotDelivered() {
        ch.addSignal(Signals.SIGUSR1, 8);
        Signals.tgkill(Signals.getpid(), Signals.gettid(), Signals.SIGUSR1);
        ch.remove(8); // unblocking with SIGUSR1 pending would terminate this JVM
        assertFalse(blockedInThisThread(Signals.SIGUSR1));
        assertTrue(drain(ch, 1, 50).isEmpty(), "no event after removal");
    }

    @Test
    void closingTheChannelRestoresTheMask() throws Exception {
        EventChannel other = EventChannel.create();
        other.addSignal(Signals.SIGUSR1, 9);
        assertTrue(blockedInThisThread(Signals.SIGUSR1));
        other.close();
        assertFalse(blockedInThisThread(Signals.SIGUSR1));
        ch.addSignal(Signals.SIGUSR1, 9); // free again for another channel
    }

    @Test
    void aSignalBlockedBeforeStaysBlocked() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment set = a.allocate(Signals.SIZEOF_SIGSET, 8);
            Signals.sigaddset(set, Signals.SIGUSR1);
            Signals.pthread_sigmask(Signals.SIG_BLOCK, set, MemorySegment.NULL);
            try {
                ch.addSignal(Signals.SIGUSR1, 10);
                ch.remove(10);
                assertTrue(blockedInThisThread(Signals.SIGUSR1), "the mask is restored, not cleared");
            } finally {
                Signals.pthread_sigmask(Signals.SIG_UNBLOCK, set, MemorySegment.NULL);
            }
        }
    }

    @Test
    void refusesSignalsTheJvmNeedsAndNonSignals() {
        for (int s : new int[] {Signals.SIGSEGV, Signals.SIGBUS, Signals.SIGFPE, Signals.SIGILL, Signals.SIGQUIT,
                Signals.SIGUSR2, Signals.SIGKILL, Signals.SIGSTOP, Signals.SIGPIPE, 32, 33, 0, -1, 65}) {
            assertThrows(IllegalArgumentException.class, () -> ch.addSignal(s, 1), "signal " + s);
        }
        assertFalse(ch.isRegistered(1));
    }

    @Test
    void oneRegistrationPerSignalAndPerTag() throws Exception {
        ch.addSignal(Signals.SIGUSR1, 1);
        assertThrows(IllegalArgumentException.class, () -> ch.addSignal(Signals.SIGWINCH, 1), "tag taken");
        assertThrows(IllegalStateException.class, () -> ch.addSignal(Signals.SIGUSR1, 2), "signal taken");
        try (EventChannel other = EventChannel.create()) {
            assertThrows(IllegalStateException.class, () -> other.addSignal(Signals.SIGUSR1, 3));
        }
        assertTrue(blockedInThisThread(Signals.SIGUSR1), "the refused registrations left the mask alone");
    }

    @Test
    void virtualThreadOwnersAreRefused() throws Exception {
        Thread t = Thread.ofVirtual().start(() -> {
            try (EventChannel v = EventChannel.create()) {
                assertThrows(IllegalStateException.class, () -> v.addSignal(Signals.SIGUSR1, 1));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.join();
        assertFalse(blockedInThisThread(Signals.SIGUSR1));
    }
}
