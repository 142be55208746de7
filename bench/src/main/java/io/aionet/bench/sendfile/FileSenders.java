package io.aionet.bench.sendfile;

import io.aionet.bench.bulk.RawTcp;
import io.aionet.event.Event;
import io.aionet.event.EventChannel;
import io.aionet.event.EventKind;
import io.aionet.Errno;
import io.aionet.linux.Fds;
import io.aionet.linux.Native;
import io.aionet.linux.Sockets;
import io.aionet.net.AsyncSocket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The senders of the {@code sendfile} benchmark, each sending a whole file {@code times} times over a
 * connected loopback socket and closing it.
 */
final class FileSenders {
    private FileSenders() {}

    /**
     * aionet: {@link AsyncSocket#sendFile} (Polyakov's lazy {@code aio_sendfile}: linked splices file
     * → pipe → socket in io_uring), one file-long send at a time on one event channel.
     */
    static long aionet(int port, Path file, long size, int times) throws Exception {
        int fd = RawTcp.connect(port);
        try (EventChannel ch = EventChannel.create()) {
            AsyncSocket s = AsyncSocket.adopt(ch, fd);
            try {
                Event e = new Event();
                long sent = 0;
                for (int i = 0; i < times; i++) {
                    s.sendFile(file, 0, size, i);
                    boolean done = false;
                    while (!done) {
                        ch.await(1, 1_000_000_000L);
                        while (ch.next(e)) {
                            if (e.kind() == EventKind.COMPLETION && e.tag() == i) {
                                if (e.result() < 0) {
                                    throw new IOException("sendFile: " + Errno.describe(e.errno()));
                                }
                                done = true;
                            }
                        }
                    }
                    sent += size;
                }
                return sent;
            } finally {
                s.close();
            }
        }
    }

    /** JDK: {@link FileChannel#transferTo} into a blocking {@link SocketChannel} (sendfile underneath). */
    static long jdkTransferTo(int port, Path file, long size, int times) throws IOException {
        try (SocketChannel out = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
             FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long sent = 0;
            for (int i = 0; i < times; i++) {
                long pos = 0;
                while (pos < size) {
                    pos += in.transferTo(pos, size - pos, out);
                }
                sent += pos;
            }
            return sent;
        }
    }

    /** Plain {@code sendfile(2)} through {@link Sockets#sendfile} on a blocking socket. */
    static long syscall(int port, Path file, long size, int times) throws Exception {
        int out = RawTcp.connect(port);
        int in = -1;
        try (Arena a = Arena.ofConfined()) {
            in = Native.check("open", Fds.open(file.toString(), Fds.O_RDONLY | Fds.O_CLOEXEC, 0));
            MemorySegment off = a.allocate(ValueLayout.JAVA_LONG);
            long sent = 0;
            for (int i = 0; i < times; i++) {
                off.set(ValueLayout.JAVA_LONG, 0, 0L);
                long done = 0;
                while (done < size) {
                    long r = Sockets.sendfile(out, in, off, size - done);
                    if (r < 0) {
                        if (r == -Errno.EINTR) {
                            continue;
                        }
                        throw new IOException("sendfile: " + Errno.describe((int) -r));
                    }
                    done += r;
                }
                sent += done;
            }
            return sent;
        } finally {
            if (in >= 0) {
                Fds.close(in);
            }
            Fds.close(out);
        }
    }
}
