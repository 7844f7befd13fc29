/* floor-reader.c -- the floor of a fan controller's tick: read each file named on the command
 * line once (pread on a descriptor kept open), then sleep 1 s; nothing else. Run in the harness
 * as a "controller" to see what the reads and the wake-up alone cost:
 *   cc -O2 -o /tmp/floor-reader floor-reader.c
 *   PEER_CMD='exec /tmp/floor-reader /sys/class/hwmon/hwmon1/temp2_input ...' run_peer.sh custom 240 */
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int descriptors[16], count = 0;
    for (int i = 1; i < argc && count < 16; i++) descriptors[count++] = open(argv[i], O_RDONLY);
    char buffer[64];
    struct timespec second = {1, 0};
    for (;;) {
        for (int i = 0; i < count; i++) (void)pread(descriptors[i], buffer, sizeof buffer, 0);
        nanosleep(&second, 0);
    }
}
