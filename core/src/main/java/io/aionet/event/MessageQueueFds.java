package io.aionet.event;

import io.aionet.Errno;
import io.aionet.LinuxException;
import io.aionet.linux.Fds;
import io.aionet.linux.MessageQueues;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** The system calls of the message-queue source (Drepper's message queues on the event channel). */
final class MessageQueueFds {
    private MessageQueueFds() {}

    /**
     * Opens (creating it, mode 0600, when missing) the POSIX message queue {@code name}, non-blocking.
     *
     * @throws IllegalArgumentException      when the name cannot be opened
     * @throws UnsupportedOperationException when this system has no message queues
     */
    static int open(String name) {
        int mqd = MessageQueues.mq_open(name, Fds.O_RDWR | Fds.O_NONBLOCK | MessageQueues.O_CREAT, 0600, MemorySegment.NULL);
        if (mqd == -Errno.ENOSYS) {
            throw new UnsupportedOperationException("POSIX message queues are not available here");
        }
        if (mqd < 0) {
            LinuxException cause = new LinuxException("mq_open", -mqd);
            if (mqd == -Errno.EACCES || mqd == -Errno.ENOENT || mqd == -Errno.EINVAL) {
                throw new IllegalArgumentException("cannot open message queue " + name + ": " + cause.getMessage(), cause);
            }
            throw new UncheckedIOException(cause);
        }
        return mqd;
    }

    /**
     * Checks that {@code mqd} is an open message queue ({@code mq_getattr}).
     *
     * @throws IllegalArgumentException      when it is not
     * @throws UnsupportedOperationException when this system has no message queues
     */
    static void check(int mqd) {
        try (Arena a = Arena.ofConfined()) {
            int r = mqd < 0 ? -Errno.EBADF : MessageQueues.mq_getattr(mqd, a.allocate(MessageQueues.SIZEOF_mq_attr, 8));
            if (r == -Errno.ENOSYS) {
                throw new UnsupportedOperationException("POSIX message queues are not available here");
            }
            if (r < 0) {
                throw new IllegalArgumentException("descriptor " + mqd + " is not an open message queue");
            }
        }
    }
}
