/*
 * The C io_uring receive reference of the bulk benchmark (liburing): one thread, one ring, every
 * stream a multishot receive that selects buffers from one provided-buffer ring of BUFS x SIZE bytes
 * (the same pool aionet's plain receive uses); each buffer goes back to the ring as soon as its
 * completion is read, in batches, one ring-tail store per batch of completions.
 *
 *   bulk_uring STREAMS    listens on 127.0.0.1, prints "port N", accepts STREAMS connections, receives
 *                         them all until every one ended; prints "result BYTES SECONDS CPU_SECONDS"
 *                         (time and process CPU from the last accept to the last end of stream)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUFS 64
#define SIZE (64 * 1024)
#define BGID 1

static void die(const char *what, int err) {
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void arm(struct io_uring *ring, int fd, int i) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
    if (!sqe) die("io_uring_get_sqe", EBUSY);
    io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = BGID;
    io_uring_sqe_set_data64(sqe, (unsigned long long)i);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: bulk_uring STREAMS\n");
        return 2;
    }
    int streams = atoi(argv[1]);
    if (streams < 1 || streams > 1024) {
        fprintf(stderr, "STREAMS must be 1..1024\n");
        return 2;
    }
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0) die("socket", errno);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(l, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind", errno);
    if (listen(l, 128) < 0) die("listen", errno);
    socklen_t len = sizeof sa;
    if (getsockname(l, (struct sockaddr *)&sa, &len) < 0) die("getsockname", errno);
    printf("port %d\n", ntohs(sa.sin_port));
    fflush(stdout);
    int *fds = calloc(streams, sizeof(int));
    for (int i = 0; i < streams; i++) {
        fds[i] = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        if (fds[i] < 0) die("accept4", errno);
    }
    close(l);

    struct io_uring ring;
    struct io_uring_params p = {.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN};
    int r = io_uring_queue_init_params(256, &ring, &p);
    if (r < 0) {
        memset(&p, 0, sizeof p);
        r = io_uring_queue_init_params(256, &ring, &p);
    }
    if (r < 0) die("io_uring_queue_init_params", -r);
    size_t ring_bytes = BUFS * sizeof(struct io_uring_buf);
    struct io_uring_buf_ring *br = mmap(NULL, ring_bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    char *mem = mmap(NULL, (size_t)BUFS * SIZE, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (br == MAP_FAILED || mem == MAP_FAILED) die("mmap", errno);
    io_uring_buf_ring_init(br);
    struct io_uring_buf_reg reg = {.ring_addr = (unsigned long)br, .ring_entries = BUFS, .bgid = BGID};
    r = io_uring_register_buf_ring(&ring, &reg, 0);
    if (r < 0) die("io_uring_register_buf_ring", -r);
    int mask = io_uring_buf_ring_mask(BUFS);
    for (int b = 0; b < BUFS; b++) io_uring_buf_ring_add(br, mem + (size_t)b * SIZE, SIZE, b, mask, b);
    io_uring_buf_ring_advance(br, BUFS);

    double t0 = now(), c0 = cpu();
    for (int i = 0; i < streams; i++) arm(&ring, fds[i], i);
    long long total = 0;
    int open = streams;
    while (open > 0) {
        r = io_uring_submit_and_wait(&ring, 1);
        if (r < 0 && r != -EINTR) die("io_uring_submit_and_wait", -r);
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        int returned = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            seen++;
            int i = (int)cqe->user_data;
            if (cqe->res > 0) {
                total += cqe->res;
                int bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
                io_uring_buf_ring_add(br, mem + (size_t)bid * SIZE, SIZE, bid, mask, returned++);
            }
            if (!(cqe->flags & IORING_CQE_F_MORE)) {
                if (cqe->res == 0) {
                    close(fds[i]);
                    open--;
                } else if (cqe->res > 0 || cqe->res == -ENOBUFS) {
                    arm(&ring, fds[i], i); /* ended (ran dry or finished its shot): receive again */
                } else {
                    die("recv", -cqe->res);
                }
            }
        }
        if (returned) io_uring_buf_ring_advance(br, returned);
        io_uring_cq_advance(&ring, seen);
    }
    double t1 = now(), c1 = cpu();
    printf("result %lld %.6f %.6f\n", total, t1 - t0, c1 - c0);
    io_uring_queue_exit(&ring);
    return 0;
}
