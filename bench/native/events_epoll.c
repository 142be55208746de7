/*
 * C reference for the "events" macro benchmark: cross-thread user events through epoll + eventfd.
 *
 * Producers enqueue 64-bit tags into a bounded lock-free multi-producer queue (Vyukov's sequence
 * per slot, as aionet's MpscLongQueue) and write an eventfd only when the consumer announced that it
 * may sleep; the consumer drains the queue and otherwise sleeps in epoll_wait on the eventfd. This is
 * the same protocol as EventChannel.post/await, written in C, so it is the floor for that design.
 *
 *   events_epoll -t EVENTS -p PRODUCERS   throughput: prints
 *       throughput producers=P events=N ns=T cpu_ns=C
 *   events_epoll -l SAMPLES               wake-up latency (consumer asleep in epoll_wait): prints
 *       latency samples=S p50_ns=A p99_ns=B p999_ns=C
 *
 * Build: gcc -O2 -Wall -o events_epoll events_epoll.c -lpthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define CAPACITY (1u << 16) /* as EventChannelOptions.defaults().postCapacity */
#define MASK (CAPACITY - 1)

static uint64_t values[CAPACITY];
static _Atomic uint64_t sequences[CAPACITY];
static _Alignas(64) _Atomic uint64_t tail;
static _Alignas(64) uint64_t head; /* consumer only */
static _Alignas(64) _Atomic int sleeping;
static _Alignas(64) _Atomic uint64_t ready; /* latency mode: samples the consumer has finished */
static _Alignas(64) _Atomic int go;
static int efd, epfd;
static long per_producer;
static _Atomic long producer_cpu_ns;

static long now_ns(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int offer(uint64_t v) {
    for (;;) {
        uint64_t t = atomic_load_explicit(&tail, memory_order_relaxed);
        unsigned i = (unsigned) t & MASK;
        /* acquire: pairs with the consumer's release of the slot's next-lap sequence in poll_one */
        uint64_t seq = atomic_load_explicit(&sequences[i], memory_order_acquire);
        int64_t dif = (int64_t) (seq - t);
        if (dif == 0) {
            if (atomic_compare_exchange_weak_explicit(&tail, &t, t + 1, memory_order_seq_cst, memory_order_relaxed)) {
                values[i] = v;
                /* release: pairs with the consumer's acquire in is_ready */
                atomic_store_explicit(&sequences[i], t + 1, memory_order_release);
                return 1;
            }
        } else if (dif < 0) {
            return 0; /* full */
        }
    }
}

static int is_ready(void) {
    unsigned i = (unsigned) head & MASK;
    return atomic_load_explicit(&sequences[i], memory_order_acquire) == head + 1;
}

static uint64_t poll_one(void) {
    unsigned i = (unsigned) head & MASK;
    uint64_t v = values[i];
    atomic_store_explicit(&sequences[i], head + MASK + 1, memory_order_release);
    head++;
    return v;
}

static int is_empty(void) {
    return atomic_load(&tail) == head && !is_ready();
}

static void wake(void) {
    int one = 1;
    if (atomic_compare_exchange_strong(&sleeping, &one, 0)) {
        uint64_t x = 1;
        if (write(efd, &x, 8) != 8) {
            die("write eventfd");
        }
    }
}

static void post(uint64_t tag) {
    int spins = 0;
    while (!offer(tag)) {
        wake();
        if (++spins >= 100) {
            sched_yield();
        }
    }
    /* seq_cst load after the CAS in offer: pairs with the consumer's store of sleeping = 1 and its
     * re-check of the queue (a Dekker pair, both sides sequentially consistent) */
    if (atomic_load(&sleeping)) {
        wake();
    }
}

/* Blocks until the queue holds something (or the timeout passes); the consumer's await. */
static void await_events(int timeout_ms) {
    if (!is_empty()) {
        return;
    }
    atomic_store(&sleeping, 1);
    if (!is_empty()) {
        atomic_store(&sleeping, 0);
        return;
    }
    struct epoll_event ev;
    int n;
    do {
        n = epoll_wait(epfd, &ev, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        die("epoll_wait");
    }
    if (n > 0) {
        uint64_t x;
        if (read(efd, &x, 8) < 0 && errno != EAGAIN) {
            die("read eventfd");
        }
    }
    atomic_store(&sleeping, 0);
}

static void *producer(void *arg) {
    (void) arg;
    while (!atomic_load(&go)) {
        sched_yield();
    }
    long c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
    for (long i = 0; i < per_producer; i++) {
        post((uint64_t) i);
    }
    atomic_fetch_add(&producer_cpu_ns, now_ns(CLOCK_THREAD_CPUTIME_ID) - c0);
    return NULL;
}

static void throughput(long events, int producers) {
    per_producer = events / producers;
    long total = per_producer * producers;
    pthread_t th[64];
    for (int p = 0; p < producers; p++) {
        if (pthread_create(&th[p], NULL, producer, NULL) != 0) {
            die("pthread_create");
        }
    }
    long c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
    long t0 = now_ns(CLOCK_MONOTONIC);
    atomic_store(&go, 1);
    long count = 0;
    uint64_t sink = 0;
    while (count < total) {
        await_events(1000);
        while (is_ready()) {
            sink += poll_one();
            count++;
        }
    }
    long t1 = now_ns(CLOCK_MONOTONIC);
    long c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
    for (int p = 0; p < producers; p++) {
        pthread_join(th[p], NULL);
    }
    atomic_store(&go, 0);
    printf("throughput producers=%d events=%ld ns=%ld cpu_ns=%ld sink=%lu\n", producers, total, t1 - t0,
           (c1 - c0) + atomic_load(&producer_cpu_ns), (unsigned long) (sink & 1));
    atomic_store(&producer_cpu_ns, 0);
}

static long samples_n;

static void *latency_producer(void *arg) {
    (void) arg;
    struct timespec pause = {0, 20000};
    for (long s = 0; s < samples_n; s++) {
        while (atomic_load(&ready) != (uint64_t) s * 2 + 1) { /* consumer is about to wait for sample s */
            sched_yield();
        }
        nanosleep(&pause, NULL); /* let it reach epoll_wait */
        post((uint64_t) now_ns(CLOCK_MONOTONIC));
    }
    return NULL;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *) a, y = *(const long *) b;
    return x < y ? -1 : x > y;
}

static void latency(long samples) {
    samples_n = samples;
    long *lat = malloc(sizeof(long) * samples);
    pthread_t th;
    atomic_store(&ready, 0);
    if (pthread_create(&th, NULL, latency_producer, NULL) != 0) {
        die("pthread_create");
    }
    for (long s = 0; s < samples; s++) {
        atomic_store(&ready, (uint64_t) s * 2 + 1);
        for (;;) {
            await_events(1000);
            if (is_ready()) {
                long t = (long) poll_one();
                lat[s] = now_ns(CLOCK_MONOTONIC) - t;
                break;
            }
        }
    }
    pthread_join(th, NULL);
    qsort(lat, samples, sizeof(long), cmp_long);
    printf("latency samples=%ld p50_ns=%ld p99_ns=%ld p999_ns=%ld\n", samples, lat[samples / 2],
           lat[(long) (samples * 0.99)], lat[(long) (samples * 0.999)]);
    free(lat);
}

int main(int argc, char **argv) {
    long events = 0, samples = 0;
    int producers = 1;
    int opt;
    while ((opt = getopt(argc, argv, "t:p:l:")) != -1) {
        switch (opt) {
            case 't': events = atol(optarg); break;
            case 'p': producers = atoi(optarg); break;
            case 'l': samples = atol(optarg); break;
            default:
                fprintf(stderr, "usage: %s [-t EVENTS -p PRODUCERS] [-l SAMPLES]\n", argv[0]);
                return 2;
        }
    }
    if (producers < 1 || producers > 64) {
        fprintf(stderr, "producers must be 1..64\n");
        return 2;
    }
    for (unsigned i = 0; i < CAPACITY; i++) {
        atomic_init(&sequences[i], i);
    }
    efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (efd < 0 || epfd < 0) {
        die("eventfd/epoll_create1");
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 1};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &ev) < 0) {
        die("epoll_ctl");
    }
    printf("setup queue=%u epoll+eventfd, wake only when the consumer announced sleep\n", CAPACITY);
    if (events > 0) {
        throughput(events, producers);
    }
    if (samples > 0) {
        latency(samples);
    }
    return 0;
}
