/* Prints sizeof/offsetof of every kernel structure aionet lays out in Java, as "name value" lines.
 * Compiled and run by StructLayoutTest against this machine's kernel headers. */
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <linux/time_types.h>
#include <linux/io_uring.h>

#define SZ(t) printf("sizeof %s %zu\n", #t, sizeof(struct t))
#define OFF(t, f) printf("offsetof %s.%s %zu\n", #t, #f, offsetof(struct t, f))

int main(void) {
    SZ(io_uring_sqe);
    OFF(io_uring_sqe, opcode); OFF(io_uring_sqe, flags); OFF(io_uring_sqe, ioprio); OFF(io_uring_sqe, fd);
    OFF(io_uring_sqe, off); OFF(io_uring_sqe, addr2); OFF(io_uring_sqe, addr); OFF(io_uring_sqe, splice_off_in);
    OFF(io_uring_sqe, len); OFF(io_uring_sqe, rw_flags); OFF(io_uring_sqe, msg_flags);
    OFF(io_uring_sqe, poll32_events); OFF(io_uring_sqe, timeout_flags); OFF(io_uring_sqe, cancel_flags);
    OFF(io_uring_sqe, user_data); OFF(io_uring_sqe, buf_index); OFF(io_uring_sqe, buf_group);
    OFF(io_uring_sqe, personality); OFF(io_uring_sqe, splice_fd_in); OFF(io_uring_sqe, file_index);
    OFF(io_uring_sqe, addr3);

    SZ(io_uring_cqe);
    OFF(io_uring_cqe, user_data); OFF(io_uring_cqe, res); OFF(io_uring_cqe, flags);

    SZ(io_uring_params);
    OFF(io_uring_params, sq_entries); OFF(io_uring_params, cq_entries); OFF(io_uring_params, flags);
    OFF(io_uring_params, sq_thread_cpu); OFF(io_uring_params, sq_thread_idle); OFF(io_uring_params, features);
    OFF(io_uring_params, wq_fd); OFF(io_uring_params, sq_off); OFF(io_uring_params, cq_off);
    SZ(io_sqring_offsets);
    OFF(io_sqring_offsets, head); OFF(io_sqring_offsets, tail); OFF(io_sqring_offsets, ring_mask);
    OFF(io_sqring_offsets, ring_entries); OFF(io_sqring_offsets, flags); OFF(io_sqring_offsets, dropped);
    OFF(io_sqring_offsets, array);
    SZ(io_cqring_offsets);
    OFF(io_cqring_offsets, head); OFF(io_cqring_offsets, tail); OFF(io_cqring_offsets, ring_mask);
    OFF(io_cqring_offsets, ring_entries); OFF(io_cqring_offsets, overflow); OFF(io_cqring_offsets, cqes);
    OFF(io_cqring_offsets, flags);

    SZ(io_uring_buf);
    OFF(io_uring_buf, addr); OFF(io_uring_buf, len); OFF(io_uring_buf, bid); OFF(io_uring_buf, resv);
    printf("offsetof io_uring_buf_ring.tail %zu\n", offsetof(struct io_uring_buf_ring, tail));
    SZ(io_uring_buf_reg);
    OFF(io_uring_buf_reg, ring_addr); OFF(io_uring_buf_reg, ring_entries); OFF(io_uring_buf_reg, bgid);

    SZ(io_uring_probe);
    OFF(io_uring_probe, last_op); OFF(io_uring_probe, ops_len); OFF(io_uring_probe, ops);
    SZ(io_uring_probe_op);
    OFF(io_uring_probe_op, op); OFF(io_uring_probe_op, flags);

    SZ(io_uring_getevents_arg);
    OFF(io_uring_getevents_arg, sigmask); OFF(io_uring_getevents_arg, sigmask_sz); OFF(io_uring_getevents_arg, ts);
    SZ(io_uring_recvmsg_out);

    SZ(__kernel_timespec);
    OFF(__kernel_timespec, tv_sec); OFF(__kernel_timespec, tv_nsec);

    SZ(sockaddr_in);
    OFF(sockaddr_in, sin_family); OFF(sockaddr_in, sin_port); OFF(sockaddr_in, sin_addr);
    SZ(sockaddr_in6);
    OFF(sockaddr_in6, sin6_family); OFF(sockaddr_in6, sin6_port); OFF(sockaddr_in6, sin6_flowinfo);
    OFF(sockaddr_in6, sin6_addr); OFF(sockaddr_in6, sin6_scope_id);
    SZ(sockaddr_un);
    OFF(sockaddr_un, sun_family); OFF(sockaddr_un, sun_path);
    SZ(msghdr);
    OFF(msghdr, msg_name); OFF(msghdr, msg_namelen); OFF(msghdr, msg_iov); OFF(msghdr, msg_iovlen);
    OFF(msghdr, msg_control); OFF(msghdr, msg_controllen); OFF(msghdr, msg_flags);
    SZ(iovec);
    OFF(iovec, iov_base); OFF(iovec, iov_len);
    return 0;
}
