/* newlib's system-call layer for bare-metal M-mode programs on the Matryoshka SoC.
 *
 * stdin/stdout/stderr are UART0. Bytes pass through unchanged: "\n" is NOT turned into "\r\n",
 * so console transcripts are identical on rvsim and QEMU. There is no file system: open fails
 * with ENOENT. The heap lies between __heap_start and __heap_end (link.ld). */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include "bsp/bsp.h"
#include "mmio.h"

/* Prototypes newlib expects; there is no header for them. */
int _write(int fd, const void *buf, size_t len);
int _read(int fd, void *buf, size_t len);
void *_sbrk(ptrdiff_t incr);
void _exit(int code);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _stat(const char *path, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t off, int whence);
int _open(const char *path, int flags, int mode);
int _unlink(const char *path);
int _link(const char *old, const char *new_path);
int _kill(int pid, int sig);
int _getpid(void);
int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *t);

extern char __heap_start[], __heap_end[];

static int is_console(int fd)
{
    return fd >= 0 && fd <= 2;
}

void bsp_finish(int code)
{
    uint32_t cmd = code == 0 ? BSP_FINISHER_PASS
                             : ((uint32_t)(code & 0xffff) << 16) | BSP_FINISHER_FAIL;
    mmio_write32(BSP_FINISHER_BASE, cmd);
    for (;;)  /* the finisher stops the machine; nothing else can be done */
        __asm__ volatile("wfi");
}

void _exit(int code)
{
    bsp_finish(code);
}

int _write(int fd, const void *buf, size_t len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    const char *p = buf;
    for (size_t i = 0; i < len; i++)
        bsp_uart_putc(p[i]);
    return (int)len;
}

/* Blocks for the first byte, then takes whatever else has already arrived, up to the end of
 * a line: that is what a terminal's line discipline would hand over. */
int _read(int fd, void *buf, size_t len)
{
    if (fd != 0) {
        errno = EBADF;
        return -1;
    }
    if (len == 0)
        return 0;
    char *p = buf;
    size_t n = 0;
    int c = bsp_uart_getc();
    for (;;) {
        p[n++] = (char)c;
        if (c == '\n' || n == len)
            break;
        c = bsp_uart_try_getc();
        if (c < 0)
            break;
    }
    return (int)n;
}

void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __heap_start;
    if (incr > __heap_end - brk || incr < __heap_start - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

int _close(int fd)
{
    if (is_console(fd))
        return 0;
    errno = EBADF;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    if (!is_console(fd)) {
        errno = EBADF;
        return -1;
    }
    *st = (struct stat){ .st_mode = S_IFCHR };  /* a character device: line-buffered stdout */
    return 0;
}

int _stat(const char *path, struct stat *st)
{
    (void)path;
    (void)st;
    errno = ENOENT;
    return -1;
}

int _isatty(int fd)
{
    if (is_console(fd))
        return 1;
    errno = EBADF;
    return 0;
}

off_t _lseek(int fd, off_t off, int whence)
{
    (void)off;
    (void)whence;
    errno = is_console(fd) ? ESPIPE : EBADF;
    return -1;
}

int _open(const char *path, int flags, int mode)
{
    (void)path;
    (void)flags;
    (void)mode;
    errno = ENOENT;
    return -1;
}

int _unlink(const char *path)
{
    (void)path;
    errno = ENOENT;
    return -1;
}

int _link(const char *old, const char *new_path)
{
    (void)old;
    (void)new_path;
    errno = EMLINK;
    return -1;
}

int _kill(int pid, int sig)
{
    (void)pid;
    (void)sig;
    errno = EINVAL;
    return -1;
}

int _getpid(void)
{
    return 1;
}

/* Time since reset, from the CLINT's mtime. */
int _gettimeofday(struct timeval *tv, void *tz)
{
    (void)tz;
    uint64_t t = bsp_clint_mtime();
    tv->tv_sec = (time_t)(t / BSP_TIMEBASE_HZ);
    tv->tv_usec = (suseconds_t)(t % BSP_TIMEBASE_HZ / (BSP_TIMEBASE_HZ / 1000000));
    return 0;
}

/* clock() is built on this: all time is user time, in CLOCKS_PER_SEC units. */
clock_t _times(struct tms *t)
{
    uint64_t mtime = bsp_clint_mtime();
    clock_t ticks = (clock_t)(mtime / (BSP_TIMEBASE_HZ / CLOCKS_PER_SEC));
    *t = (struct tms){ .tms_utime = ticks };
    return ticks;
}
