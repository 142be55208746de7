/*
 * nop_bench: the C reference for aionet's NOP benchmark, built against liburing.
 *
 * For each batch size B it loops: get B SQEs, io_uring_prep_nop each with its user_data,
 * io_uring_submit_and_wait(ring, B), then reap every completion with io_uring_for_each_cqe and
 * io_uring_cq_advance. The time per NOP (CLOCK_MONOTONIC) covers prepare + submit + reap, the same
 * work io.aionet.bench.NopBenchmark and the harness's "aionet" impl measure.
 *
 * The ring is set up the way aionet's IoUring.builder().entries(E).singleThreaded().open() sets up
 * its own: SINGLE_ISSUER | DEFER_TASKRUN | SUBMIT_ALL | NO_SQARRAY, plus TASKRUN_FLAG, dropping flags
 * the kernel rejects with EINVAL in the same order aionet drops them.
 *
 * usage: nop_bench [-n NOPS] [-w WARMUP_NOPS] [-e ENTRIES] BATCH...
 *
 * Output, one line each, machine-readable (key=value fields):
 *   setup requested=0x... accepted=0x... flags=NAME|NAME... entries=E liburing_no_sqarray=0|1
 *   nop batch=B nops=N ns_per_nop=X cpu_ns_per_nop=Y checksum=C
 * ns_per_nop is elapsed time (CLOCK_MONOTONIC); cpu_ns_per_nop is this thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), user and kernel, which time slices lost to other processes do not inflate.
 * Errors go to stderr with exit status 1; exit status 77 when io_uring is unavailable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The kernel's values, for headers older than the flags (Debian 12's liburing 2.3 lacks NO_SQARRAY). */
#ifndef IORING_SETUP_COOP_TASKRUN
#define IORING_SETUP_COOP_TASKRUN (1U << 8)
#endif
#ifdef IORING_SETUP_NO_SQARRAY
/* Only a liburing whose header knows NO_SQARRAY also knows not to fill the SQ index array. */
#define HAVE_NO_SQARRAY 1
#else
#define HAVE_NO_SQARRAY 0
#define IORING_SETUP_NO_SQARRAY (1U << 16)
#endif

#define MAX_BATCHES 16

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

/* Sets the ring up like aionet's singleThreaded() profile; returns the flags in force or -errno. */
static int setup_ring(struct io_uring *ring, unsigned entries, unsigned *requested)
{
	unsigned f = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL;
	if (HAVE_NO_SQARRAY)
		f |= IORING_SETUP_NO_SQARRAY;
	/* As aionet: with deferred (or cooperative) task work, ask the kernel to flag waiting work. */
	f |= IORING_SETUP_TASKRUN_FLAG;
	*requested = f;
	/* The order aionet's Builder.bestEffort drops flags in. */
	const unsigned optional[] = {IORING_SETUP_NO_SQARRAY, IORING_SETUP_DEFER_TASKRUN,
				     IORING_SETUP_TASKRUN_FLAG, IORING_SETUP_COOP_TASKRUN,
				     IORING_SETUP_SINGLE_ISSUER, IORING_SETUP_SUBMIT_ALL};
	size_t next = 0;
	for (;;) {
		struct io_uring_params p;
		memset(&p, 0, sizeof(p));
		p.flags = f;
		int r = io_uring_queue_init_params(entries, ring, &p);
		if (r == 0)
			return (int)f;
		if (r != -EINVAL)
			return r;
		while (next < sizeof(optional) / sizeof(optional[0]) && !(f & optional[next]))
			next++;
		if (next == sizeof(optional) / sizeof(optional[0]))
			return r;
		f &= ~optional[next];
		if (optional[next] == IORING_SETUP_SINGLE_ISSUER)
			f &= ~IORING_SETUP_DEFER_TASKRUN;
	}
}

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * Runs `nops` NOPs in batches of `batch`; returns the checksum of the user_data reaped (so the
 * compiler keeps the reaping loop) or exits on error.
 */
static uint64_t run(struct io_uring *ring, unsigned batch, long nops)
{
	uint64_t sum = 0;
	uint64_t tag = 0;
	long rounds = nops / batch;
	for (long r = 0; r < rounds; r++) {
		for (unsigned i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
			if (!sqe) {
				fprintf(stderr, "nop_bench: SQ full at batch %u\n", batch);
				exit(1);
			}
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, ++tag);
		}
		int ret = io_uring_submit_and_wait(ring, batch);
		if (ret < 0) {
			fprintf(stderr, "nop_bench: io_uring_submit_and_wait: %s\n", strerror(-ret));
			exit(1);
		}
		unsigned head, seen = 0;
		struct io_uring_cqe *cqe;
		io_uring_for_each_cqe(ring, head, cqe) {
			if (cqe->res < 0) {
				fprintf(stderr, "nop_bench: NOP failed: %s\n", strerror(-cqe->res));
				exit(1);
			}
			sum += cqe->user_data;
			seen++;
		}
		io_uring_cq_advance(ring, seen);
		if (seen != batch) {
			fprintf(stderr, "nop_bench: reaped %u completions, expected %u\n", seen, batch);
			exit(1);
		}
	}
	return sum;
}

static void usage(void)
{
	fprintf(stderr, "usage: nop_bench [-n NOPS] [-w WARMUP_NOPS] [-e ENTRIES] BATCH...\n");
	exit(2);
}

static long parse_long(const char *s, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v <= 0) {
		fprintf(stderr, "nop_bench: %s must be a positive number: %s\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long nops = 1 << 20, warmup = -1, entries = 256;
	int opt;
	while ((opt = getopt(argc, argv, "n:w:e:")) != -1) {
		switch (opt) {
		case 'n': nops = parse_long(optarg, "NOPS"); break;
		case 'w': warmup = parse_long(optarg, "WARMUP_NOPS"); break;
		case 'e': entries = parse_long(optarg, "ENTRIES"); break;
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
			fprintf(stderr, "nop_bench: batch %ld exceeds the ring's %ld entries\n", b, entries);
			return 2;
		}
		batches[nb++] = (unsigned)b;
	}

	struct io_uring ring;
	unsigned requested;
	int flags = setup_ring(&ring, (unsigned)entries, &requested);
	if (flags < 0) {
		fprintf(stderr, "nop_bench: io_uring_queue_init_params: %s\n", strerror(-flags));
		return (flags == -ENOSYS || flags == -EPERM) ? 77 : 1;
	}
	printf("setup requested=0x%x accepted=0x%x flags=", requested, (unsigned)flags);
	print_flags((unsigned)flags);
	printf(" entries=%ld liburing_no_sqarray=%d\n", entries, HAVE_NO_SQARRAY);

	for (int i = 0; i < nb; i++) {
		unsigned b = batches[i];
		long n = nops / b * b;
		long w = warmup / b * b;
		if (n == 0) {
			fprintf(stderr, "nop_bench: NOPS %ld is smaller than batch %u\n", nops, b);
			return 2;
		}
		if (w > 0)
			run(&ring, b, w);
		uint64_t c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		uint64_t t0 = now_ns(CLOCK_MONOTONIC);
		uint64_t sum = run(&ring, b, n);
		uint64_t t1 = now_ns(CLOCK_MONOTONIC);
		uint64_t c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
		printf("nop batch=%u nops=%ld ns_per_nop=%.3f cpu_ns_per_nop=%.3f checksum=%llu\n", b, n,
		       (double)(t1 - t0) / (double)n, (double)(c1 - c0) / (double)n, (unsigned long long)sum);
		fflush(stdout);
	}
	io_uring_queue_exit(&ring);
	return 0;
}
