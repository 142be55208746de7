/*
 * nop_bench: the C reference for aionet's NOP benchmark, built against liburing ("c-liburing").
 *
 * For each batch size B it loops: get B SQEs, io_uring_prep_nop each with its user_data,
 * io_uring_submit_and_wait(ring, B), then reap every completion with io_uring_for_each_cqe and
 * io_uring_cq_advance. The time per NOP (CLOCK_MONOTONIC) covers prepare + submit + reap, the same
 * work io.aionet.bench.NopBenchmark and the harness's "aionet" impl measure.
 *
 * The ring is set up the way aionet's IoUring.builder().entries(E).singleThreaded().open() sets up
 * its own: SINGLE_ISSUER | DEFER_TASKRUN | SUBMIT_ALL | NO_SQARRAY, plus TASKRUN_FLAG, dropping flags
 * the kernel rejects with EINVAL in the same order aionet drops them. NO_SQARRAY only when liburing's
 * header knows it (Debian 12's liburing 2.3 does not, and would fill the SQ index array the flag
 * removes).
 *
 * The command line, the output lines and the timing are nop_driver.h's; the setup line ends with
 * liburing_no_sqarray=0|1.
 */
#define _GNU_SOURCE
#include <liburing.h>

#ifdef IORING_SETUP_NO_SQARRAY
/* Only a liburing whose header knows NO_SQARRAY also knows not to fill the SQ index array. */
#define HAVE_NO_SQARRAY 1
#else
#define HAVE_NO_SQARRAY 0
#endif

#define PEER_NAME "nop_bench"
#define PEER_SETUP "io_uring_queue_init_params"
#include "nop_driver.h"

struct nop_ring {
	struct io_uring ring;
};

static int peer_open(struct nop_ring *r, unsigned entries, int sq_array, unsigned *requested)
{
	unsigned f = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL;
	if (HAVE_NO_SQARRAY && !sq_array)
		f |= IORING_SETUP_NO_SQARRAY;
	/* As aionet: with deferred (or cooperative) task work, ask the kernel to flag waiting work. */
	f |= IORING_SETUP_TASKRUN_FLAG;
	*requested = f;
	size_t next = 0;
	for (;;) {
		struct io_uring_params p;
		memset(&p, 0, sizeof(p));
		p.flags = f;
		int ret = io_uring_queue_init_params(entries, &r->ring, &p);
		if (ret == 0)
			return (int)f;
		if (ret != -EINVAL || drop_next_flag(&f, &next) < 0)
			return ret;
	}
}

static void peer_print_setup(const struct nop_ring *r)
{
	(void)r;
	printf(" liburing_no_sqarray=%d", HAVE_NO_SQARRAY);
}

static uint64_t peer_run(struct nop_ring *r, unsigned batch, long nops)
{
	struct io_uring *ring = &r->ring;
	uint64_t sum = 0;
	uint64_t tag = 0;
	long rounds = nops / batch;
	for (long k = 0; k < rounds; k++) {
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

static void peer_close(struct nop_ring *r)
{
	io_uring_queue_exit(&r->ring);
}

int main(int argc, char **argv)
{
	struct nop_ring ring;
	return nop_main(argc, argv, &ring);
}
