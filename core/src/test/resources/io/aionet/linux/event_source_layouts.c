/* Prints the layouts and constants the event sources (signals, inotify, message queues, futexes) use. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <signal.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sys/signalfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <linux/futex.h>

#define SZ(t) printf("sizeof %s %ld\n", #t, (long) sizeof(t))
#define OFF(t, f) printf("offsetof %s.%s %ld\n", #t, #f, (long) offsetof(t, f))
#define K(n) printf("const %s %ld\n", #n, (long) (n))

int main(void) {
    SZ(sigset_t);
    SZ(struct signalfd_siginfo);
    OFF(struct signalfd_siginfo, ssi_signo);
    OFF(struct signalfd_siginfo, ssi_code);
    OFF(struct signalfd_siginfo, ssi_pid);
    SZ(struct inotify_event);
    OFF(struct inotify_event, wd);
    OFF(struct inotify_event, mask);
    OFF(struct inotify_event, cookie);
    OFF(struct inotify_event, len);
    OFF(struct inotify_event, name);
    SZ(struct mq_attr);
    OFF(struct mq_attr, mq_flags);
    OFF(struct mq_attr, mq_maxmsg);
    OFF(struct mq_attr, mq_msgsize);
    OFF(struct mq_attr, mq_curmsgs);
    K(SIG_BLOCK); K(SIG_UNBLOCK); K(SIG_SETMASK); K(SFD_NONBLOCK); K(SFD_CLOEXEC);
    K(SIGUSR1); K(SIGUSR2); K(SIGWINCH); K(SIGPWR); K(SIGSYS); K(SIGRTMIN); K(SIGRTMAX);
    K(IN_NONBLOCK); K(IN_CLOEXEC); K(IN_MODIFY); K(IN_ATTRIB); K(IN_CLOSE_WRITE); K(IN_MOVED_FROM);
    K(IN_MOVED_TO); K(IN_CREATE); K(IN_DELETE); K(IN_DELETE_SELF); K(IN_MOVE_SELF); K(IN_UNMOUNT);
    K(IN_Q_OVERFLOW); K(IN_IGNORED); K(IN_ISDIR);
    K(O_CREAT); K(O_EXCL); K(SYS_futex); K(FUTEX_WAIT); K(FUTEX_WAKE); K(FUTEX_PRIVATE_FLAG);
    return 0;
}
