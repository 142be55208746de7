package io.aionet.event;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.aionet.event.EventChannelTest.drain;
import static org.junit.jupiter.api.Assertions.*;

/** File-system notifications on a directory: create, modify, delete, move; names, cookies, removal, bad input. */
class InotifySourceTest {
    @TempDir
    Path dir;
    private EventChannel ch;

    @BeforeEach
    void open() throws Exception {
        ch = EventChannel.create();
    }

    @AfterEach
    void close() {
        ch.close();
    }

    private static Event find(List<Event> got, int change, String name) {
        return got.stream().filter(e -> e.kind() == EventKind.FILE && (e.result() & change) != 0
                && e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + Integer.toHexString(change) + " for " + name + " in " + got));
    }

    @Test
    void createModifyDeleteCarryTheName() throws Exception {
        ch.addPath(dir, FileChange.DEFAULT, 11);
        Path f = dir.resolve("a.txt");
        Files.writeString(f, "x");
        Files.delete(f);
        List<Event> got = drain(ch, 3, 2000);
        got.forEach(e -> assertEquals(11, e.tag()));
        Event c = find(got, FileChange.CREATE, "a.txt");
        Event m = find(got, FileChange.MODIFY, "a.txt");
        Event d = find(got, FileChange.DELETE, "a.txt");
        assertTrue(got.indexOf(c) < got.indexOf(m) && got.indexOf(m) < got.indexOf(d), "in order: " + got);
    }

    @Test
    void aRenameIsTwoEventsWithOneCookie() throws Exception {
        Path a = Files.writeString(dir.resolve("old"), "x");
        ch.addPath(dir, FileChange.MOVE, 12);
        Files.move(a, dir.resolve("new"));
        List<Event> got = drain(ch, 2, 2000);
        assertEquals(2, got.size(), "only the move was asked for: " + got);
        Event from = find(got, FileChange.MOVED_FROM, "old");
        Event to = find(got, FileChange.MOVED_TO, "new");
        assertNotEquals(0, from.flags(), "a rename has a cookie");
        assertEquals(from.flags(), to.flags(), "the cookie pairs the halves");
    }

    @Test
    void subdirectoriesAreMarked() throws Exception {
        ch.addPath(dir, FileChange.CREATE, 13);
        Files.createDirectory(dir.resolve("sub"));
        Event e = find(drain(ch, 1, 2000), FileChange.CREATE, "sub");
        assertNotEquals(0, e.result() & FileChange.IS_DIRECTORY);
    }

    @Test
    void manyChangesInOneBurstAreAllReported() throws Exception {
        ch.addPath(dir, FileChange.CREATE, 14);
        for (int i = 0; i < 100; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        List<Event> got = drain(ch, 100, 3000);
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            find(got, FileChange.CREATE, "f" + i);
        }
    }

    @Test
    void noEventsAfterRemoval() throws Exception {
        ch.addPath(dir, FileChange.CREATE, 15);
        ch.remove(15);
        Files.createFile(dir.resolve("late"));
        assertTrue(drain(ch, 1, 50).isEmpty());
        assertFalse(ch.isRegistered(15));
        ch.addPath(dir, FileChange.CREATE, 15); // the tag is free again
    }

    @Test
    void deletingTheWatchedDirectoryReportsItsEnd() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("watched"));
        ch.addPath(sub, FileChange.DELETE_SELF, 16);
        Files.delete(sub);
        List<Event> got = drain(ch, 2, 2000);
        assertTrue(got.stream().anyMatch(e -> (e.result() & FileChange.DELETE_SELF) != 0), "DELETE_SELF: " + got);
        assertTrue(got.stream().anyMatch(e -> (e.result() & FileChange.WATCH_GONE) != 0), "WATCH_GONE: " + got);
        got.forEach(e -> assertEquals("", e.name(), "about the path itself"));
    }

    @Test
    void modifyReplacesTheWatchedChanges() throws Exception {
        ch.addPath(dir, FileChange.CREATE, 17);
        ch.modifyPath(17, FileChange.DELETE);
        Path f = Files.createFile(dir.resolve("x"));
        Files.delete(f);
        List<Event> got = drain(ch, 1, 2000);
        assertEquals(1, got.size(), "only the delete: " + got);
        find(got, FileChange.DELETE, "x");
        assertThrows(IllegalArgumentException.class, () -> ch.modifyPath(17, 0));
        assertThrows(IllegalArgumentException.class, () -> ch.modifyPath(99, FileChange.CREATE), "unknown tag");
    }

    @Test
    void badInputIsRefused() {
        assertThrows(NullPointerException.class, () -> ch.addPath(null, FileChange.CREATE, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addPath(dir.resolve("missing"), FileChange.CREATE, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addPath(dir, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ch.addPath(dir, 0x0100_0000, 1));
        ch.addPath(dir, FileChange.CREATE, 1);
        assertThrows(IllegalArgumentException.class, () -> ch.addPath(dir, FileChange.CREATE, 1), "tag taken");
    }
}
