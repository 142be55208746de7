/*
 * Load generator of the "serve" macro benchmark: N keep-alive HTTP/1.1 connections over loopback,
 * each with one GET of PATH outstanding, driven by one thread on level-triggered epoll (what
 * "wrk -t1 -cN" does, with the server's CPU read over exactly the measured window). Each response is
 * read whole (head, then Content-Length bytes of body) before the next request goes out; a status
 * other than 200 or a response that does not parse counts as an error.
 *
 * After a warm-up the measured window opens: the server's CPU time is read there and at its end from
 * /proc/PID/task/STAR/schedstat (nanoseconds on CPU, summed over the server's threads), so the CPU per
 * request covers exactly the requests counted.
 *
 *   http_client -p PORT -c CONNS -u PATH -w WARM_MS -d MEASURE_MS [-P SERVER_PID]
 *
 * prints "key value" lines: requests, seconds, rps, p50_ns, p99_ns, p999_ns, server_cpu_ns,
 * client_cpu_ns, errors, body_bytes.
 *
 * Build: gcc -O2 -Wall -o http_client http_client.c
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
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SUB_BITS 5
#define SUB (1 << SUB_BITS)
#define BUCKETS (64 * SUB)
#define HEAD_MAX 8192
#define READ_SIZE (1 << 20)

static uint64_t hist[BUCKETS];
static uint64_t hist_count;

static int bucket_of(uint64_t v) {
    if (v < SUB) {
        return (int)v;
    }
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - SUB_BITS;
    return (shift + 1) * SUB + (int)((v >> shift) - SUB);
}

static uint64_t bucket_top(int b) {
    if (b < SUB) {
        return (uint64_t)b;
    }
    int shift = b / SUB - 1;
    uint64_t base = (uint64_t)(SUB + b % SUB) << shift;
    return base + ((1ull << shift) - 1);
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
    int hlen;            /* bytes of the current response head held */
    int in_body;         /* the head is complete */
    int status;
    long long body_left; /* body bytes still to come */
    uint64_t sent_at;
    char head[HEAD_MAX];
};

static void die(const char *what) {
    perror(what);
    exit(2);
}

/* Parses a complete head: status and Content-Length; -1 when it does not parse. */
static int parse_head(struct conn *c) {
    c->head[c->hlen] = 0;
    if (c->hlen < 12 || strncmp(c->head, "HTTP/1.", 7) != 0) {
        return -1;
    }
    c->status = atoi(c->head + 9);
    const char *p = c->head;
    c->body_left = -1;
    while ((p = strchr(p, '\n')) != NULL) {
        p++;
        if (strncasecmp(p, "content-length:", 15) == 0) {
            c->body_left = atoll(p + 15);
        }
    }
    if (c->status == 304 || c->status == 204) {
        c->body_left = 0;
    }
    return c->body_left < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
    int port = 0, conns = 1, warm_ms = 500, measure_ms = 1000, server_pid = 0;
    const char *path = "/";
    int opt;
    while ((opt = getopt(argc, argv, "p:c:u:w:d:P:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'c': conns = atoi(optarg); break;
        case 'u': path = optarg; break;
        case 'w': warm_ms = atoi(optarg); break;
        case 'd': measure_ms = atoi(optarg); break;
        case 'P': server_pid = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: http_client -p PORT -c CONNS -u PATH -w WARM_MS -d MEASURE_MS [-P PID]\n");
            return 2;
        }
    }
    if (port <= 0 || conns <= 0 || measure_ms <= 0 || path[0] != '/') {
        fprintf(stderr, "http_client: bad arguments\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)conns + 64) {
        rl.rlim_cur = rl.rlim_max < (rlim_t)conns + 64 ? rl.rlim_max : (rlim_t)conns + 64;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    char req[1024];
    int rlen = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", path);
    char *in = malloc(READ_SIZE);
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
        if (write(cs[i].fd, req, rlen) != rlen) {
            die("write");
        }
    }
    uint64_t measure_at = start + (uint64_t)warm_ms * 1000000ull;
    uint64_t end_at = 0;
    int measuring = 0;
    uint64_t requests = 0, errors = 0, body_bytes = 0;
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
            ssize_t r = read(c->fd, in, READ_SIZE);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                    continue;
                }
                fprintf(stderr, "http_client: connection %u %s\n", evs[k].data.u32,
                        r == 0 ? "closed by the server" : strerror(errno));
                return 3;
            }
            ssize_t p = 0;
            while (p < r) {
                if (!c->in_body) {
                    while (p < r && !c->in_body) {
                        if (c->hlen >= HEAD_MAX - 1) {
                            fprintf(stderr, "http_client: response head over %d bytes\n", HEAD_MAX);
                            return 3;
                        }
                        c->head[c->hlen++] = in[p++];
                        if (c->hlen >= 4 && memcmp(c->head + c->hlen - 4, "\r\n\r\n", 4) == 0) {
                            if (parse_head(c) != 0) {
                                fprintf(stderr, "http_client: bad response head: %.200s\n", c->head);
                                return 3;
                            }
                            c->in_body = 1;
                        }
                    }
                    if (!c->in_body) {
                        break;
                    }
                }
                long long take = r - p < c->body_left ? r - p : c->body_left;
                c->body_left -= take;
                p += take;
                if (measuring) {
                    body_bytes += (uint64_t)take;
                }
                if (c->body_left > 0) {
                    break;
                }
                /* a whole response */
                if (c->status != 200) {
                    errors++;
                }
                if (p < r) {
                    errors++; /* bytes past the response with one request outstanding */
                    p = r;
                }
                if (measuring) {
                    uint64_t ns = t - c->sent_at;
                    hist[bucket_of(ns)]++;
                    hist_count++;
                    requests++;
                }
                c->hlen = 0;
                c->in_body = 0;
                c->sent_at = t;
                if (write(c->fd, req, rlen) != rlen) {
                    fprintf(stderr, "http_client: short write\n");
                    return 3;
                }
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
    printf("body_bytes %llu\n", (unsigned long long)body_bytes);
    fflush(stdout);
    for (int i = 0; i < conns; i++) {
        close(cs[i].fd);
    }
    return 0;
}
