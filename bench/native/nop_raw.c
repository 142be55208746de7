/*
 * nop_raw: the C reference for aionet's NOP benchmark written against the kernel's own ABI — the
 * <linux/io_uring.h> that linux-libc-dev ships, io_uring_setup and io_uring_enter as raw system
 * calls, the rings mmap'd by hand and every access to a kernel-shared index ordered with the
 * __atomic builtins. It needs no liburing, so the demo can compare aionet with C on any machine that
 * has gcc; the harness calls it "c-io_uring" (nop_bench.c, the liburing twin, is "c-liburing").
 *
 * For each batch size B it loops: fill B SQEs with IORING_OP_NOP and a user_data tag, publish the SQ
 * tail, one io_uring_enter(fd, B, B, IORING_ENTER_GETEVENTS), then reap every CQE and publish the CQ
 * head. The time per NOP covers prepare + submit + reap, the same work aionet's NopLoop measures.
 *
 * The ring is set up as aionet's IoUring.builder().entries(E).singleThreaded().open() sets up its own:
 * SINGLE_ISSUER | DEFER_TASKRUN | SUBMIT_ALL | NO_SQARRAY | TASKRUN_FLAG, dropping flags the kernel
 * rejects with EINVAL in the order aionet drops them.
 *
 * The command line, the output lines and the timing are nop_driver.h's (one parser reads both
 * peers); -a keeps the SQ index array (no NO_SQARRAY), as kernels before 6.6 require. The setup line
 * ends with sq_entries=S cq_entries=C features=0x...
 */
#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif

#define PEER_NAME "nop_raw"
#define PEER_SETUP "io_uring_setup"
#include "nop_driver.h"

/* The ring as this program sees it: the kernel's indices by pointer, our own copies by value. */
struct nop_ring {
	int fd;
	unsigned flags;
	unsigned features;
	/* submission queue */
	unsigned *sq_khead; /* written by the kernel as it consumes SQEs */
	unsigned *sq_ktail; /* written by us */
	unsigned sq_mask;
	unsigned sq_entries;
	unsigned *sq_array; /* NULL with NO_SQARRAY */
	struct io_uring_sqe *sqes;
	unsigned sq_tail; /* our next free slot, published through sq_ktail */
	/* completion queue */
	unsigned *cq_khead; /* written by us */
	unsigned *cq_ktail; /* written by the kernel as it posts CQEs */
	unsigned cq_mask;
	unsigned cq_entries;
	struct io_uring_cqe *cqes;
	/* mappings, for unmapping */
	void *sq_map, *cq_map, *sqe_map;
	size_t sq_map_len, cq_map_len, sqe_map_len;
};

static int sys_io_uring_setup(unsigned entries, struct io_uring_params *p)
{
	long r = syscall(__NR_io_uring_setup, entries, p);
	return r < 0 ? -errno : (int)r;
}

static int sys_io_uring_enter(int fd, unsigned to_submit, unsigned min_complete, unsigned flags)
{
	long r = syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, NULL, 0);
	return r < 0 ? -errno : (int)r;
}

static void ring_unmap(struct nop_ring *r)
{
	if (r->sqe_map)
		munmap(r->sqe_map, r->sqe_map_len);
	if (r->cq_map && r->cq_map != r->sq_map)
		munmap(r->cq_map, r->cq_map_len);
	if (r->sq_map)
		munmap(r->sq_map, r->sq_map_len);
	r->sqe_map = r->cq_map = r->sq_map = NULL;
}

/* Maps the rings the kernel created for r->fd as p describes them; 0 or -errno. */
static int ring_map(struct nop_ring *r, const struct io_uring_params *p)
{
	size_t cq_len = p->cq_off.cqes + (size_t)p->cq_entries * sizeof(struct io_uring_cqe);
	/* Without NO_SQARRAY the SQ ring ends with the index array; with it sq_off.array is unused and
	 * the SQ indices lie in the shared struct io_rings, before the CQEs (NO_SQARRAY implies a
	 * kernel with IORING_FEAT_SINGLE_MMAP). */
	size_t sq_len = (p->flags & IORING_SETUP_NO_SQARRAY) ? cq_len
							      : p->sq_off.array + (size_t)p->sq_entries * sizeof(unsigned);
	if (p->features & IORING_FEAT_SINGLE_MMAP) {
		/* One mapping at IORING_OFF_SQ_RING holds both rings (the kernel's struct io_rings). */
		if (cq_len > sq_len)
			sq_len = cq_len;
		cq_len = sq_len;
	}
	r->sq_map_len = sq_len;
	r->sq_map = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	if (r->sq_map == MAP_FAILED) {
		r->sq_map = NULL;
		return -errno;
	}
	if (p->features & IORING_FEAT_SINGLE_MMAP) {
		r->cq_map = r->sq_map;
		r->cq_map_len = sq_len;
	} else {
		r->cq_map_len = cq_len;
		r->cq_map = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
		if (r->cq_map == MAP_FAILED) {
			r->cq_map = NULL;
			int e = -errno;
			ring_unmap(r);
			return e;
		}
	}
	r->sqe_map_len = (size_t)p->sq_entries * sizeof(struct io_uring_sqe);
	r->sqe_map = mmap(NULL, r->sqe_map_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (r->sqe_map == MAP_FAILED) {
		r->sqe_map = NULL;
		int e = -errno;
		ring_unmap(r);
		return e;
	}
	char *sq = r->sq_map, *cq = r->cq_map;
	r->sq_khead = (unsigned *)(sq + p->sq_off.head);
	r->sq_ktail = (unsigned *)(sq + p->sq_off.tail);
	r->sq_mask = *(unsigned *)(sq + p->sq_off.ring_mask);
	r->sq_entries = p->sq_entries;
	r->sq_array = (p->flags & IORING_SETUP_NO_SQARRAY) ? NULL : (unsigned *)(sq + p->sq_off.array);
	r->sqes = r->sqe_map;
	r->cq_khead = (unsigned *)(cq + p->cq_off.head);
	r->cq_ktail = (unsigned *)(cq + p->cq_off.tail);
	r->cq_mask = *(unsigned *)(cq + p->cq_off.ring_mask);
	r->cq_entries = p->cq_entries;
	r->cqes = (struct io_uring_cqe *)(cq + p->cq_off.cqes);
	/* Nobody else writes our tail: a plain read of the starting value is enough. */
	r->sq_tail = *r->sq_ktail;
	if (r->sq_array) {
		/* Slot i always names SQE i, so the array is filled once, not per submission. */
		for (unsigned i = 0; i < r->sq_entries; i++)
			r->sq_array[i] = i;
	}
	return 0;
}

/* Sets the ring up like aionet's singleThreaded() profile; returns the flags in force or -errno. */
static int peer_open(struct nop_ring *r, unsigned entries, int sq_array, unsigned *requested)
{
	unsigned f = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL |
		     IORING_SETUP_TASKRUN_FLAG;
	if (!sq_array)
		f |= IORING_SETUP_NO_SQARRAY;
	*requested = f;
	size_t next = 0;
	for (;;) {
		struct io_uring_params p;
		memset(&p, 0, sizeof(p));
		p.flags = f;
		int fd = sys_io_uring_setup(entries, &p);
		if (fd >= 0) {
			memset(r, 0, sizeof(*r));
			r->fd = fd;
			r->flags = f;
			r->features = p.features;
			int m = ring_map(r, &p);
			if (m < 0) {
				close(fd);
				return m;
			}
			return (int)f;
		}
		if (fd != -EINVAL || drop_next_flag(&f, &next) < 0)
			return fd;
	}
}

static void peer_print_setup(const struct nop_ring *r)
{
	printf(" sq_entries=%u cq_entries=%u features=0x%x", r->sq_entries, r->cq_entries, r->features);
}

static void peer_close(struct nop_ring *r)
{
	ring_unmap(r);
	close(r->fd);
}

/* The next free SQE, or NULL when the SQ is full. */
static inline struct io_uring_sqe *get_sqe(struct nop_ring *r)
{
	/* Acquire: pairs with the kernel's release of sq.head once it has read the SQEs before it,
	 * so a slot is reused only after the kernel is done with it. */
	unsigned head = __atomic_load_n(r->sq_khead, __ATOMIC_ACQUIRE);
	if (r->sq_tail - head >= r->sq_entries)
		return NULL;
	return &r->sqes[r->sq_tail++ & r->sq_mask];
}

/*
 * Publishes the SQEs prepared since the last call and submits them with one io_uring_enter that also
 * waits for `wait` completions; returns how many the kernel took, or -errno. The kernel answers
 * -EINTR only when it submitted nothing (a signal during the wait after a submission returns the
 * count), so an interrupted call is made again with the same count; a short wait is the reaper's
 * business (wait_for).
 */
static int submit_and_wait(struct nop_ring *r, unsigned to_submit, unsigned wait)
{
	/* Release: pairs with the kernel's acquire of sq.tail; the SQE stores above become
	 * visible before the new tail does. */
	__atomic_store_n(r->sq_ktail, r->sq_tail, __ATOMIC_RELEASE);
	int ret;
	do
		ret = sys_io_uring_enter(r->fd, to_submit, wait, IORING_ENTER_GETEVENTS);
	while (ret == -EINTR);
	return ret;
}

/* Waits for `more` completions beyond those posted (after an interrupted wait); 0 or -errno. */
static int wait_for(struct nop_ring *r, unsigned more)
{
	int ret;
	do
		ret = sys_io_uring_enter(r->fd, 0, more, IORING_ENTER_GETEVENTS);
	while (ret == -EINTR);
	return ret < 0 ? ret : 0;
}

static uint64_t peer_run(struct nop_ring *r, unsigned batch, long nops)
{
	uint64_t sum = 0;
	uint64_t tag = 0;
	long rounds = nops / batch;
	for (long k = 0; k < rounds; k++) {
		for (unsigned i = 0; i < batch; i++) {
			struct io_uring_sqe *sqe = get_sqe(r);
			if (!sqe) {
				fprintf(stderr, "nop_raw: SQ full at batch %u\n", batch);
				exit(1);
			}
			memset(sqe, 0, sizeof(*sqe));
			sqe->opcode = IORING_OP_NOP;
			sqe->user_data = ++tag;
		}
		int ret = submit_and_wait(r, batch, batch);
		if (ret < 0) {
			fprintf(stderr, "nop_raw: io_uring_enter: %s\n", strerror(-ret));
			exit(1);
		}
		if ((unsigned)ret != batch) {
			fprintf(stderr, "nop_raw: io_uring_enter submitted %d of %u\n", ret, batch);
			exit(1);
		}
		/* Only this thread writes cq.head: a relaxed read of our own last store. */
		unsigned head = __atomic_load_n(r->cq_khead, __ATOMIC_RELAXED);
		unsigned seen = 0;
		while (seen < batch) {
			/* Acquire: pairs with the kernel's release of cq.tail after it wrote the CQEs before it. */
			unsigned tail = __atomic_load_n(r->cq_ktail, __ATOMIC_ACQUIRE);
			for (; head != tail && seen < batch; head++, seen++) {
				const struct io_uring_cqe *cqe = &r->cqes[head & r->cq_mask];
				if (cqe->res < 0) {
					fprintf(stderr, "nop_raw: NOP failed: %s\n", strerror(-cqe->res));
					exit(1);
				}
				sum += cqe->user_data;
			}
			/* Release: pairs with the kernel's acquire of cq.head; our reads of the CQEs are
			 * done before it may overwrite their slots. */
			__atomic_store_n(r->cq_khead, head, __ATOMIC_RELEASE);
			if (seen < batch && (ret = wait_for(r, batch - seen)) < 0) {
				fprintf(stderr, "nop_raw: io_uring_enter (wait): %s\n", strerror(-ret));
				exit(1);
			}
		}
	}
	return sum;
}

int main(int argc, char **argv)
{
	struct nop_ring ring;
	return nop_main(argc, argv, &ring);
}
