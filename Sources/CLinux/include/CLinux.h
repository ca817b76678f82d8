// The Linux headers Swift's Glibc module does not expose, plus one-line wrappers
// for calls that need _GNU_SOURCE or are macros.
#ifndef CLINUX_H
#define CLINUX_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/file.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/// Asks the CPU to bring the cache line holding `address` in, to be written; a hint that never
/// faults, whatever the address.
static inline void clinux_prefetch_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Asks the CPU to bring the cache line holding `address` in, to be read; never faults.
static inline void clinux_prefetch_read(const void *address) { __builtin_prefetch(address, 0, 3); }

/// accept4(2) with the flags given (SOCK_NONBLOCK | SOCK_CLOEXEC).
int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

/// epoll_event's data.u64 (the struct is packed on x86_64, which Swift imports awkwardly).
int clinux_epoll_ctl(int epfd, int op, int fd, unsigned int events, unsigned long long data);

/// epoll_wait that writes events and their data into two parallel arrays.
int clinux_epoll_wait(int epfd, unsigned int *events, unsigned long long *data, int max, int timeout_ms);

/// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (threads created later inherit it).
int clinux_block_signals(void);

/// Waits for SIGTERM, SIGINT or SIGHUP; returns the signal number.
int clinux_wait_signal(void);

/// Sends a signal to this process (used to wake the signal waiter on shutdown requests).
int clinux_raise_term(void);

/// Names the calling thread (visible in top -H and /proc).
int clinux_set_thread_name(const char *name);

/// 1 when the CPU has the CRC-32C instruction (SSE 4.2 on x86_64), else 0.
int clinux_crc32c_available(void);

/// Extends a CRC-32C register (already inverted, not finalized) over `count` bytes with the CPU
/// instruction; call only when `clinux_crc32c_available()` says 1.
uint32_t clinux_crc32c_update(uint32_t crc, const void *bytes, size_t count);

/// read(2) on a non-blocking descriptor, made as a plain system call: glibc's read is a
/// cancellation point, and marks and unmarks the thread as cancellable around the call with two
/// atomic operations each time. Nothing here cancels threads. -1 and errno on failure.
long clinux_read(int fd, void *buffer, size_t count);

/// send(2) (as sendto with no address) made as a plain system call, as `clinux_read`.
long clinux_send(int fd, const void *buffer, size_t count, int flags);

/// 1 when the program runs set-user-ID or with raised capabilities (getauxval(AT_SECURE)), else 0.
int clinux_is_secure_execution(void);

#endif
