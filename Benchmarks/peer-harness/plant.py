#!/usr/bin/env python3
"""plant.py -- a simulated GPU + fan behind a fake hwmon sysfs tree.

It is the "hardware" that Linux fan controllers (fancontrol, thinkfan,
amdgpu-fan, or a new one) are run against, so they can be compared on the
same plant.  Needs fusepy + libfuse2 for `run` (stdlib only otherwise).

Sub-commands
  run    --root MNT ...  mount the fake sysfs (FUSE, sysfs semantics, see the
         SysfsTree comment) on MNT and run the closed loop in real time at a
         fixed 100 ms step: read the pwm1/pwm1_enable the controller wrote,
         step the thermal model, update temp*_input / fan1_input /
         power1_average, log one CSV row per step.  The runner bind-mounts
         MNT/class over /sys/class and MNT/devices over /sys/devices inside a
         private mount namespace, so controllers see:
           /sys/class/hwmon/hwmon0 -> devices/platform/nct6775.656/hwmon/hwmon0
               name=nct6775  pwm1 (0-255) pwm1_enable pwm1_mode fan1_input temp1_input
           /sys/class/hwmon/hwmon1 -> devices/pci0000:00/0000:00:03.1/0000:27:00.0/hwmon/hwmon1
               name=amdgpu  temp1_input edge, temp2_input junction, temp3_input mem
               (m°C) + temp*_label, temp*_crit, power1_average, power1_cap;
               with --fan-source amdgpu also pwm1 pwm1_enable pwm1_min pwm1_max
               fan1_input fan1_min fan1_max (the card's own fan drives the blower)
           /sys/class/drm/card0 -> devices/.../0000:27:00.0/drm/card0 (device link)
         Every hwmon dir has a `device` symlink, so fancontrol's DEVPATH/DEVNAME
         checks pass unchanged.  Faults (--fault delete|eio|eacces|freeze on
         temp1/2/3_input at --fault-at for --fault-for seconds).
  tree   print that layout.
  sim    offline (no sysfs, as fast as possible) with a built-in reference
         controller (const:N | curve | curve_edge | auto); used for baselines
         and the determinism check.
  trace  print a summary of the power trace of a scenario.

CSV (one row per 100 ms step): t, power, edge, junction, mem, pwm, rpm (the
sensor values as written, pwm = duty applied to the fan, rpm as reported),
then junction_true/edge_true/mem_true (noise-free model), power_demand,
throttle, pwm_file (pwm1 register), enable (pwm1_enable), fault, and the
cumulative controller counters rd_edge, rd_junction (opens of temp1/temp2),
wr_pwm, wr_enable (writes to pwm1/pwm1_enable), lag_ms (step lateness).

Determinism: the power trace and the sensor noise come from two
random.Random streams seeded from --seed only, drawn in a fixed order each
step, and the model uses a fixed dt (simulated time t = k * 0.1 s, whatever
the wall clock does).  So for a given seed and a given sequence of PWM values
the output is bit-identical (`sim` twice -> same sha256).  In `run` mode the
PWM sequence comes from a real controller, so runs differ only through the
controller's timing.
"""
import argparse
import ctypes
import hashlib
import json
import math
import os
import random
import re
import signal
import struct
import sys
import time

# --------------------------------------------------------------------------
# Thermal / fan model.  All temperatures in deg C, power in W.
#
#   fan:      duty d = pwm/255.  A running fan stops below DUTY_STALL (20 %);
#             a stopped fan needs DUTY_START (25 %) to spin up again.
#             Running: rpm_target = RPM_MAX * d (proportional), reached with a
#             first-order lag TAU_FAN.  airflow a = rpm / RPM_MAX (0..1).
#   cooling:  conductance heatsink->ambient G(a) = G_PASSIVE + G_FAN * a^0.8
#             (forced convection ~ Re^0.8), so it grows with airflow.
#   edge:     the heatsink node, first order:  C_HS dTe/dt = P - G(a)(Te - Tamb)
#             (time constant C_HS/G: ~55 s at full airflow, ~110 s at 30 %)
#   junction: Tj = Te + Dj, first order  TAU_J dDj/dt = R_JC*P - Dj   (fast)
#   mem:      Tm = Te + Dm, first order  TAU_MEM dDm/dt = R_MEM*P - Dm
#             => junction > mem > edge whenever P > 0.
#   throttle: above THROTTLE_T junction the GPU cuts its power linearly,
#             P = P_demand * max(THROTTLE_MIN, 1 - (Tj-THROTTLE_T)/THROTTLE_SPAN)
#             (like the SMU hotspot limit); keeps a dead controller bounded.
#   sensors:  + gaussian noise NOISE_C, quantised to QUANT_MC millidegrees
#             (amdgpu reports whole degrees), rpm +-1 % noise.
# Steady state check: 250 W at full fan -> edge 63.5, mem 75, junction 85 C;
# 225 W at the test curve (30 %@50 -> 100 %@85 C junction) -> ~92 % pwm, Tj ~81 C;
# 20 W idle at 30 % -> Tj ~33 C.
# --------------------------------------------------------------------------
DT = 0.1
AMBIENT_C = 25.0
C_HS = 350.0          # J/K   heatsink + board
G_PASSIVE = 1.0       # W/K   fan stopped
G_FAN = 5.0           # W/K   extra at 6000 rpm
AIRFLOW_EXP = 0.8
R_JC = 0.085          # K/W   hotspot over edge
TAU_J = 1.5           # s
R_MEM = 0.045         # K/W   memory over edge
TAU_MEM = 12.0        # s
RPM_MAX = 6000.0      # 40 mm blower
DUTY_STALL = 0.20
DUTY_START = 0.25
TAU_FAN = 0.8         # s
THROTTLE_T = 100.0
THROTTLE_SPAN = 15.0
THROTTLE_MIN = 0.3
NOISE_C = 0.25
QUANT_MC = 1000
IDLE_W = 20.0
AUTO_DUTY_NCT = 77    # Super I/O "SmartFan" duty in auto mode (30 %): the chip
                      # follows its own (CPU/system) sensor, blind to the GPU.
# amdgpu firmware curve (pwm1_enable=2 on the card): 20 % at Tj<=45 .. 100 % at 95
AMD_FW_CURVE = ((45.0, 0.20), (95.0, 1.00))

NCT_DEV = "devices/platform/nct6775.656"
GPU_DEV = "devices/pci0000:00/0000:00:03.1/0000:27:00.0"
NCT_HWMON = NCT_DEV + "/hwmon/hwmon0"
GPU_HWMON = GPU_DEV + "/hwmon/hwmon1"
SENSOR_FILES = {"edge": "temp1_input", "junction": "temp2_input", "mem": "temp3_input"}


def conductance(airflow):
    return G_PASSIVE + G_FAN * max(0.0, airflow) ** AIRFLOW_EXP


def throttle_factor(tj):
    if tj <= THROTTLE_T:
        return 1.0
    return max(THROTTLE_MIN, 1.0 - (tj - THROTTLE_T) / THROTTLE_SPAN)


def interp(x, pts):
    (x0, y0), (x1, y1) = pts
    if x <= x0:
        return y0
    if x >= x1:
        return y1
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


# --------------------------------------------------------------------------
# Power traces.  One random.Random stream, drawn in a fixed order.
#   idle   : 20 W +- 1 W
#   request: prefill spike 0.5-2.5 s at 235-260 W, then a decode plateau at
#            195-225 W (+ AR(1) ripple 4 W); in busy phases new requests join
#            the running batch, adding short 240-260 W prefill spikes.
# Scenarios:
#   bursty (default, 600 s, tiled if longer): 0-30 idle, 30-180 light,
#          180-420 heavy (near back-to-back), 420-540 medium, 540-600 idle
#   heavy : 20 s idle then heavy traffic to the end (used for fault tests)
#   step  : 30 s idle then a constant 240 W
#   idle  : 20 W throughout
# --------------------------------------------------------------------------
PHASE_PARAMS = {
    "light": dict(gap=20.0, dec=(4.0, 15.0), join=0.0),
    "medium": dict(gap=6.0, dec=(8.0, 30.0), join=20.0),
    "heavy": dict(gap=1.0, dec=(20.0, 60.0), join=8.0),
}
BURSTY_PATTERN = [(0, 30, "idle"), (30, 180, "light"), (180, 420, "heavy"),
                  (420, 540, "medium"), (540, 600, "idle")]


def scenario_phases(name, duration):
    if name == "bursty":
        out, base = [], 0.0
        while base < duration:
            for a, b, k in BURSTY_PATTERN:
                if base + a < duration:
                    out.append((base + a, min(duration, base + b), k))
            base += 600.0
        return out
    if name == "heavy":
        return [(0, min(20.0, duration), "idle"), (20.0, duration, "heavy")]
    if name == "step":
        return [(0, min(30.0, duration), "idle"), (30.0, duration, "const240")]
    if name == "idle":
        return [(0, duration, "idle")]
    raise SystemExit(f"unknown scenario {name}")


def make_trace(scenario, duration, seed):
    rng = random.Random(f"trace-{scenario}-{seed}")
    n = int(round(duration / DT))
    p = [0.0] * n
    for i in range(n):                      # idle floor with noise
        p[i] = IDLE_W + rng.gauss(0.0, 1.0)

    def fill(t0, t1, level, ripple=0.0):
        i0, i1 = max(0, int(round(t0 / DT))), min(n, int(round(t1 / DT)))
        r = 0.0
        for i in range(i0, i1):
            if ripple:
                r = 0.9 * r + rng.gauss(0.0, ripple * math.sqrt(1 - 0.81))
            p[i] = level + r

    for t0, t1, kind in scenario_phases(scenario, duration):
        if kind == "idle" or t1 <= t0:
            continue
        if kind == "const240":
            fill(t0, t1, 240.0, ripple=3.0)
            continue
        prm = PHASE_PARAMS[kind]
        t = t0
        while True:
            t += rng.expovariate(1.0 / prm["gap"])
            if t >= t1:
                break
            pf = rng.uniform(0.5, 2.5)
            fill(t, min(t1, t + pf), rng.uniform(240.0, 265.0))
            t += pf
            dec = rng.uniform(*prm["dec"])
            te = min(t1, t + dec)
            fill(t, te, rng.uniform(200.0, 235.0), ripple=4.0)
            if prm["join"] > 0:                 # requests joining the batch
                tj = t
                while True:
                    tj += rng.expovariate(1.0 / prm["join"])
                    if tj >= te:
                        break
                    sd = rng.uniform(0.3, 1.0)
                    fill(tj, min(te, tj + sd), rng.uniform(245.0, 265.0))
            t = te
    return [min(300.0, max(15.0, x)) for x in p]


# --------------------------------------------------------------------------
class Model:
    """State + one fixed step.  step() draws exactly 4 gaussians per call."""

    def __init__(self, seed, noise=NOISE_C, quant=QUANT_MC, p0=IDLE_W, duty0=AUTO_DUTY_NCT):
        self.rng = random.Random(f"noise-{seed}")
        self.noise, self.quant = noise, quant
        d = duty0 / 255.0
        self.running = d >= DUTY_STALL
        self.rpm = RPM_MAX * d if self.running else 0.0
        g = conductance(self.rpm / RPM_MAX)
        self.te = AMBIENT_C + p0 / g           # start in equilibrium
        self.dj, self.dm = R_JC * p0, R_MEM * p0
        self.thr = 1.0
        self.p = p0

    @property
    def tj(self):
        return self.te + self.dj

    @property
    def tm(self):
        return self.te + self.dm

    def step(self, p_demand, duty):
        d = min(255, max(0, duty)) / 255.0
        if self.running and d < DUTY_STALL:
            self.running = False
        elif not self.running and d >= DUTY_START:
            self.running = True
        target = RPM_MAX * d if self.running else 0.0
        self.rpm += (target - self.rpm) * (1.0 - math.exp(-DT / TAU_FAN))
        g = conductance(self.rpm / RPM_MAX)
        self.thr = throttle_factor(self.tj)
        p = self.p = p_demand * self.thr
        tss = AMBIENT_C + p / g
        self.te = tss + (self.te - tss) * math.exp(-DT * g / C_HS)
        self.dj = R_JC * p + (self.dj - R_JC * p) * math.exp(-DT / TAU_J)
        self.dm = R_MEM * p + (self.dm - R_MEM * p) * math.exp(-DT / TAU_MEM)
        n = [self.rng.gauss(0.0, 1.0) for _ in range(4)]
        q = self.quant
        def sens(t, z):
            return int(round((t + self.noise * z) * 1000.0 / q)) * q
        rpm_s = 0 if self.rpm < 1.0 else int(round(self.rpm * (1.0 + 0.01 * n[3])))
        return {"edge": sens(self.te, n[0]), "junction": sens(self.tj, n[1]),
                "mem": sens(self.tm, n[2]), "rpm": rpm_s}


# --------------------------------------------------------------------------
# The fake sysfs: an in-memory tree served over FUSE (fusepy + libfuse2).
# tmpfs was tried first and does not work for every peer: thinkfan 1.3.1
# opens pwm1_enable with O_TRUNC from a destructor while parsing its config
# (harmless on sysfs, which ignores O_TRUNC, but it empties a tmpfs file and
# thinkfan then fails with "Initializing fan control ... No such file").  So
# the files get sysfs semantics here:
#   * read always returns the attribute's current value ("45000\n");
#   * O_TRUNC / truncate() are ignored; a write() replaces the value whatever
#     the file offset (fstream writes at offset 2 are fine), the data must be an
#     integer (trailing NULs / newline allowed) else EINVAL;
#   * read-only attributes refuse opening for write (EACCES), like kernfs;
#   * nct6775: pwm1_enable accepts 0..5 (0 full speed, 1 manual, 2+ chip
#     "SmartFan" -- modelled as a constant AUTO_DUTY_NCT, the chip does not
#     see the GPU); pwm1 accepts >=0, clamped to 255, and reads back the duty
#     the chip applies;
#   * amdgpu (--fan-source amdgpu): pwm1_enable accepts 0..2 (0 full, 1
#     manual, 2 firmware curve on junction); pwm1 is EINVAL unless
#     pwm1_enable=1 (as the real driver), reads back the applied duty;
#   * st_size is 4096, d_type is set (thinkfan's scandir needs DT_REG/DT_LNK),
#     entry/attr timeouts are 0 and I/O is direct, so nothing is cached.
# Faults on a temp file: delete (ENOENT, the file vanishes as when the device
# is unbound), eio (open works, read fails with EIO, what a failing hwmon
# sensor returns), eacces (open fails), freeze (value stops changing).
# The FUSE layer also counts controller opens/writes per file (control ticks,
# PWM writes).
# --------------------------------------------------------------------------
import errno
import stat
import threading
from collections import Counter

INT_RE = re.compile(rb"^\s*(-?\d+)\s*$")


class Node:
    __slots__ = ("kind", "mode", "value", "target", "children", "writer", "fault")

    def __init__(self, kind, mode=0o444, value="", target=None, writer=None):
        self.kind, self.mode, self.value, self.target = kind, mode, value, target
        self.children = {} if kind == "dir" else None
        self.writer, self.fault = writer, None


class SysfsTree:
    """In-memory tree; paths are relative to the mount point and start with '/'."""

    def __init__(self, fan_source="nct"):
        self.lock = threading.RLock()
        self.nodes = {"/": Node("dir", 0o755)}
        self.fan_source = fan_source
        self.opens, self.writes, self.errors = Counter(), Counter(), Counter()
        self.hidden = {}
        self.nct_enable, self.nct_pwm = 2, AUTO_DUTY_NCT
        self.amd_enable, self.amd_pwm = 2, self.amd_fw_duty(35.0)
        self.t0_ns = time.time_ns()
        self.build()

    # ---- construction
    def _add(self, path, node):
        parent, name = path.rsplit("/", 1)
        parent = parent or "/"
        if parent not in self.nodes:
            self._add(parent, Node("dir", 0o755))
        self.nodes[parent].children[name] = node
        self.nodes[path] = node
        return node

    def file(self, path, value, mode=0o444, writer=None):
        return self._add(path, Node("file", mode, value, writer=writer))

    def link(self, path, target):
        return self._add(path, Node("link", 0o777, target=target))

    def build(self):
        n, g = "/" + NCT_HWMON, "/" + GPU_HWMON
        self.link(f"{n}/device", "../../../nct6775.656")
        self.link(f"{g}/device", "../../../0000:27:00.0")
        self.link(f"/{GPU_DEV}/drm/card0/device", "../../../0000:27:00.0")
        self.link("/class/hwmon/hwmon0", "../../" + NCT_HWMON)
        self.link("/class/hwmon/hwmon1", "../../" + GPU_HWMON)
        self.link("/class/drm/card0", "../../" + GPU_DEV + "/drm/card0")
        self.file(f"/{NCT_DEV}/uevent", "DRIVER=nct6775\n")
        self.file(f"/{GPU_DEV}/uevent", "DRIVER=amdgpu\nPCI_ID=1002:66A1\n")
        self.file(f"{n}/name", "nct6775\n")
        self.file(f"{n}/pwm1", f"{self.nct_pwm}\n", 0o644, self.w_nct_pwm)
        self.file(f"{n}/pwm1_enable", "2\n", 0o644, self.w_nct_enable)
        self.file(f"{n}/pwm1_mode", "1\n", 0o644, self.w_ignore)
        self.file(f"{n}/fan1_input", "0\n")
        self.file(f"{n}/fan1_min", "0\n", 0o644, self.w_ignore)
        self.file(f"{n}/temp1_input", "30000\n")          # SYSTIN, constant
        self.file(f"{n}/temp1_label", "SYSTIN\n")
        self.file(f"{g}/name", "amdgpu\n")
        for i, (lab, crit) in enumerate((("edge", 100000), ("junction", 110000), ("mem", 105000)), 1):
            self.file(f"{g}/temp{i}_label", lab + "\n")
            self.file(f"{g}/temp{i}_crit", f"{crit}\n")
            self.file(f"{g}/temp{i}_input", "25000\n")
        self.file(f"{g}/power1_average", "20000000\n")
        self.file(f"{g}/power1_cap", "250000000\n", 0o644, self.w_ignore)
        if self.fan_source == "amdgpu":
            self.file(f"{g}/pwm1", f"{self.amd_pwm}\n", 0o644, self.w_amd_pwm)
            self.file(f"{g}/pwm1_enable", "2\n", 0o644, self.w_amd_enable)
            self.file(f"{g}/pwm1_min", "0\n")
            self.file(f"{g}/pwm1_max", "255\n")
            self.file(f"{g}/fan1_input", "0\n")
            self.file(f"{g}/fan1_min", "0\n")
            self.file(f"{g}/fan1_max", f"{int(RPM_MAX)}\n")

    # ---- attribute writers: return an errno or None
    @staticmethod
    def _int(data):
        m = INT_RE.match(data.replace(b"\0", b""))
        return int(m.group(1)) if m else None

    def w_ignore(self, node, data):
        v = self._int(data)
        if v is None:
            return errno.EINVAL
        node.value = f"{v}\n"

    def w_nct_enable(self, node, data):
        v = self._int(data)
        if v is None or not 0 <= v <= 5:
            return errno.EINVAL
        self.nct_enable = v
        node.value = f"{v}\n"

    def w_nct_pwm(self, node, data):
        v = self._int(data)
        if v is None or v < 0:
            return errno.EINVAL
        self.nct_pwm = min(255, v)
        node.value = f"{self.nct_pwm}\n"

    def w_amd_enable(self, node, data):
        v = self._int(data)
        if v is None or not 0 <= v <= 2:
            return errno.EINVAL
        self.amd_enable = v
        node.value = f"{v}\n"

    def w_amd_pwm(self, node, data):
        v = self._int(data)
        if v is None or v < 0 or v > 255 or self.amd_enable != 1:
            return errno.EINVAL
        self.amd_pwm = v
        node.value = f"{v}\n"

    # ---- model side
    @staticmethod
    def amd_fw_duty(tj):
        return int(round(255 * interp(tj, AMD_FW_CURVE)))

    def src(self):
        """(pwm1_enable, pwm1 register value) of the chip that drives the fan."""
        if self.fan_source == "amdgpu":
            return self.amd_enable, self.amd_pwm
        return self.nct_enable, self.nct_pwm

    def effective_duty(self, tj):
        en, pwm = self.src()
        if en == 1:
            return pwm
        if en == 0:
            return 255
        return self.amd_fw_duty(tj) if self.fan_source == "amdgpu" else AUTO_DUTY_NCT

    def show_duty(self, duty):
        """Outside manual mode the chip reports the duty it applies."""
        en, _ = self.src()
        if en != 1:
            p = "/" + (GPU_HWMON if self.fan_source == "amdgpu" else NCT_HWMON) + "/pwm1"
            self.nodes[p].value = f"{duty}\n"
            if self.fan_source == "amdgpu":
                self.amd_pwm = duty
            else:
                self.nct_pwm = duty

    def set(self, path, value):
        node = self.nodes.get(path)
        if node is not None and node.fault != "freeze":
            node.value = value

    def fault_on(self, path, mode):
        node = self.nodes.get(path) or self.hidden.get(path)
        if mode == "delete":
            parent, name = path.rsplit("/", 1)
            self.nodes[parent].children.pop(name, None)
            self.hidden[path] = self.nodes.pop(path)
        else:
            node.fault = mode

    def fault_off(self, path):
        if path in self.hidden:
            node = self._add(path, self.hidden.pop(path))
        else:
            node = self.nodes[path]
        node.fault = None


def make_fuse_ops(tree, on_init):
    try:
        from fuse import FuseOSError, Operations
    except ImportError:  # Debian python3-fusepy installs the module as fusepy
        from fusepy import FuseOSError, Operations

    S = {"dir": stat.S_IFDIR | 0o755, "link": stat.S_IFLNK | 0o777}

    class SysfsFS(Operations):
        use_ns = True

        def init(self, path):
            on_init()

        def _get(self, path):
            node = tree.nodes.get(path)
            if node is None:
                raise FuseOSError(errno.ENOENT)
            return node

        def getattr(self, path, fh=None):
            with tree.lock:
                node = self._get(path)
                st = {"st_uid": 0, "st_gid": 0, "st_atime": tree.t0_ns, "st_mtime": tree.t0_ns,
                      "st_ctime": tree.t0_ns, "st_nlink": 2 if node.kind == "dir" else 1}
                if node.kind == "file":
                    st.update(st_mode=stat.S_IFREG | node.mode, st_size=4096)
                elif node.kind == "link":
                    st.update(st_mode=S["link"], st_size=len(node.target))
                else:
                    st.update(st_mode=S["dir"], st_size=0)
                return st

        def readdir(self, path, fh):
            with tree.lock:
                node = self._get(path)
                if node.kind != "dir":
                    raise FuseOSError(errno.ENOTDIR)
                out = [(".", {"st_mode": S["dir"]}, 0), ("..", {"st_mode": S["dir"]}, 0)]
                for name, ch in sorted(node.children.items()):
                    m = stat.S_IFREG | ch.mode if ch.kind == "file" else S[ch.kind]
                    out.append((name, {"st_mode": m}, 0))
                return out

        def readlink(self, path):
            with tree.lock:
                node = self._get(path)
                if node.kind != "link":
                    raise FuseOSError(errno.EINVAL)
                return node.target

        def access(self, path, amode):
            with tree.lock:
                self._get(path)
            return 0                       # root: only existence matters

        def open(self, path, flags):
            with tree.lock:
                node = self._get(path)
                acc = flags & os.O_ACCMODE
                if node.fault == "eacces":
                    tree.errors[path] += 1
                    raise FuseOSError(errno.EACCES)
                if acc in (os.O_WRONLY, os.O_RDWR) and not node.mode & 0o200:
                    raise FuseOSError(errno.EACCES)
                tree.opens[path] += 1
                return 0

        def read(self, path, size, offset, fh):
            with tree.lock:
                node = self._get(path)
                if node.fault == "eio":
                    tree.errors[path] += 1
                    raise FuseOSError(errno.EIO)
                return node.value.encode()[offset:offset + size]

        def write(self, path, data, offset, fh):
            with tree.lock:
                node = self._get(path)
                if node.writer is None:
                    raise FuseOSError(errno.EACCES)
                err = node.writer(node, data)
                if err:
                    tree.errors[path] += 1
                    raise FuseOSError(err)
                tree.writes[path] += 1
                return len(data)

        def truncate(self, path, length, fh=None):
            with tree.lock:
                self._get(path)
            return 0                       # sysfs ignores O_TRUNC

        def create(self, path, mode, fi=None):
            raise FuseOSError(errno.EACCES)

        def _eperm(self, *a, **k):
            raise FuseOSError(errno.EPERM)

        mkdir = rmdir = unlink = rename = symlink = link = chmod = chown = mknod = _eperm

        def utimens(self, path, times=None):
            return 0

        def statfs(self, path):
            return {"f_bsize": 4096, "f_frsize": 4096, "f_namemax": 255}

        def flush(self, path, fh):
            return 0

        def release(self, path, fh):
            return 0

        def fsync(self, path, datasync, fh):
            return 0

    return SysfsFS()


# --------------------------------------------------------------------------
CSV_HEADER = ("t,power,edge,junction,mem,pwm,rpm,"
              "junction_true,edge_true,mem_true,power_demand,throttle,pwm_file,enable,"
              "fault,rd_edge,rd_junction,wr_pwm,wr_enable,lag_ms\n")


def fmt_row(t, m, s, duty, pfile, en, fault, cnt, lag_ms, p_dem):
    return (f"{t:.1f},{m.p:.1f},{s['edge']/1000:.3f},{s['junction']/1000:.3f},{s['mem']/1000:.3f},"
            f"{duty},{s['rpm']},{m.tj:.3f},{m.te:.3f},{m.tm:.3f},{p_dem:.1f},{m.thr:.3f},"
            f"{'' if pfile is None else pfile},{'' if en is None else en},{fault},"
            f"{cnt['rd_edge']},{cnt['rd_junction']},{cnt['wr_pwm']},{cnt['wr_enable']},{lag_ms:.1f}\n")


def cmd_tree(a):
    """Print the layout (what the controllers see under /sys)."""
    tree = SysfsTree(a.fan_source)
    for p in sorted(tree.nodes):
        n = tree.nodes[p]
        if n.kind == "file":
            print(f"{oct(n.mode)[2:]:>4} {p} = {n.value.strip()!r}")
        elif n.kind == "link":
            print(f"link {p} -> {n.target}")


def cmd_run(a):
    try:
        from fuse import FUSE
    except ImportError:
        from fusepy import FUSE
    tree = SysfsTree(a.fan_source)
    n_steps = int(round(a.duration / DT))
    trace = make_trace(a.scenario, a.duration, a.seed)
    src_dir = "/" + (GPU_HWMON if a.fan_source == "amdgpu" else NCT_HWMON)
    p_pwm, p_en = src_dir + "/pwm1", src_dir + "/pwm1_enable"
    g = "/" + GPU_HWMON
    p_t = {k: f"{g}/{fn}" for k, fn in SENSOR_FILES.items()}
    model = Model(a.seed, duty0=tree.effective_duty(35.0))
    fault_path = p_t[a.fault_sensor] if a.fault != "none" else None
    csvf = open(a.csv, "w", buffering=1 << 16)
    csvf.write(CSV_HEADER)
    evf = open(a.events, "a", buffering=1) if a.events else None
    stop = threading.Event()
    info = {"late": 0, "lag_max": 0.0, "k": 0, "final": None}

    def event(t, ev, **kw):
        if evf:
            evf.write(json.dumps({"src": "plant", "t": round(t, 1), "wall": round(time.time(), 3), "ev": ev, **kw}) + "\n")

    def loop():
        t0 = time.monotonic()
        event(0.0, "start", wall_t0=time.time(), scenario=a.scenario, seed=a.seed, fan_source=a.fan_source,
              duration=a.duration, fault=a.fault, fault_sensor=a.fault_sensor, fault_at=a.fault_at,
              fault_for=a.fault_for, mount=a.root)
        last_en = tree.src()[0]
        fault_on = False
        k = 0
        while k < n_steps and not stop.is_set():
            t = k * DT
            now = time.monotonic()
            if t0 + t > now:
                time.sleep(t0 + t - now)
                now = time.monotonic()
            lag = now - (t0 + t)
            info["lag_max"] = max(info["lag_max"], lag)
            if lag > 0.05:
                info["late"] += 1
            with tree.lock:
                en, reg = tree.src()
                duty = tree.effective_duty(model.tj)
                if en != last_en:
                    event(t, "pwm_enable", old=last_en, new=en, pwm=reg)
                    last_en = en
                if fault_path and not fault_on and a.fault_at <= t < a.fault_at + (a.fault_for or 1e12):
                    fault_on = True
                    tree.fault_on(fault_path, a.fault)
                    event(t, "fault_on", mode=a.fault, file=fault_path)
                elif fault_on and a.fault_for and t >= a.fault_at + a.fault_for:
                    fault_on = False
                    tree.fault_off(fault_path)
                    event(t, "fault_off", mode=a.fault)
                s = model.step(trace[k], duty)
                for key, p in p_t.items():
                    tree.set(p, f"{s[key]}\n")
                tree.set(f"{g}/power1_average", f"{int(model.p * 1e6)}\n")
                tree.set(src_dir + "/fan1_input", f"{s['rpm']}\n")
                tree.show_duty(duty)
                cnt = {"rd_edge": tree.opens[p_t["edge"]], "rd_junction": tree.opens[p_t["junction"]],
                       "wr_pwm": tree.writes[p_pwm], "wr_enable": tree.writes[p_en]}
                reg = tree.src()[1]
            csvf.write(fmt_row(t, model, s, duty, reg, en, int(fault_on), cnt, lag * 1000, trace[k]))
            if k == 0 and a.ready:
                with open(a.ready, "w") as f:
                    f.write(str(os.getpid()))
            if k % 10 == 0:
                csvf.flush()
            info["final"] = {"pwm_enable": en, "pwm_reg": reg, "duty": duty}
            k += 1
            info["k"] = k
        csvf.flush()
        if not stop.is_set():          # scenario over: leave fuse_main
            os.kill(os.getpid(), signal.SIGTERM)

    th = threading.Thread(target=loop, daemon=True)
    opts = dict(foreground=True, nothreads=True, direct_io=True, attr_timeout=0, entry_timeout=0,
                negative_timeout=0, fsname="sysfs", subtype="plant", allow_other=True)
    FUSE(make_fuse_ops(tree, th.start), a.root, **opts)     # blocks until SIGTERM/unmount
    stop.set()
    th.join(timeout=5)
    csvf.close()
    ct = os.times()
    k = info["k"]
    summary = {"steps": k, "sim_time_s": round(k * DT, 1), "late_steps_gt50ms": info["late"],
               "max_lag_ms": round(info["lag_max"] * 1000, 1), "plant_cpu_s": round(ct.user + ct.system, 3),
               "opens": dict(tree.opens), "writes": dict(tree.writes), "errors": dict(tree.errors),
               "final": info["final"]}
    event(k * DT, "stop", **{x: summary[x] for x in ("steps", "late_steps_gt50ms", "max_lag_ms", "plant_cpu_s")})
    if a.summary:
        with open(a.summary, "w") as f:
            json.dump(summary, f, indent=1)


# -------------------------- offline reference runs -------------------------
def ref_curve(tj_c):
    """The comparison curve: 30 % at <=50 C, linear to 100 % at 85 C (junction)."""
    if tj_c <= 50:
        return 77
    if tj_c >= 85:
        return 255
    return int(77 + (tj_c - 50) * (255 - 77) / 35.0)


def cmd_sim(a):
    trace = make_trace(a.scenario, a.duration, a.seed)
    model = Model(a.seed, duty0=AUTO_DUTY_NCT)
    every = max(1, int(round(a.ctl_interval / DT)))
    duty, s = AUTO_DUTY_NCT, {"junction": int(model.tj * 1000)}
    h = hashlib.sha256()
    out = open(a.csv, "w") if a.csv else None
    if out:
        out.write(CSV_HEADER)
    cnt = {"rd_edge": 0, "rd_junction": 0, "wr_pwm": 0, "wr_enable": 0}
    for k in range(len(trace)):
        if k % every == 0:
            cnt["rd_junction"] += 1
            if a.ctl.startswith("const:"):
                new = int(a.ctl.split(":")[1])
            elif a.ctl == "curve":
                new = ref_curve(s["junction"] / 1000.0)
            elif a.ctl == "curve_edge":          # same curve on the edge sensor
                new = ref_curve(s.get("edge", s["junction"]) / 1000.0)
            elif a.ctl == "auto":
                new = AUTO_DUTY_NCT
            else:
                raise SystemExit("ctl: const:N | curve | curve_edge | auto")
            if new != duty:
                cnt["wr_pwm"] += 1
            duty = new
        s = model.step(trace[k], duty)
        row = fmt_row(k * DT, model, s, duty, duty, 1, 0, cnt, 0.0, trace[k])
        h.update(row.encode())
        if out:
            out.write(row)
    if out:
        out.close()
    print(json.dumps({"scenario": a.scenario, "seed": a.seed, "ctl": a.ctl, "ctl_interval": a.ctl_interval,
                      "steps": len(trace), "sha256": h.hexdigest()}))


def cmd_trace(a):
    tr = make_trace(a.scenario, a.duration, a.seed)
    for t0, t1, kind in scenario_phases(a.scenario, a.duration):
        seg = tr[int(t0 / DT):int(t1 / DT)]
        if seg:
            print(f"{t0:6.0f}-{t1:6.0f} s {kind:9s} mean {sum(seg)/len(seg):6.1f} W  max {max(seg):6.1f} W"
                  f"  >150W {sum(1 for x in seg if x > 150) * DT:6.1f} s")
    print(f"overall mean {sum(tr)/len(tr):.1f} W, energy {sum(tr)*DT/3600:.2f} Wh")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sp = ap.add_subparsers(dest="cmd", required=True)
    b = sp.add_parser("tree", help="print the fake sysfs layout")
    b.add_argument("--fan-source", choices=["nct", "amdgpu"], default="nct")
    r = sp.add_parser("run", help="mount the fake sysfs (FUSE) at --root and run the real-time loop")
    r.add_argument("--root", required=True, help="mount point (bind ROOT/class and ROOT/devices over /sys)")
    r.add_argument("--fan-source", choices=["nct", "amdgpu"], default="nct",
                   help="whose pwm1 drives the physical fan: the Super I/O (nct) or the card (amdgpu)")
    r.add_argument("--duration", type=float, default=600.0)
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--scenario", default="bursty")
    r.add_argument("--csv", required=True)
    r.add_argument("--events")
    r.add_argument("--summary")
    r.add_argument("--ready", help="file written after the first step")
    r.add_argument("--fault", choices=["none", "delete", "eio", "eacces", "freeze"], default="none")
    r.add_argument("--fault-sensor", choices=list(SENSOR_FILES), default="junction")
    r.add_argument("--fault-at", type=float, default=120.0)
    r.add_argument("--fault-for", type=float, default=0.0, help="0 = until the end")
    s = sp.add_parser("sim")
    s.add_argument("--duration", type=float, default=600.0)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--scenario", default="bursty")
    s.add_argument("--ctl", default="curve", help="const:N | curve | curve_edge | auto (reference controllers on the sensor values)")
    s.add_argument("--ctl-interval", type=float, default=0.1)
    s.add_argument("--csv")
    t = sp.add_parser("trace")
    t.add_argument("--duration", type=float, default=600.0)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--scenario", default="bursty")
    a = ap.parse_args()
    {"tree": cmd_tree, "run": cmd_run, "sim": cmd_sim, "trace": cmd_trace}[a.cmd](a)


if __name__ == "__main__":
    main()
