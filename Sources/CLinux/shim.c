#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int clinux_epoll_ctl(int epfd, int op, int fd, unsigned int events, unsigned long long data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}

int clinux_epoll_wait(int epfd, unsigned int *events, unsigned long long *data, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    // A plain system call, not glibc's cancellable wrapper (see clinux_read).
    int n = (int)syscall(SYS_epoll_pwait, epfd, evs, max, timeout_ms, NULL, 0);
    for (int i = 0; i < n; i++) {
        events[i] = evs[i].events;
        data[i] = evs[i].data.u64;
    }
    return n;
}

static sigset_t clinux_sigset(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    return set;
}

int clinux_block_signals(void) {
    sigset_t set = clinux_sigset();
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int clinux_wait_signal(void) {
    sigset_t set = clinux_sigset();
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {}
    return sig;
}

int clinux_raise_term(void) {
    return kill(getpid(), SIGTERM);
}

int clinux_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

#if defined(__x86_64__)
#include <nmmintrin.h>
#include <string.h>

__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const unsigned char *bytes, size_t count) {
    uint64_t state = crc;
    while (count >= 8) {
        uint64_t word;
        memcpy(&word, bytes, 8);
        state = _mm_crc32_u64(state, word);
        bytes += 8;
        count -= 8;
    }
    uint32_t narrow = (uint32_t)state;
    while (count > 0) {
        narrow = _mm_crc32_u8(narrow, *bytes++);
        count -= 1;
    }
    return narrow;
}

int clinux_crc32c_available(void) { return __builtin_cpu_supports("sse4.2") ? 1 : 0; }

uint32_t clinux_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    return crc32c_sse42(crc, (const unsigned char *)bytes, count);
}
#else
int clinux_crc32c_available(void) { return 0; }

uint32_t clinux_crc32c_update(uint32_t crc, const void *bytes, size_t count) {
    (void)bytes;
    (void)count;
    return crc;
}
#endif

int clinux_is_secure_execution(void) {
    return getauxval(AT_SECURE) != 0;
}

long clinux_read(int fd, void *buffer, size_t count) {
    return syscall(SYS_read, fd, buffer, count);
}

long clinux_send(int fd, const void *buffer, size_t count, int flags) {
    return syscall(SYS_sendto, fd, buffer, count, flags, NULL, 0);
}
