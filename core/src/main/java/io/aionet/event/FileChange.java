package io.aionet.event;

import io.aionet.linux.Inotify;

/**
 * Bits of a file-system interest ({@link EventChannel#addPath}) and of a {@link EventKind#FILE} event's
 * {@link Event#result()} — kevent's inode notifications ("create/remove"), with inotify's values. An
 * event's {@link Event#name()} names the entry inside the watched directory (empty for the watched path
 * itself); {@link Event#flags()} carries the cookie that pairs a {@link #MOVED_FROM} with its
 * {@link #MOVED_TO}.
 */
public final class FileChange {
    private FileChange() {}

    /** An entry was created in the directory ({@code IN_CREATE}). */
    public static final int CREATE = Inotify.IN_CREATE;
    /** An entry was removed from the directory ({@code IN_DELETE}). */
    public static final int DELETE = Inotify.IN_DELETE;
    /** A file was written ({@code IN_MODIFY}). */
    public static final int MODIFY = Inotify.IN_MODIFY;
    /** Metadata changed: permissions, times, links ({@code IN_ATTRIB}). */
    public static final int ATTRIB = Inotify.IN_ATTRIB;
    /** A file opened for writing was closed ({@code IN_CLOSE_WRITE}). */
    public static final int CLOSE_WRITE = Inotify.IN_CLOSE_WRITE;
    /** An entry was renamed away from the directory ({@code IN_MOVED_FROM}). */
    public static final int MOVED_FROM = Inotify.IN_MOVED_FROM;
    /** An entry was renamed into the directory ({@code IN_MOVED_TO}). */
    public static final int MOVED_TO = Inotify.IN_MOVED_TO;
    /** Both halves of a rename. */
    public static final int MOVE = MOVED_FROM | MOVED_TO;
    /** The watched path itself was deleted ({@code IN_DELETE_SELF}). */
    public static final int DELETE_SELF = Inotify.IN_DELETE_SELF;
    /** The watched path itself was moved ({@code IN_MOVE_SELF}). */
    public static final int MOVE_SELF = Inotify.IN_MOVE_SELF;
    /** Create, delete, modify and move: the four changes of Drepper's and Polyakov's proposals. */
    public static final int DEFAULT = CREATE | DELETE | MODIFY | MOVE;

    /** Reported only: the entry is a directory ({@code IN_ISDIR}). */
    public static final int IS_DIRECTORY = Inotify.IN_ISDIR;
    /** Reported only: the kernel's queue overflowed and changes were lost ({@code IN_Q_OVERFLOW}). */
    public static final int OVERFLOWED = Inotify.IN_Q_OVERFLOW;
    /** Reported only: the watch is gone (path deleted, file system unmounted) ({@code IN_IGNORED}). */
    public static final int WATCH_GONE = Inotify.IN_IGNORED;
    /** Reported only: the file system holding the path was unmounted ({@code IN_UNMOUNT}). */
    public static final int UNMOUNTED = Inotify.IN_UNMOUNT;

    static final int VALID = CREATE | DELETE | MODIFY | ATTRIB | CLOSE_WRITE | MOVE | DELETE_SELF | MOVE_SELF;
}
