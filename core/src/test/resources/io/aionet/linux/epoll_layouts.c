/* Prints the layouts and constants the epoll backend uses (epoll, timerfd, eventfd, MSG_ZEROCOPY's error
 * queue, non-blocking socket flags, the socket options the NIO.2 provider adds), as "name value" lines. Compiled and run by EpollLayoutTest. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <time.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/errqueue.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif

#define SZ(t) printf("sizeof %s %ld\n", #t, (long) sizeof(t))
#define OFF(t, f) printf("offsetof %s.%s %ld\n", #t, #f, (long) offsetof(t, f))
#define K(n) printf("const %s %ld\n", #n, (long) (n))

int main(void) {
    SZ(struct epoll_event);
    OFF(struct epoll_event, events);
    OFF(struct epoll_event, data);
    SZ(struct itimerspec);
    OFF(struct itimerspec, it_interval);
    OFF(struct itimerspec, it_value);
    OFF(struct timespec, tv_nsec);
    SZ(struct sock_extended_err);
    OFF(struct sock_extended_err, ee_errno);
    OFF(struct sock_extended_err, ee_origin);
    OFF(struct sock_extended_err, ee_code);
    OFF(struct sock_extended_err, ee_info);
    OFF(struct sock_extended_err, ee_data);
    SZ(struct cmsghdr);
    OFF(struct cmsghdr, cmsg_len);
    OFF(struct cmsghdr, cmsg_level);
    OFF(struct cmsghdr, cmsg_type);
    printf("const CMSG_DATA_OFFSET %ld\n", (long) CMSG_LEN(0));
    printf("const CMSG_ALIGN_1 %ld\n", (long) CMSG_ALIGN(1));
    K(EPOLL_CLOEXEC); K(EPOLL_CTL_ADD); K(EPOLL_CTL_DEL); K(EPOLL_CTL_MOD);
    K(EPOLLIN); K(EPOLLPRI); K(EPOLLOUT); K(EPOLLERR); K(EPOLLHUP); K(EPOLLRDHUP);
    K((unsigned) EPOLLONESHOT); K((int) EPOLLET);
    K(CLOCK_REALTIME); K(CLOCK_MONOTONIC); K(CLOCK_BOOTTIME);
    K(TFD_NONBLOCK); K(TFD_CLOEXEC); K(TFD_TIMER_ABSTIME);
    K(EFD_NONBLOCK); K(EFD_CLOEXEC); K(EFD_SEMAPHORE);
    K(MSG_DONTWAIT); K(MSG_NOSIGNAL); K(MSG_ERRQUEUE); K(MSG_CTRUNC); K(MSG_TRUNC); K(MSG_WAITALL);
    K(MSG_ZEROCOPY); K(SO_ZEROCOPY); K(SO_ERROR); K(SOL_SOCKET);
    K(SOCK_NONBLOCK); K(SOCK_CLOEXEC); K(O_NONBLOCK); K(F_GETFL); K(F_SETFL);
    K(SO_EE_ORIGIN_ZEROCOPY); K(SO_EE_CODE_ZEROCOPY_COPIED);
    K(TCP_KEEPIDLE); K(TCP_KEEPINTVL); K(TCP_KEEPCNT); K(TCP_QUICKACK); K(SO_INCOMING_NAPI_ID);
    K(SOL_IP); K(IP_RECVERR); K(SOL_IPV6); K(IPV6_RECVERR);
    return 0;
}
