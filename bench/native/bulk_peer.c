/*
 * The other end of the bulk and sendfile benchmarks, and the C epoll receive reference.
 *
 *   bulk_peer send PORT STREAMS BYTES FILE   STREAMS connections to 127.0.0.1:PORT, a thread each,
 *                                            sendfile(2) of FILE (repeated) until BYTES went out, close;
 *                                            prints "sent N"
 *   bulk_peer sink                           listens on 127.0.0.1, prints "port N", accepts one
 *                                            connection and recv(2)s into one 64 KiB buffer until
 *                                            end of stream; prints "received N"
 *   bulk_peer epoll STREAMS                  listens, prints "port N", accepts STREAMS connections,
 *                                            then receives them all through epoll (level-triggered,
 *                                            non-blocking recv into one 64 KiB buffer) until every one
 *                                            ended; prints "result BYTES SECONDS CPU_SECONDS" (time
 *                                            and process CPU from the last accept to the last EOF)
 *   bulk_peer blocking STREAMS               listens, prints "port N", accepts STREAMS connections,
 *                                            then a thread per stream recv(2)s (blocking) into its own
 *                                            1 MiB buffer until end of stream; prints "result ..." as
 *                                            epoll does
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

static void die(const char *what) {
    perror(what);
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

static int listen_any(void) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0) die("socket");
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(l, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
    if (listen(l, 128) < 0) die("listen");
    socklen_t len = sizeof sa;
    if (getsockname(l, (struct sockaddr *)&sa, &len) < 0) die("getsockname");
    printf("port %d\n", ntohs(sa.sin_port));
    fflush(stdout);
    return l;
}

struct sender {
    int port;
    long long bytes;
    const char *file;
    long long sent;
};

static void *send_stream(void *arg) {
    struct sender *s = arg;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(s->port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("connect");
    int in = open(s->file, O_RDONLY | O_CLOEXEC);
    if (in < 0) die("open");
    struct stat st;
    if (fstat(in, &st) < 0 || st.st_size == 0) die("fstat");
    while (s->sent < s->bytes) {
        off_t off = s->sent % st.st_size;
        long long n = st.st_size - off;
        if (n > s->bytes - s->sent) n = s->bytes - s->sent;
        ssize_t r = sendfile(fd, in, &off, n);
        if (r < 0) {
            if (errno == EINTR) continue;
            die("sendfile");
        }
        s->sent += r;
    }
    close(in);
    close(fd);
    return NULL;
}

static int do_send(int port, int streams, long long bytes, const char *file) {
    pthread_t t[streams];
    struct sender s[streams];
    for (int i = 0; i < streams; i++) {
        s[i] = (struct sender){port, bytes, file, 0};
        if (pthread_create(&t[i], NULL, send_stream, &s[i]) != 0) die("pthread_create");
    }
    long long total = 0;
    for (int i = 0; i < streams; i++) {
        pthread_join(t[i], NULL);
        total += s[i].sent;
    }
    printf("sent %lld\n", total);
    return 0;
}

static int do_sink(void) {
    int l = listen_any();
    int fd = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) die("accept4");
    close(l);
    static char buf[CHUNK];
    long long total = 0;
    for (;;) {
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r == 0) break;
        if (r < 0) {
            if (errno == EINTR) continue;
            die("recv");
        }
        total += r;
    }
    close(fd);
    printf("received %lld\n", total);
    return 0;
}

static int do_epoll(int streams) {
    int l = listen_any();
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    for (int i = 0; i < streams; i++) {
        int fd = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) die("accept4");
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    }
    close(l);
    double t0 = now(), c0 = cpu();
    static char buf[CHUNK];
    struct epoll_event evs[64];
    long long total = 0;
    int open = streams;
    while (open > 0) {
        int n = epoll_wait(ep, evs, 64, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            ssize_t r = recv(fd, buf, sizeof buf, 0);
            if (r > 0) {
                total += r;
            } else if (r == 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
                close(fd);
                open--;
            } else if (errno != EAGAIN && errno != EINTR) {
                die("recv");
            }
        }
    }
    double t1 = now(), c1 = cpu();
    printf("result %lld %.6f %.6f\n", total, t1 - t0, c1 - c0);
    return 0;
}

#define BIG (1024 * 1024)

struct blocking_stream {
    int fd;
    long long received;
};

static void *recv_stream(void *arg) {
    struct blocking_stream *b = arg;
    char *buf = malloc(BIG);
    if (!buf) die("malloc");
    for (;;) {
        ssize_t r = recv(b->fd, buf, BIG, 0);
        if (r == 0) break;
        if (r < 0) {
            if (errno == EINTR) continue;
            die("recv");
        }
        b->received += r;
    }
    close(b->fd);
    free(buf);
    return NULL;
}

static int do_blocking(int streams) {
    int l = listen_any();
    pthread_t t[streams];
    struct blocking_stream b[streams];
    for (int i = 0; i < streams; i++) {
        b[i] = (struct blocking_stream){accept4(l, NULL, NULL, SOCK_CLOEXEC), 0};
        if (b[i].fd < 0) die("accept4");
    }
    close(l);
    double t0 = now(), c0 = cpu();
    for (int i = 0; i < streams; i++) {
        if (pthread_create(&t[i], NULL, recv_stream, &b[i]) != 0) die("pthread_create");
    }
    long long total = 0;
    for (int i = 0; i < streams; i++) {
        pthread_join(t[i], NULL);
        total += b[i].received;
    }
    double t1 = now(), c1 = cpu();
    printf("result %lld %.6f %.6f\n", total, t1 - t0, c1 - c0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[1], "send") == 0) {
        return do_send(atoi(argv[2]), atoi(argv[3]), atoll(argv[4]), argv[5]);
    }
    if (argc == 2 && strcmp(argv[1], "sink") == 0) {
        return do_sink();
    }
    if (argc == 3 && strcmp(argv[1], "epoll") == 0) {
        return do_epoll(atoi(argv[2]));
    }
    if (argc == 3 && strcmp(argv[1], "blocking") == 0) {
        return do_blocking(atoi(argv[2]));
    }
    fprintf(stderr, "usage: bulk_peer send PORT STREAMS BYTES FILE | sink | epoll STREAMS | blocking STREAMS\n");
    return 2;
}
