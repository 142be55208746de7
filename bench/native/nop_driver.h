/*
 * nop_driver.h: the command line, output and timing that the two C NOP peers share (nop_bench.c on
 * liburing, nop_raw.c on raw system calls), so they differ only in how they drive the ring.
 *
 * A peer includes its io_uring header first, then this file, and defines:
 *   struct nop_ring { ... };
 *   static int peer_open(struct nop_ring *r, unsigned entries, int sq_array, unsigned *requested);
 *       sets the ring up; returns the IORING_SETUP_* flags in force or -errno (sq_array: keep the SQ
 *       index array, do not ask for NO_SQARRAY)
 *   static void peer_print_setup(const struct nop_ring *r);  the setup line's fields after flags=...
 *   static uint64_t peer_run(struct nop_ring *r, unsigned batch, long nops);
 *       runs nops NOPs in batches of batch; returns the sum of the user_data reaped, exits on error
 *   static void peer_close(struct nop_ring *r);
 * and PEER_NAME (the program's name in messages) and PEER_SETUP (the setup call's name) before the
 * include; its main returns nop_main(argc, argv).
 *
 * usage: PEER [-n NOPS] [-w WARMUP_NOPS] [-e ENTRIES] [-a] BATCH...
 * Output, one line each, key=value fields:
 *   setup requested=0x... accepted=0x... flags=NAME|NAME... <the peer's fields>
 *   nop batch=B nops=N ns_per_nop=X cpu_ns_per_nop=Y checksum=C
 * ns_per_nop is elapsed time (CLOCK_MONOTONIC); cpu_ns_per_nop is this thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), user and kernel, which time slices lost to other processes do not
 * inflate; checksum is the sum of the tags reaped, 1 + 2 + ... + N in each timed run. Errors go to
 * stderr with exit status 1 (2 for bad arguments); exit status 77 when io_uring is unavailable.
 */
#ifndef AIONET_NOP_DRIVER_H
#define AIONET_NOP_DRIVER_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The kernel's values, for headers older than the flags (Debian 12's lack NO_SQARRAY). */
#ifndef IORING_SETUP_COOP_TASKRUN
#define IORING_SETUP_COOP_TASKRUN (1U << 8)
#endif
#ifndef IORING_SETUP_TASKRUN_FLAG
#define IORING_SETUP_TASKRUN_FLAG (1U << 9)
#endif
#ifndef IORING_SETUP_SINGLE_ISSUER
#define IORING_SETUP_SINGLE_ISSUER (1U << 12)
#endif
#ifndef IORING_SETUP_DEFER_TASKRUN
#define IORING_SETUP_DEFER_TASKRUN (1U << 13)
#endif
#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY (1U << 16)
#endif

#define MAX_BATCHES 16

struct nop_ring;
static int peer_open(struct nop_ring *r, unsigned entries, int sq_array, unsigned *requested);
static void peer_print_setup(const struct nop_ring *r);
static uint64_t peer_run(struct nop_ring *r, unsigned batch, long nops);
static void peer_close(struct nop_ring *r);

static const struct {
	unsigned flag;
	const char *name;
} FLAG_NAMES[] = {
	{IORING_SETUP_SQPOLL, "SQPOLL"},
	{IORING_SETUP_SUBMIT_ALL, "SUBMIT_ALL"},
	{IORING_SETUP_COOP_TASKRUN, "COOP_TASKRUN"},
	{IORING_SETUP_TASKRUN_FLAG, "TASKRUN_FLAG"},
	{IORING_SETUP_SINGLE_ISSUER, "SINGLE_ISSUER"},
	{IORING_SETUP_DEFER_TASKRUN, "DEFER_TASKRUN"},
	{IORING_SETUP_NO_SQARRAY, "NO_SQARRAY"},
};

/* The order aionet's Builder.bestEffort drops flags in when the kernel answers EINVAL. */
static const unsigned OPTIONAL_FLAGS[] = {IORING_SETUP_NO_SQARRAY, IORING_SETUP_DEFER_TASKRUN,
					  IORING_SETUP_TASKRUN_FLAG, IORING_SETUP_COOP_TASKRUN,
					  IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_SUBMIT_ALL};

/*
 * Drops the next optional flag still in *flags (DEFER_TASKRUN with SINGLE_ISSUER, which it needs);
 * *next walks OPTIONAL_FLAGS. Returns 0, or -1 when none is left to drop.
 */
static int drop_next_flag(unsigned *flags, size_t *next)
{
	size_t n = sizeof(OPTIONAL_FLAGS) / sizeof(OPTIONAL_FLAGS[0]);
	while (*next < n && !(*flags & OPTIONAL_FLAGS[*next]))
		(*next)++;
	if (*next == n)
		return -1;
	*flags &= ~OPTIONAL_FLAGS[*next];
	if (OPTIONAL_FLAGS[*next] == IORING_SETUP_SINGLE_ISSUER)
		*flags &= ~IORING_SETUP_DEFER_TASKRUN;
	return 0;
}

static void print_flags(unsigned flags)
{
	int first = 1;
	for (size_t i = 0; i < sizeof(FLAG_NAMES) / sizeof(FLAG_NAMES[0]); i++) {
		if (flags & FLAG_NAMES[i].flag) {
			printf("%s%s", first ? "" : "|", FLAG_NAMES[i].name);
			first = 0;
		}
	}
	if (first)
		printf("none");
}

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: " PEER_NAME " [-n NOPS] [-w WARMUP_NOPS] [-e ENTRIES] [-a] BATCH...\n");
	exit(2);
}

static long parse_long(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v <= 0) {
		fprintf(stderr, PEER_NAME ": %s must be a positive number: %s\n", what, s);
		exit(2);
	}
	return v;
}

static int nop_main(int argc, char **argv, struct nop_ring *ring)
{
	long nops = 1 << 20, warmup = -1, entries = 256;
	int opt, sq_array = 0;
	while ((opt = getopt(argc, argv, "n:w:e:a")) != -1) {
		switch (opt) {
		case 'n': nops = parse_long(optarg, "NOPS"); break;
		case 'w': warmup = parse_long(optarg, "WARMUP_NOPS"); break;
		case 'e': entries = parse_long(optarg, "ENTRIES"); break;
		case 'a': sq_array = 1; break;
		default: usage();
		}
	}
	if (optind >= argc || argc - optind > MAX_BATCHES)
		usage();
	if (warmup < 0)
		warmup = nops / 10;
	unsigned batches[MAX_BATCHES];
	int nb = 0;
	for (int i = optind; i < argc; i++) {
		long b = parse_long(argv[i], "BATCH");
		if (b > entries) {
			fprintf(stderr, PEER_NAME ": batch %ld exceeds the ring's %ld entries\n", b, entries);
			return 2;
		}
		batches[nb++] = (unsigned)b;
	}

	unsigned requested;
	int flags = peer_open(ring, (unsigned)entries, sq_array, &requested);
	if (flags < 0) {
		fprintf(stderr, PEER_NAME ": " PEER_SETUP ": %s\n", strerror(-flags));
		return (flags == -ENOSYS || flags == -EPERM) ? 77 : 1;
	}
	printf("setup requested=0x%x accepted=0x%x flags=", requested, (unsigned)flags);
	print_flags((unsigned)flags);
	printf(" entries=%ld", entries);
	peer_print_setup(ring);
	printf("\n");

	for (int i = 0; i < nb; i++) {
		unsigned b = batches[i];
		long n = nops / b * b;
		long w = warmup / b * b;
		if (n == 0) {
			fprintf(stderr, PEER_NAME ": NOPS %ld is smaller than batch %u\n", nops, b);
			return 2;
		}
		if (w > 0)
			peer_run(ring, b, w);
		uint64_t c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		uint64_t t0 = now_ns(CLOCK_MONOTONIC);
		uint64_t sum = peer_run(ring, b, n);
		uint64_t t1 = now_ns(CLOCK_MONOTONIC);
		uint64_t c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		printf("nop batch=%u nops=%ld ns_per_nop=%.3f cpu_ns_per_nop=%.3f checksum=%llu\n", b, n,
		       (double)(t1 - t0) / (double)n, (double)(c1 - c0) / (double)n, (unsigned long long)sum);
		fflush(stdout);
	}
	peer_close(ring);
	return 0;
}

#endif
