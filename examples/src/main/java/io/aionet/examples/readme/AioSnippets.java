package io.aionet.examples.readme;

import io.aionet.LinuxException;
import io.aionet.aio.Aio;
import io.aionet.aio.AioFile;
import io.aionet.aio.AioRequest;
import io.aionet.event.EventChannel;
import io.aionet.net.AsyncSocket;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The programs behind the {@code {@snippet}}s of {@code io.aionet.aio} (Drepper's POSIX AIO for sockets):
 * each snippet is a region of this file, quoted verbatim, and {@code AioSnippetsTest} runs each method and
 * checks what it did.
 */
public final class AioSnippets {
    private static final long SENT = 5;

    private AioSnippets() {}

    /**
     * {@code AioRequest}'s class snippet: one {@code aio_send} whose completion is an event ({@code SIGEV_EC}).
     *
     * @param channel the socket's channel, owned by the calling thread
     * @param socket  a connected socket
     * @param message native memory to send; the completion is tagged 5
     * @return the control block, in flight
     */
    public static AioRequest send(EventChannel channel, AsyncSocket socket, MemorySegment message) {
        // @start region="aio-send"
        AioRequest cb = new AioRequest()
                .socket(socket)
                .send(message, 0, (int) message.byteSize())   // aio_send
                .notify(channel, SENT);                       // SIGEV_EC: an event tagged SENT on channel
        Aio.submit(cb);
        // later, on the SENT event: Aio.error(cb) == 0, Aio.returnValue(cb) == bytes sent; cb may be reused
        // @end
        return cb;
    }

    /**
     * {@code Aio}'s class snippet: a header, a file and a trailer as one ordered chain of {@code lio_listio}.
     *
     * @param channel       the socket's channel, owned by the calling thread
     * @param socket        a connected socket
     * @param header        the header's memory
     * @param headerLength  its length
     * @param file          the file to send, opened on {@code channel}
     * @param fileLength    how much of it
     * @param trailer       the trailer's memory
     * @param trailerLength its length
     * @return how many entries failed (0: all three completed in full)
     */
    public static int headFileTrailer(EventChannel channel, AsyncSocket socket, MemorySegment header, int headerLength,
                                      AioFile file, long fileLength, MemorySegment trailer, int trailerLength) {
        // @start region="aio-listio"
        // "send the head, then the file, then the trailer": one ordered chain, one system call
        AioRequest head = new AioRequest().socket(socket).send(header, 0, headerLength).link(true);
        AioRequest body = new AioRequest().socket(socket).sendFile(file, 0, fileLength).link(true);
        AioRequest tail = new AioRequest().socket(socket).send(trailer, 0, trailerLength).notify(channel, SENT);
        int failed = Aio.listio(Aio.LIO_WAIT, head, body, tail);   // 0: all three completed in full
        // @end
        return failed;
    }

    /**
     * {@code AioFile}'s class snippet: {@code aio_read}, {@code aio_suspend}, {@code aio_return}.
     *
     * @param channel a channel owned by the calling thread
     * @param path    a file to read
     * @param buffer  native memory of at least 4 KiB
     * @return the bytes read, or {@code -errno}
     * @throws LinuxException when the file cannot be opened
     */
    public static long readFile(EventChannel channel, Path path, MemorySegment buffer) throws LinuxException {
        long n;
        // @start region="aio-file"
        try (AioFile f = AioFile.open(channel, path, StandardOpenOption.READ)) {
            AioRequest read = new AioRequest().file(f).read(buffer, 0, 4096, 0).notifyNone();
            Aio.submit(read);                        // aio_read
            Aio.suspend(1_000_000_000L, read);       // aio_suspend: wait up to 1 s
            n = Aio.returnValue(read);               // aio_return: the bytes read, or -errno
        }
        // @end
        return n;
    }
}
