/*
 * The load of the idle benchmark: IDLE connections that never send, plus ACTIVE connections that
 * each send a MSG-byte request and wait for its echo, over and over.
 *
 *   idle_client PORT IDLE ACTIVE SECONDS MSG
 *
 * It connects everything to 127.0.0.1:PORT (raising its descriptor limit to the hard limit), prints
 * "connected N". A line "burst" makes every connection, idle ones included, send one MSG-byte message at
 * once (each connection its own byte pattern) and read its echo back, checked byte for byte; it prints
 * "burst CONNECTIONS OK BAD_BYTES SECONDS" (OK: connections whose echo came back whole and exact within
 * 60 s). Then for every line "go" on standard input runs the active connections for SECONDS
 * through epoll and prints "requests N SECONDS" (requests in flight at the end of one phase go on in
 * the next); at any other line or end of input it closes every connection with a reset (SO_LINGER 0:
 * no TIME_WAIT left behind to exhaust ports over rounds).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Byte k of connection i's burst message. */
static unsigned char pattern(int i, int k) {
    return (unsigned char)(i * 131 + k * 7 + 1);
}

/* Every connection sends one message at once and checks its echo; prints the "burst" line. */
static void burst(const int *fds, int total, int msg) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    int *got = calloc(total, sizeof(int));
    char out[4096], in[4096];
    long long bad = 0;
    double t0 = now();
    for (int i = 0; i < total; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0) die("epoll_ctl");
    }
    for (int i = 0; i < total; i++) {
        for (int k = 0; k < msg; k++) out[k] = (char)pattern(i, k);
        if (send(fds[i], out, msg, 0) != msg) die("send (burst)");
    }
    int done = 0;
    struct epoll_event evs[256];
    while (done < total && now() < t0 + 60) {
        int n = epoll_wait(ep, evs, 256, 100);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int e = 0; e < n; e++) {
            int i = evs[e].data.u32;
            ssize_t r = recv(fds[i], in, sizeof in, 0);
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (r <= 0) {
                epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], NULL);
                got[i] = -1; /* closed or reset: counted as not OK */
                done++;
                continue;
            }
            for (ssize_t k = 0; k < r; k++) {
                if (got[i] + k >= msg || (unsigned char)in[k] != pattern(i, got[i] + (int)k)) bad++;
            }
            got[i] += (int)r;
            if (got[i] >= msg) {
                epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], NULL);
                done++;
            }
        }
    }
    int ok = 0;
    for (int i = 0; i < total; i++) ok += got[i] == msg;
    printf("burst %d %d %lld %.6f\n", total, ok, bad, now() - t0);
    fflush(stdout);
    close(ep);
    free(got);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: idle_client PORT IDLE ACTIVE SECONDS MSG\n");
        return 2;
    }
    int port = atoi(argv[1]), idle = atoi(argv[2]), active = atoi(argv[3]), msg = atoi(argv[5]);
    double seconds = atof(argv[4]);
    if (msg <= 0 || msg > 4096 || active <= 0 || idle < 0) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int total = idle + active;
    int *fds = calloc(total, sizeof(int));
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct linger lg = {1, 0};
    for (int i = 0; i < total; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) die("socket");
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("connect");
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        fds[i] = fd;
    }
    printf("connected %d\n", total);
    fflush(stdout);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return 0;
    if (strncmp(line, "burst", 5) == 0) {
        burst(fds, total, msg);
        if (!fgets(line, sizeof line, stdin)) return 0;
    }
    if (strncmp(line, "go", 2) != 0) return 0;

    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    char req[4096], buf[4096];
    memset(req, 'x', sizeof req);
    int *got = calloc(active, sizeof(int));
    int one = 1;
    for (int i = 0; i < active; i++) {
        int fd = fds[idle + i];
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
        if (send(fd, req, msg, 0) != msg) die("send");
    }
    struct epoll_event evs[128];
    do {
        long long requests = 0;
        double t0 = now(), end = t0 + seconds, t1 = t0;
        while ((t1 = now()) < end) {
            int n = epoll_wait(ep, evs, 128, 100);
            if (n < 0) {
                if (errno == EINTR) continue;
                die("epoll_wait");
            }
            for (int k = 0; k < n; k++) {
                int i = evs[k].data.u32;
                int fd = fds[idle + i];
                ssize_t r = recv(fd, buf, sizeof buf, 0);
                if (r == 0) {
                    fprintf(stderr, "server closed a connection\n");
                    return 1;
                }
                if (r < 0) {
                    if (errno == EAGAIN || errno == EINTR) continue;
                    die("recv");
                }
                got[i] += r;
                if (got[i] >= msg) {
                    got[i] -= msg;
                    requests++;
                    if (send(fd, req, msg, 0) != msg) die("send");
                }
            }
        }
        printf("requests %lld %.6f\n", requests, t1 - t0);
        fflush(stdout);
    } while (fgets(line, sizeof line, stdin) && strncmp(line, "go", 2) == 0);
    for (int i = 0; i < total; i++) close(fds[i]);
    return 0;
}
