package io.aionet.aio;

import io.aionet.LinuxException;
import io.aionet.event.EventChannel;
import io.aionet.linux.Fds;
import io.aionet.linux.FileFds;
import io.aionet.linux.Native;
import io.aionet.linux.Statx;

import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * An open regular file for {@link AioRequest}s — the {@code aio_fildes} of POSIX's {@code struct aiocb} for
 * files ({@code aio_read}, {@code aio_write}, {@code aio_fsync}) and the source of Polyakov's
 * {@code aio_sendfile}. Its requests complete on the channel it was opened for, and it belongs to that
 * channel's owner thread.
 *
 * <p>Closing it ends its requests still in flight (each completes with {@code -ECANCELED}, or with its
 * result when it could not be stopped) and closes the descriptor only once the last of them has completed:
 * a request never reaches another file that took the number meanwhile.
 *
 * {@snippet :
 * try (AioFile f = AioFile.open(channel, path, StandardOpenOption.READ)) {
 *     AioRequest read = new AioRequest().file(f).read(buffer, 0, 4096, 0).notifyNone();
 *     Aio.submit(read);                        // aio_read
 *     Aio.suspend(1_000_000_000L, read);       // aio_suspend: wait up to 1 s
 *     n = Aio.returnValue(read);               // aio_return: the bytes read, or -errno
 * }
 * }
 */
public final class AioFile implements AutoCloseable {
    private final EventChannel channel;
    private final int fd;
    private final Path path;
    private final io.aionet.internal.Resources.Handle tracker;
    /** AIO requests in flight that name this file (as target or as a file send's source). */
    int inFlight;
    private boolean closed;
    private boolean fdClosed;

    private AioFile(EventChannel channel, int fd, Path path) {
        this.channel = channel;
        this.fd = fd;
        this.path = path;
        this.tracker = io.aionet.internal.Resources.track(io.aionet.internal.Resources.Kind.AIO_FILE, this,
                "AioFile[" + path + "]");
    }

    /**
     * Opens {@code path} ({@code open(2)}, close-on-exec) for requests completing on {@code channel}.
     * Options: {@link StandardOpenOption#READ} (the default without {@code WRITE} or {@code APPEND}),
     * {@code WRITE}, {@code APPEND}, {@code CREATE}, {@code CREATE_NEW}, {@code TRUNCATE_EXISTING},
     * {@code DSYNC}, {@code SYNC}.
     *
     * @param channel the channel the file's requests complete on; call on its owner thread
     * @param path    the file
     * @param options how to open it
     * @return the open file; close it on the channel's owner thread
     * @throws LinuxException           when {@code open(2)} fails ({@code ENOENT}, {@code EACCES}, …)
     * @throws IllegalArgumentException when the path is not a regular file, or for an option not listed
     * @throws WrongThreadException     off the channel's owner thread
     */
    public static AioFile open(EventChannel channel, Path path, OpenOption... options) throws LinuxException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        io.aionet.internal.Owner.check(channel.owner(), channel);
        int flags = flags(options);
        int fd = Fds.open(path.toAbsolutePath().toString(), flags | Fds.O_CLOEXEC, 0666); // a new file: 0666 less the umask
        if (fd < 0) {
            throw new LinuxException("open", -fd, path.toString());
        }
        Statx st = new Statx();
        int r = st.of(fd);
        if (r < 0 || !st.isRegularFile()) {
            Fds.close(fd);
            if (r < 0) {
                throw new LinuxException("statx", -r, path.toString());
            }
            throw new IllegalArgumentException("not a regular file: " + path);
        }
        return new AioFile(channel, fd, path);
    }

    private static int flags(OpenOption[] options) {
        boolean read = false;
        boolean write = false;
        int flags = 0;
        for (OpenOption o : options) {
            Objects.requireNonNull(o, "options");
            if (!(o instanceof StandardOpenOption so)) {
                throw new IllegalArgumentException("unsupported open option: " + o);
            }
            switch (so) {
                case READ -> read = true;
                case WRITE -> write = true;
                case APPEND -> {
                    write = true;
                    flags |= FileFds.O_APPEND;
                }
                case CREATE -> flags |= FileFds.O_CREAT;
                case CREATE_NEW -> flags |= FileFds.O_CREAT | FileFds.O_EXCL;
                case TRUNCATE_EXISTING -> flags |= FileFds.O_TRUNC;
                case DSYNC -> flags |= FileFds.O_DSYNC;
                case SYNC -> flags |= FileFds.O_SYNC;
                default -> throw new IllegalArgumentException("unsupported open option: " + o);
            }
        }
        if (!write) {
            read = true;
        }
        return flags | (read && write ? Fds.O_RDWR : write ? Fds.O_WRONLY : Fds.O_RDONLY);
    }

    /**
     * {@return the file's size now ({@code statx(2)} of the open descriptor)}
     *
     * @throws LinuxException        when {@code statx} fails
     * @throws IllegalStateException when the file is closed
     */
    public long size() throws LinuxException {
        ensureOpen();
        Statx st = new Statx();
        Native.check("statx", st.of(fd));
        return st.size();
    }

    /** {@return the channel the file's requests complete on} */
    public EventChannel channel() {
        return channel;
    }

    /** {@return the path it was opened with} */
    public Path path() {
        return path;
    }

    /** {@return true after {@link #close()}} */
    public boolean isClosed() {
        return closed;
    }

    int fd() {
        return fd;
    }

    /** The last request naming the file completed: a closed file's descriptor goes now. */
    void requestEnded() {
        if (--inFlight == 0 && closed) {
            closeDescriptor();
        }
    }

    /**
     * Ends the file's requests in flight ({@code -ECANCELED}, or their result when they could not be stopped)
     * and closes the descriptor once the last has completed. Closing twice is harmless. Owner thread.
     */
    @Override
    public void close() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            return;
        }
        closed = true;
        tracker.close();
        if (inFlight > 0 && !channel.isClosed()) {
            AioEngine.of(channel).cancelQuietly(this);
        }
        if (inFlight == 0 || channel.isClosed()) {
            closeDescriptor();
        }
    }

    private void closeDescriptor() {
        if (!fdClosed) {
            fdClosed = true;
            Fds.close(fd);
        }
    }

    void ensureOpen() {
        io.aionet.internal.Owner.check(channel.owner(), this);
        if (closed) {
            throw new IllegalStateException("AioFile is closed: " + path);
        }
    }

    @Override
    public String toString() {
        return "AioFile[" + path + ", fd " + fd + (closed ? ", closed" : "") + "]";
    }
}
