/*
 * Load generator of the "echo" macro benchmark: N TCP connections over loopback, each with one
 * request of S bytes outstanding (ping-pong), driven by one thread on level-triggered epoll. Every
 * completed round trip is timed into a log-linear histogram (32 sub-buckets per power of two, so a
 * reported percentile is within about 3 % of the true one).
 *
 * After a warm-up (every connection has completed round trips, the server's JIT has run) the
 * measured window opens: the server's CPU time is read there and at the end of the window from
 * /proc/PID/task/STAR/schedstat (nanoseconds on CPU, summed over the server's threads), so the CPU per
 * request covers exactly the requests counted.
 *
 *   echo_client -p PORT -c CONNS -s SIZE -w WARM_MS -d MEASURE_MS [-P SERVER_PID]
 *
 * prints "key value" lines: requests, seconds, rps, p50_ns, p99_ns, p999_ns, server_cpu_ns,
 * client_cpu_ns, errors.
 *
 * Build: gcc -O2 -Wall -o echo_client echo_client.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SUB_BITS 5
#define SUB (1 << SUB_BITS)
#define BUCKETS (64 * SUB)

static uint64_t hist[BUCKETS];
static uint64_t hist_count;

static int bucket_of(uint64_t v) {
    if (v < SUB) {
        return (int)v;
    }
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - SUB_BITS; /* keep the top SUB_BITS + 1 bits */
    return (shift + 1) * SUB + (int)((v >> shift) - SUB);
}

/* The highest value that falls into bucket b (a conservative percentile). */
static uint64_t bucket_top(int b) {
    if (b < SUB) {
        return (uint64_t)b;
    }
    int shift = b / SUB - 1;
    uint64_t base = (uint64_t)(SUB + b % SUB) << shift;
    return base + ((1ull << shift) - 1);
}

static void record(uint64_t ns) {
    hist[bucket_of(ns)]++;
    hist_count++;
}

static uint64_t percentile(double p) {
    uint64_t want = (uint64_t)(hist_count * p / 100.0);
    if (want >= hist_count) {
        want = hist_count - 1;
    }
    uint64_t seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
        seen += hist[b];
        if (seen > want) {
            return bucket_top(b);
        }
    }
    return 0;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t self_cpu_ns(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000ull
            + (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000ull;
}

/* CPU time of every thread of process pid, in ns; 0 when it cannot be read. */
static uint64_t proc_cpu_ns(int pid) {
    if (pid <= 0) {
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (d == NULL) {
        return 0;
    }
    uint64_t sum = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char p[320];
        snprintf(p, sizeof p, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        FILE *f = fopen(p, "r");
        if (f == NULL) {
            continue;
        }
        unsigned long long run = 0;
        if (fscanf(f, "%llu", &run) == 1) {
            sum += run;
        }
        fclose(f);
    }
    closedir(d);
    return sum;
}

struct conn {
    int fd;
    int got;          /* bytes of the current response received */
    uint64_t sent_at; /* when the current request was sent */
};

static void die(const char *what) {
    perror(what);
    exit(2);
}

int main(int argc, char **argv) {
    int port = 0, conns = 1, size = 64, warm_ms = 500, measure_ms = 1000, server_pid = 0;
    int opt;
    while ((opt = getopt(argc, argv, "p:c:s:w:d:P:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'c': conns = atoi(optarg); break;
        case 's': size = atoi(optarg); break;
        case 'w': warm_ms = atoi(optarg); break;
        case 'd': measure_ms = atoi(optarg); break;
        case 'P': server_pid = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: echo_client -p PORT -c CONNS -s SIZE -w WARM_MS -d MEASURE_MS [-P PID]\n");
            return 2;
        }
    }
    if (port <= 0 || conns <= 0 || size <= 0 || size > 65536 || measure_ms <= 0) {
        fprintf(stderr, "echo_client: bad arguments\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)conns + 64) {
        rl.rlim_cur = rl.rlim_max < (rlim_t)conns + 64 ? rl.rlim_max : (rlim_t)conns + 64;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    char *out = malloc(size);
    char *in = malloc(65536);
    memset(out, 'e', size);
    struct conn *cs = calloc(conns, sizeof *cs);
    int ep = epoll_create1(0);
    if (ep < 0) {
        die("epoll_create1");
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) {
            die("socket");
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            die("connect");
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        cs[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
            die("epoll_ctl");
        }
    }
    uint64_t start = now_ns();
    for (int i = 0; i < conns; i++) {
        cs[i].sent_at = start;
        if (write(cs[i].fd, out, size) != size) {
            die("write");
        }
    }
    uint64_t measure_at = start + (uint64_t)warm_ms * 1000000ull;
    uint64_t end_at = 0;
    int measuring = 0;
    uint64_t requests = 0, errors = 0;
    uint64_t cpu0 = 0, self0 = 0, t0 = 0;
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, 1000);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("epoll_wait");
        }
        uint64_t t = now_ns();
        if (!measuring && t >= measure_at) {
            measuring = 1;
            t0 = t;
            cpu0 = proc_cpu_ns(server_pid);
            self0 = self_cpu_ns();
            end_at = t0 + (uint64_t)measure_ms * 1000000ull;
        } else if (measuring && t >= end_at) {
            break;
        }
        for (int k = 0; k < n; k++) {
            struct conn *c = &cs[evs[k].data.u32];
            ssize_t r = read(c->fd, in, 65536);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                    continue;
                }
                fprintf(stderr, "echo_client: connection %u %s\n", evs[k].data.u32,
                        r == 0 ? "closed by the server" : strerror(errno));
                return 3;
            }
            c->got += (int)r;
            if (c->got < size) {
                continue;
            }
            if (c->got > size) {
                errors++; /* more than was asked for: the server echoed wrongly */
            }
            if (measuring) {
                record(t - c->sent_at);
                requests++;
            }
            c->got = 0;
            c->sent_at = t;
            ssize_t w = write(c->fd, out, size);
            if (w != size) {
                fprintf(stderr, "echo_client: short write %zd\n", w);
                return 3;
            }
        }
    }
    uint64_t t1 = now_ns();
    uint64_t cpu1 = proc_cpu_ns(server_pid);
    uint64_t self1 = self_cpu_ns();
    double secs = (t1 - t0) / 1e9;
    printf("requests %llu\n", (unsigned long long)requests);
    printf("seconds %.6f\n", secs);
    printf("rps %.1f\n", requests / secs);
    printf("p50_ns %llu\n", (unsigned long long)(hist_count ? percentile(50) : 0));
    printf("p99_ns %llu\n", (unsigned long long)(hist_count ? percentile(99) : 0));
    printf("p999_ns %llu\n", (unsigned long long)(hist_count ? percentile(99.9) : 0));
    printf("server_cpu_ns %llu\n", (unsigned long long)(cpu1 - cpu0));
    printf("client_cpu_ns %llu\n", (unsigned long long)(self1 - self0));
    printf("errors %llu\n", (unsigned long long)errors);
    fflush(stdout);
    for (int i = 0; i < conns; i++) {
        close(cs[i].fd);
    }
    return 0;
}
