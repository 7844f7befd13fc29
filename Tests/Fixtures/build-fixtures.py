#!/usr/bin/env python3
"""Assembles the machine-shaped sysfs fixture trees under Tests/Fixtures/ from flat snapshots
of real cards (an MI50 and a Vega 56), adding a Super I/O chip, a GPIO chip and a sysfs PWM chip.

usage: build-fixtures.py SHARED_FIXTURES_DIR

The result is committed; run this only to rebuild it. Real sysfs shapes: class/ entries are
symlinks into devices/, hwmon `device` links point at the parent device, bus/pci/devices holds
links to the PCI functions.
"""
import os, shutil, sys

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "two-gpus-nct6798")
shutil.rmtree(out, ignore_errors=True)
sysd = os.path.join(out, "sys")

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

def link(path, target):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)

def place_gpu(flat_dev, flat_hwmon, pci_parent, slot, card, hwmon):
    dev = os.path.join(sysd, "devices", pci_parent, slot)
    shutil.copytree(flat_dev, dev, symlinks=True, ignore=shutil.ignore_patterns("hwmon", "power", "link"))
    hw = os.path.join(dev, "hwmon", hwmon)
    shutil.copytree(flat_hwmon, hw, ignore=shutil.ignore_patterns("uevent", "device", "subsystem", "power"))
    link(os.path.join(hw, "device"), "../../../" + slot)
    write(os.path.join(dev, "drm", card, "dev"), "226:%s\n" % card[4:])
    link(os.path.join(dev, "drm", card, "device"), "../../../" + slot)
    rel = os.path.relpath(os.path.join(sysd, "devices", pci_parent, slot), os.path.join(sysd, "class", "drm"))
    link(os.path.join(sysd, "class", "drm", card), rel + "/drm/" + card)
    link(os.path.join(sysd, "class", "hwmon", hwmon), rel.replace("../", "../", 1) + "/hwmon/" + hwmon)
    link(os.path.join(sysd, "bus", "pci", "devices", slot), "../../../devices/%s/%s" % (pci_parent, slot))

# The MI50 (real readings, see shared/fixtures/README.md).
mi50 = os.path.join(src, "mi50-vega20/sys/bus/pci/devices/0000:44:00.0")
place_gpu(mi50, os.path.join(mi50, "hwmon/hwmon1"), "pci0000:40/0000:40:03.1", "0000:44:00.0", "card1", "hwmon1")
# The Vega 56 (a real snapshot from LACT's tests), as a second GPU.
vega = os.path.join(src, "vega56-lact/card0/device")
place_gpu(vega, os.path.join(vega, "hwmon/hwmon4"), "pci0000:00/0000:00:03.1", "0000:0b:00.0", "card0", "hwmon0")

# A Super I/O chip as nct6775 presents an NCT6798D: 5 PWM headers, fans on 1, 2 and 4.
sio = os.path.join(sysd, "devices/platform/nct6775.656")
hw = os.path.join(sio, "hwmon/hwmon2")
write(os.path.join(hw, "name"), "nct6798\n")
link(os.path.join(hw, "device"), "../../../nct6775.656")
rpm = {1: 1180, 2: 2350, 3: 0, 4: 860, 5: 0}
pwm = {1: 102, 2: 128, 3: 255, 4: 77, 5: 153}
for n in range(1, 6):
    write(os.path.join(hw, "pwm%d" % n), "%d\n" % pwm[n])
    write(os.path.join(hw, "pwm%d_enable" % n), "5\n")   # SmartFan IV, the board's own control
    write(os.path.join(hw, "pwm%d_mode" % n), "1\n")     # PWM (0 would be DC)
    write(os.path.join(hw, "fan%d_input" % n), "%d\n" % rpm[n])
    write(os.path.join(hw, "fan%d_min" % n), "0\n")
for n, (label, milli) in enumerate([("SYSTIN", 34000), ("CPUTIN", 41500), ("AUXTIN0", 29000)], start=1):
    write(os.path.join(hw, "temp%d_input" % n), "%d\n" % milli)
    write(os.path.join(hw, "temp%d_label" % n), label + "\n")
link(os.path.join(sysd, "class/hwmon/hwmon2"), "../../devices/platform/nct6775.656/hwmon/hwmon2")

# A GPIO chip (legacy sysfs class entry with label and line count, and the chip device).
gpio = os.path.join(sysd, "devices/platform/gpio-sim.0")
write(os.path.join(gpio, "gpiochip0/dev"), "254:0\n")
write(os.path.join(gpio, "gpio/gpiochip512/label"), "fake-fan-gpio\n")
write(os.path.join(gpio, "gpio/gpiochip512/ngpio"), "8\n")
write(os.path.join(gpio, "gpio/gpiochip512/base"), "512\n")
link(os.path.join(gpio, "gpio/gpiochip512/device"), "../../../gpio-sim.0")
link(os.path.join(sysd, "class/gpio/gpiochip512"), "../../devices/platform/gpio-sim.0/gpio/gpiochip512")
link(os.path.join(sysd, "bus/gpio/devices/gpiochip0"), "../../../devices/platform/gpio-sim.0/gpiochip0")

# A sysfs PWM chip with two channels, nothing exported yet.
pwmchip = os.path.join(sysd, "devices/platform/1c21400.pwm/pwm/pwmchip0")
write(os.path.join(pwmchip, "npwm"), "2\n")
write(os.path.join(pwmchip, "export"), "")
write(os.path.join(pwmchip, "unexport"), "")
link(os.path.join(pwmchip, "device"), "../../../1c21400.pwm")
link(os.path.join(sysd, "class/pwm/pwmchip0"), "../../devices/platform/1c21400.pwm/pwm/pwmchip0")
print("wrote", out)
