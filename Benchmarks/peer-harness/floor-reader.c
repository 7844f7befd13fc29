/* floor-reader.c -- the floor of a fan controller's tick: read each file named on the command
 * line once (pread on a descriptor kept open), then sleep 1 s; nothing else. Run in the harness
 * as a "controller" to see what the reads and the wake-up alone cost:
 *   cc -O2 -o /tmp/floor-reader floor-reader.c
 *   PEER_CMD='exec /tmp/floor-reader /sys/class/hwmon/hwmon1/temp2_input ...' run_peer.sh custom 240
 * Options add, one at a time, what the service does beside its reads, to see what each costs:
 *   -s        sleep in sigtimedwait with the service's signals blocked, not nanosleep
 *   -w        every 5th tick write a 1,000-byte status file the way the service does (create
 *             a temporary file, fchmod, write, close, rename over /run/floor-reader/status.json),
 *             and on the 2nd and 4th tick of five move a heartbeat (utimensat of a second file)
 *   -t PAGES  after each read, touch PAGES pages of a 4 MB buffer (one byte each, a different
 *             set each time): a working set that has gone cold during the wait */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_PAGES 1024

static void write_status(const char *status, size_t length) {
    int file = open("/run/floor-reader/.status.tmp", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (file < 0) return;
    (void)fchmod(file, 0644);
    (void)write(file, status, length);
    close(file);
    (void)rename("/run/floor-reader/.status.tmp", "/run/floor-reader/status.json");
}

int main(int argc, char **argv) {
    int wait_for_signals = 0, write_files = 0, pages = 0, option;
    while ((option = getopt(argc, argv, "swt:")) != -1) {
        if (option == 's') wait_for_signals = 1;
        else if (option == 'w') write_files = 1;
        else if (option == 't') pages = atoi(optarg);
        else return 2;
    }
    int descriptors[16], count = 0;
    for (int i = optind; i < argc && count < 16; i++) descriptors[count++] = open(argv[i], O_RDONLY);
    volatile char *memory = pages > 0 ? calloc(BUFFER_PAGES, 4096) : 0;
    for (int i = 0; memory && i < BUFFER_PAGES; i++) memory[i * 4096] = 1;
    sigset_t signals;
    sigemptyset(&signals);
    int names[] = {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) sigaddset(&signals, names[i]);
    if (wait_for_signals) sigprocmask(SIG_BLOCK, &signals, 0);
    char status[1000];
    memset(status, 'x', sizeof status);
    if (write_files) {
        mkdir("/run/floor-reader", 0755);
        close(open("/run/floor-reader/service.json", O_CREAT | O_WRONLY, 0644));
    }
    char buffer[64];
    struct timespec second = {1, 0};
    unsigned next = 0;
    for (unsigned tick = 0;; tick++) {
        for (int i = 0; i < count; i++) {
            (void)pread(descriptors[i], buffer, sizeof buffer, 0);
            for (int page = 0; page < pages; page++, next += 7)
                memory[(next % BUFFER_PAGES) * 4096 + (next * 64) % 4096] += 1;
        }
        if (write_files && tick % 5 == 0) write_status(status, sizeof status);
        else if (write_files && (tick % 5 == 2 || tick % 5 == 4))
            (void)utimensat(AT_FDCWD, "/run/floor-reader/service.json", 0, AT_SYMLINK_NOFOLLOW);
        if (wait_for_signals) {
            siginfo_t info;
            if (sigtimedwait(&signals, &info, &second) > 0 && info.si_signo == SIGTERM) return 0;
        } else {
            nanosleep(&second, 0);
        }
    }
}
