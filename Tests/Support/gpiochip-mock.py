#!/usr/bin/python3
"""Runs a program against an emulated /dev/gpiochip0, so libgpiod runs for real without GPIO
hardware. umockdev preloads into the program and forwards its ioctls on the chip to the
handlers below (GPIO character-device uAPI v1 and v2, the subset libgpiod 1.6 and 2.x use).

usage: gpiochip-mock.py LOGFILE PROGRAM [ARGS...]
Writes every request and value change to LOGFILE, one per line, and exits with the program's
status. Needs Debian's umockdev, gir1.2-umockdev-1.0 and python3-gi; exits 77 without them.

umockdev cannot create the new file descriptor a line request returns in the kernel, so the
mock hands back the program's own chip descriptor: the program must keep the chip open while
it holds the line (mi50fan does). For the same reason the mock cannot see a request end: a
line stays requested until the program exits, and a second request for it is refused with
EBUSY, as the kernel refuses a line that another request holds.

SIGHUP, SIGINT and SIGTERM are passed on to the program.
"""
import os, signal, struct, subprocess, sys

try:
    import gi
    gi.require_version("UMockdev", "1.0")
    from gi.repository import UMockdev
except (ImportError, ValueError) as error:
    print(f"gpiochip mock unavailable: {error}", file=sys.stderr)
    sys.exit(77)

LINES = 8
LABEL = b"mi50fan-test-gpio"

def ioc(direction, number, size):
    return (direction << 30) | (size << 16) | (0xB4 << 8) | number

READ, READ_WRITE = 2, 3
CHIPINFO = ioc(READ, 0x01, 68)
V1_LINEINFO = ioc(READ_WRITE, 0x02, 72)
V1_LINEHANDLE = ioc(READ_WRITE, 0x03, 364)
V1_GET_VALUES = ioc(READ_WRITE, 0x08, 64)
V1_SET_VALUES = ioc(READ_WRITE, 0x09, 64)
V2_LINEINFO = ioc(READ_WRITE, 0x05, 256)
V2_LINE = ioc(READ_WRITE, 0x07, 592)
V2_GET_VALUES = ioc(READ_WRITE, 0x0E, 16)
V2_SET_VALUES = ioc(READ_WRITE, 0x0F, 16)

log_path, program = sys.argv[1], sys.argv[2:]
lines = {}        # offset -> {"value", "output", "consumer"}
held = []         # offsets of the current request, in request order
events = []
child = None

def note(text):
    events.append(text)

def program_fd(devnode):
    """The program's own descriptor for the chip (umockdev does not say which it is)."""
    target = root + devnode
    candidates = [child.pid] + [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != child.pid]
    for pid in candidates:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return int(fd)
        except OSError:
            continue
    return -1

requested = set()   # every offset requested so far

def request(offsets, output, values, consumer):
    """Records a line request; False (EBUSY) when a line is already requested."""
    global held
    if requested.intersection(offsets):
        note(f"busy {offsets}")
        return False
    requested.update(offsets)
    held = list(offsets)
    for i, offset in enumerate(offsets):
        lines[offset] = {"value": values.get(i, 0), "output": output, "consumer": consumer}
    note(f"request {offsets} output={int(output)} values={[lines[o]['value'] for o in offsets]} consumer={consumer}")
    return True

def set_values(values):
    for offset, value in values.items():
        if lines[offset]["value"] != value:
            note(f"set line {offset} = {value}")
        lines[offset]["value"] = value

def handle(handler, client):
    code, argument = client.get_request(), client.get_arg()
    try:
        if code == CHIPINFO:
            argument.resolve(0, 68).update(0, struct.pack("32s32sI", b"gpiochip0", LABEL, LINES))
        elif code == V1_LINEINFO:
            data = argument.resolve(0, 72)
            offset = struct.unpack_from("I", bytes(data.retrieve()))[0]
            if offset >= LINES:
                client.complete(-1, 22)
                return True
            line = lines.get(offset, {})
            flags = (1 if line.get("consumer") else 0) | (2 if line.get("output") else 0)
            data.update(0, struct.pack("II32s32s", offset, flags, f"FAN{offset}".encode(), line.get("consumer", "").encode()))
        elif code == V1_LINEHANDLE:
            data = argument.resolve(0, 364)
            raw = bytes(data.retrieve())
            count = struct.unpack_from("I", raw, 356)[0]
            offsets = list(struct.unpack_from(f"{count}I", raw, 0))
            flags = struct.unpack_from("I", raw, 256)[0]
            if not request(offsets, bool(flags & 2), {i: raw[260 + i] for i in range(count)}, raw[324:356].split(b"\0")[0].decode()):
                client.complete(-1, 16)
                return True
            data.update(360, struct.pack("i", program_fd(client.get_devnode())))
        elif code in (V1_GET_VALUES, V1_SET_VALUES):
            data = argument.resolve(0, 64)
            if code == V1_SET_VALUES:
                raw = bytes(data.retrieve())
                set_values({offset: raw[i] for i, offset in enumerate(held)})
            else:
                data.update(0, bytes(lines[o]["value"] for o in held).ljust(64, b"\0"))
        elif code == V2_LINEINFO:
            data = argument.resolve(0, 256)
            offset = struct.unpack_from("I", bytes(data.retrieve()), 64)[0]
            line = lines.get(offset, {})
            flags = (1 if line.get("consumer") else 0) | (8 if line.get("output") else 0)
            data.update(0, struct.pack("32s32sIIQ", f"FAN{offset}".encode(), line.get("consumer", "").encode(), offset, 0, flags))
        elif code == V2_LINE:
            data = argument.resolve(0, 592)
            raw = bytes(data.retrieve())
            count = struct.unpack_from("I", raw, 560)[0]
            offsets = list(struct.unpack_from(f"{count}I", raw, 0))
            flags, attributes = struct.unpack_from("QI", raw, 288)
            output, values = bool(flags & 8), {}
            for a in range(attributes):
                kind, _, value, mask = struct.unpack_from("IIQQ", raw, 320 + 24 * a)
                if kind == 1 and value & 8:
                    output = True
                elif kind == 2:
                    output = True
                    values.update({i: value >> i & 1 for i in range(count) if mask >> i & 1})
            if not request(offsets, output, values, raw[256:288].split(b"\0")[0].decode()):
                client.complete(-1, 16)
                return True
            data.update(588, struct.pack("i", program_fd(client.get_devnode())))
        elif code in (V2_GET_VALUES, V2_SET_VALUES):
            data = argument.resolve(0, 16)
            bits, mask = struct.unpack("QQ", bytes(data.retrieve()))
            if code == V2_SET_VALUES:
                set_values({o: bits >> i & 1 for i, o in enumerate(held) if mask >> i & 1})
            else:
                value = sum(lines[o]["value"] << i for i, o in enumerate(held) if mask >> i & 1)
                data.update(0, struct.pack("Q", value))
        else:
            note(f"unhandled ioctl {code:#x}")
            client.complete(-1, 25)
            return True
        client.complete(0, 0)
    except Exception as error:   # report, never hang the program
        note(f"mock error {error!r}")
        client.complete(-1, 5)
    return True

testbed = UMockdev.Testbed.new()
testbed.add_from_string("P: /devices/platform/gpio-mock.0/gpiochip0\nN: gpiochip0=00\n"
                        "E: DEVNAME=/dev/gpiochip0\nE: SUBSYSTEM=gpio\nA: dev=254:0\\n\n")
root = testbed.get_root_dir()
handler = UMockdev.IoctlBase()
handler.connect("handle-ioctl", handle)
testbed.attach_ioctl("/dev/gpiochip0", handler)
environment = dict(os.environ, UMOCKDEV_DIR=root, LD_PRELOAD="libumockdev-preload.so.0")
child = subprocess.Popen(program, env=environment)
for number in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
    signal.signal(number, lambda received, _: child.send_signal(received))
# A test runner's threads block these signals and a spawned process inherits the mask.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGHUP, signal.SIGINT, signal.SIGTERM])
status = child.wait()
with open(log_path, "w") as out:
    out.write("\n".join(events) + "\n")
    out.write("final " + " ".join(f"{o}={l['value']}" for o, l in sorted(lines.items())) + "\n")
sys.exit(status)
