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

// The CPU's CRC-32C instruction takes three cycles before its result can feed the next one, but
// starts one every cycle: one chain over a buffer runs at a third of the speed three independent
// chains do. So a buffer is cut into runs of three blocks, each block's CRC computed on its own
// chain at once, then joined: CRC(a then b) = CRC(a) moved past |b| zero bytes, xor CRC(b) from
// zero (Mark Adler's crc32c.c, zlib's method). Moving a CRC past a fixed number of zero bytes is
// a linear map over GF(2), kept as four tables of 256 (one per byte of the CRC), built once.
enum { CRC32C_LONG = 512, CRC32C_SHORT = 64 };
static uint32_t crc32c_long_shift[4][256];
static uint32_t crc32c_short_shift[4][256];

static uint32_t gf2_times(const uint32_t *matrix, uint32_t vector) {
    uint32_t sum = 0;
    for (; vector; vector >>= 1, matrix++) {
        if (vector & 1) sum ^= *matrix;
    }
    return sum;
}

static void gf2_square(uint32_t *square, const uint32_t *matrix) {
    for (int n = 0; n < 32; n++) square[n] = gf2_times(matrix, matrix[n]);
}

// The tables that move a CRC past `length` zero bytes (a power of two).
static void crc32c_shift_tables(uint32_t tables[4][256], size_t length) {
    uint32_t odd[32], even[32];
    odd[0] = 0x82F63B78u;  // one zero bit
    for (int n = 1; n < 32; n++) odd[n] = 1u << (n - 1);
    gf2_square(even, odd);  // two bits
    gf2_square(odd, even);  // four bits
    uint32_t *result = odd;
    for (size_t bytes = 1; ; bytes <<= 1) {
        // Squared, the operator moves twice as far: past `bytes` zero bytes now.
        uint32_t *next = result == odd ? even : odd;
        gf2_square(next, result);
        result = next;
        if (bytes >= length) break;
    }
    for (uint32_t n = 0; n < 256; n++) {
        for (int k = 0; k < 4; k++) tables[k][n] = gf2_times(result, n << (8 * k));
    }
}

__attribute__((constructor)) static void crc32c_build_tables(void) {
    crc32c_shift_tables(crc32c_long_shift, CRC32C_LONG);
    crc32c_shift_tables(crc32c_short_shift, CRC32C_SHORT);
}

static inline uint32_t crc32c_shift(uint32_t tables[4][256], uint32_t crc) {
    return tables[0][crc & 0xFF] ^ tables[1][(crc >> 8) & 0xFF] ^ tables[2][(crc >> 16) & 0xFF] ^ tables[3][crc >> 24];
}

static inline uint64_t crc32c_load(const unsigned char *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);
    return word;
}

// Three blocks of `block` bytes at a time while they last, on three chains, then joined.
__attribute__((target("sse4.2"), always_inline))
static inline uint32_t crc32c_three_way(uint32_t crc, const unsigned char **bytes, size_t *count, size_t block, uint32_t tables[4][256]) {
    const unsigned char *next = *bytes;
    size_t left = *count;
    uint64_t first = crc;
    while (left >= 3 * block) {
        uint64_t second = 0, third = 0;
        for (const unsigned char *end = next + block; next < end; next += 8) {
            first = _mm_crc32_u64(first, crc32c_load(next));
            second = _mm_crc32_u64(second, crc32c_load(next + block));
            third = _mm_crc32_u64(third, crc32c_load(next + 2 * block));
        }
        first = crc32c_shift(tables, (uint32_t)first) ^ (uint32_t)second;
        first = crc32c_shift(tables, (uint32_t)first) ^ (uint32_t)third;
        next += 2 * block;
        left -= 3 * block;
    }
    *bytes = next;
    *count = left;
    return (uint32_t)first;
}

__attribute__((target("sse4.2")))
static uint32_t crc32c_sse42(uint32_t crc, const unsigned char *bytes, size_t count) {
    crc = crc32c_three_way(crc, &bytes, &count, CRC32C_LONG, crc32c_long_shift);
    crc = crc32c_three_way(crc, &bytes, &count, CRC32C_SHORT, crc32c_short_shift);
    uint64_t state = crc;
    for (; count >= 8; bytes += 8, count -= 8) state = _mm_crc32_u64(state, crc32c_load(bytes));
    uint32_t narrow = (uint32_t)state;
    if (count >= 4) {
        uint32_t word;
        memcpy(&word, bytes, 4);
        narrow = _mm_crc32_u32(narrow, word);
        bytes += 4;
        count -= 4;
    }
    for (; count > 0; bytes++, count--) narrow = _mm_crc32_u8(narrow, *bytes);
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
