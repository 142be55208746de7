/*
 * C liburing reference of the "echo" macro benchmark: one thread, one ring set up with
 * SINGLE_ISSUER | DEFER_TASKRUN (and a CQ twice the SQ), a multishot accept, a multishot recv per
 * connection that takes kernel-chosen buffers from a provided buffer ring, and a send of each
 * received buffer straight back; the buffer returns to the ring when its send completes. The loop
 * blocks in io_uring_submit_and_wait (no busy polling).
 *
 * A short send (which ping-pong messages of at most a few KiB do not cause) is finished with a
 * plain blocking send() of the rest.
 *
 *   echo_uring [PORT]      listens on 127.0.0.1:PORT (0: any free port), prints "port N" and the
 *                          ring setup as "setup FLAGS"
 *
 * Build: gcc -O2 -Wall -o echo_uring echo_uring.c -luring
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define ENTRIES 4096
#define NBUFS 4096 /* a power of two; at least one per connection in flight */
#define BUFSZ 2048
#define BGID 0

/* user_data: kind (4 bits) | length (16) | buffer id (16) | fd (28) */
#define KIND_ACCEPT 1ull
#define KIND_RECV 2ull
#define KIND_SEND 3ull

static inline uint64_t ud(uint64_t kind, uint32_t fd, uint32_t bid, uint32_t len) {
    return kind << 60 | (uint64_t)(len & 0xFFFF) << 44 | (uint64_t)(bid & 0xFFFF) << 28 | (fd & 0xFFFFFFF);
}
static inline uint64_t ud_kind(uint64_t u) { return u >> 60; }
static inline uint32_t ud_len(uint64_t u) { return (uint32_t)(u >> 44) & 0xFFFF; }
static inline uint32_t ud_bid(uint64_t u) { return (uint32_t)(u >> 28) & 0xFFFF; }
static inline int ud_fd(uint64_t u) { return (int)(u & 0xFFFFFFF); }

static struct io_uring ring;
static struct io_uring_buf_ring *br;
static char *bufs;
static int lfd;

static void die(const char *what, int err) {
    fprintf(stderr, "echo_uring: %s: %s\n", what, strerror(err));
    exit(2);
}

static struct io_uring_sqe *sqe(void) {
    struct io_uring_sqe *s = io_uring_get_sqe(&ring);
    if (s == NULL) {
        io_uring_submit(&ring);
        s = io_uring_get_sqe(&ring);
    }
    return s;
}

static void arm_accept(void) {
    struct io_uring_sqe *s = sqe();
    io_uring_prep_multishot_accept(s, lfd, NULL, NULL, 0);
    io_uring_sqe_set_data64(s, ud(KIND_ACCEPT, 0, 0, 0));
}

static void arm_recv(int fd) {
    struct io_uring_sqe *s = sqe();
    io_uring_prep_recv_multishot(s, fd, NULL, 0, 0);
    s->flags |= IOSQE_BUFFER_SELECT;
    s->buf_group = BGID;
    io_uring_sqe_set_data64(s, ud(KIND_RECV, fd, 0, 0));
}

static void give_back(uint32_t bid, int *added) {
    io_uring_buf_ring_add(br, bufs + (size_t)bid * BUFSZ, BUFSZ, bid, io_uring_buf_ring_mask(NBUFS), *added);
    (*added)++;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 0;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
    p.cq_entries = ENTRIES * 2;
    int r = io_uring_queue_init_params(ENTRIES, &ring, &p);
    const char *setup = "SINGLE_ISSUER|DEFER_TASKRUN|CQSIZE";
    if (r == -EINVAL) {
        memset(&p, 0, sizeof p);
        p.flags = IORING_SETUP_CQSIZE;
        p.cq_entries = ENTRIES * 2;
        r = io_uring_queue_init_params(ENTRIES, &ring, &p);
        setup = "CQSIZE (DEFER_TASKRUN refused by this kernel)";
    }
    if (r < 0) {
        die("io_uring_queue_init_params", -r);
    }
    size_t ring_bytes = NBUFS * sizeof(struct io_uring_buf);
    br = mmap(NULL, ring_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (br == MAP_FAILED) {
        die("mmap", errno);
    }
    struct io_uring_buf_reg reg = {.ring_addr = (unsigned long)br, .ring_entries = NBUFS, .bgid = BGID};
    r = io_uring_register_buf_ring(&ring, &reg, 0);
    if (r < 0) {
        die("io_uring_register_buf_ring", -r);
    }
    io_uring_buf_ring_init(br);
    bufs = aligned_alloc(4096, (size_t)NBUFS * BUFSZ);
    int added = 0;
    for (uint32_t b = 0; b < NBUFS; b++) {
        give_back(b, &added);
    }
    io_uring_buf_ring_advance(br, added);

    lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        die("bind", errno);
    }
    if (listen(lfd, 4096) != 0) {
        die("listen", errno);
    }
    socklen_t len = sizeof sa;
    getsockname(lfd, (struct sockaddr *)&sa, &len);
    printf("port %d\nsetup one thread, ring %d (%s), multishot accept, multishot recv with a buffer ring of"
           " %d x %d B, send of the received buffer, TCP_NODELAY\n", ntohs(sa.sin_port), ENTRIES, setup, NBUFS, BUFSZ);
    fflush(stdout);
    arm_accept();

    for (;;) {
        r = io_uring_submit_and_wait(&ring, 1);
        if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) {
            die("io_uring_submit_and_wait", -r);
        }
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        added = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            seen++;
            uint64_t u = cqe->user_data;
            int res = cqe->res;
            switch (ud_kind(u)) {
            case KIND_ACCEPT:
                if (res >= 0) {
                    setsockopt(res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    arm_recv(res);
                }
                if (!(cqe->flags & IORING_CQE_F_MORE)) {
                    arm_accept();
                }
                break;
            case KIND_RECV: {
                int fd = ud_fd(u);
                if (res > 0) {
                    uint32_t bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
                    struct io_uring_sqe *s = sqe();
                    io_uring_prep_send(s, fd, bufs + (size_t)bid * BUFSZ, res, MSG_NOSIGNAL);
                    io_uring_sqe_set_data64(s, ud(KIND_SEND, fd, bid, res));
                    if (!(cqe->flags & IORING_CQE_F_MORE)) {
                        arm_recv(fd);
                    }
                } else if (res == -ENOBUFS) {
                    arm_recv(fd); /* buffers come back as sends complete */
                } else if (!(cqe->flags & IORING_CQE_F_MORE)) {
                    close(fd); /* end of stream or an error */
                }
                break;
            }
            case KIND_SEND: {
                uint32_t bid = ud_bid(u);
                int want = (int)ud_len(u);
                if (res > 0 && res < want) {
                    const char *rest = bufs + (size_t)bid * BUFSZ + res;
                    int left = want - res;
                    while (left > 0) {
                        ssize_t w = send(ud_fd(u), rest, left, MSG_NOSIGNAL);
                        if (w <= 0) {
                            break;
                        }
                        rest += w;
                        left -= (int)w;
                    }
                }
                give_back(bid, &added);
                break;
            }
            }
        }
        if (added > 0) {
            io_uring_buf_ring_advance(br, added);
        }
        io_uring_cq_advance(&ring, seen);
    }
}
