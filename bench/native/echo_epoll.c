/*
 * C epoll reference of the "echo" macro benchmark: one thread, level-triggered epoll, non-blocking
 * accept4 and read, and a write of what was read straight back (TCP_NODELAY). A short write (which
 * ping-pong traffic of at most a few KiB does not cause) is finished by waiting for EPOLLOUT.
 *
 *   echo_epoll [PORT]      listens on 127.0.0.1:PORT (0: any free port), prints "port N" and
 *                          "setup ..."
 *
 * Build: gcc -O2 -Wall -o echo_epoll echo_epoll.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 16384

/* Bytes of a short write still to send, per fd (NULL when nothing waits). */
struct pending {
    int len;
    char data[BUF];
};

static struct pending **pendings;
static int max_fd;

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void raise_nofile(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    max_fd = (int)(rl.rlim_cur > 1 << 20 ? 1 << 20 : rl.rlim_cur);
    pendings = calloc(max_fd, sizeof *pendings);
}

static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        die("bind");
    }
    if (listen(fd, 4096) != 0) {
        die("listen");
    }
    socklen_t len = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &len);
    printf("port %d\nsetup one thread, level-triggered epoll, accept4/read/write, TCP_NODELAY\n", ntohs(sa.sin_port));
    fflush(stdout);
    return fd;
}

static void drop(int ep, int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    free(pendings[fd]);
    pendings[fd] = NULL;
    close(fd);
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 0;
    raise_nofile();
    int lfd = listen_on(port);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    static char buf[BUF];
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, -1);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == lfd) {
                int c;
                while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (c >= max_fd) {
                        close(c);
                        continue;
                    }
                    int one = 1;
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                }
                continue;
            }
            struct pending *p = pendings[fd];
            if (p != NULL) { /* EPOLLOUT: finish the short write first */
                ssize_t w = write(fd, p->data, p->len);
                if (w < 0 && errno != EAGAIN) {
                    drop(ep, fd);
                    continue;
                }
                if (w > 0) {
                    memmove(p->data, p->data + w, p->len - w);
                    p->len -= (int)w;
                }
                if (p->len == 0) {
                    free(p);
                    pendings[fd] = NULL;
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = fd};
                    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &cev);
                }
                continue;
            }
            ssize_t r = read(fd, buf, BUF);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
                    continue;
                }
                drop(ep, fd);
                continue;
            }
            ssize_t w = write(fd, buf, r);
            if (w < 0 && errno != EAGAIN) {
                drop(ep, fd);
                continue;
            }
            if (w < r) {
                if (w < 0) {
                    w = 0;
                }
                p = malloc(sizeof *p);
                p->len = (int)(r - w);
                memcpy(p->data, buf + w, p->len);
                pendings[fd] = p;
                struct epoll_event cev = {.events = EPOLLOUT, .data.fd = fd};
                epoll_ctl(ep, EPOLL_CTL_MOD, fd, &cev);
            }
        }
    }
}
