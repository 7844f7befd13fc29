/// The static part of the virtual machine's sysfs tree: one card's devices, and (with the first
/// card) the Super I/O chip with a header for each card.
enum SimulatedTree {
    static func build(layout: SimulatedLayout, parameters p: MI50Parameters, files: inout TreeFiles) {
        let gpu = layout.gpuPath, hwmon = layout.gpuHwmonPath, chip = layout.chipPath
        for directory in [hwmon, gpu + "/drm/" + layout.drmCard, chip, layout.sys("class/hwmon"), layout.sys("class/drm"),
                          layout.sys("bus/pci/devices")] {
            TreeFiles.makeDirectory(directory)
        }
        let slot = layout.slot, drmCard = layout.drmCard
        // The PCI device, as amdgpu shows an MI50.
        let deviceFiles: [(String, String)] = [
            ("vendor", "0x1002\n"), ("device", "0x66a1\n"), ("revision", "0x02\n"), ("class", "0x038000\n"),
            ("subsystem_vendor", "0x1002\n"), ("subsystem_device", "0x0834\n"), ("unique_id", Self.uniqueID(card: layout.cardIndex)),
            ("serial_number", "\(692_006_401_235 + layout.cardIndex * 977)\n"),
            ("uevent", "DRIVER=amdgpu\nPCI_CLASS=38000\nPCI_ID=1002:66A1\nPCI_SUBSYS_ID=1002:0834\nPCI_SLOT_NAME=\(slot)\nMODALIAS=pci:v00001002d000066A1sv00001002sd00000834bc03sc80i00\n"),
            ("mem_info_vram_total", "\(p.vramTotal)\n"), ("mem_busy_percent", "0\n"),
            ("power_dpm_force_performance_level", "auto\n"),
            ("pp_dpm_pcie", "0: 2.5GT/s, x16 619Mhz \n1: 16.0GT/s, x16 619Mhz *\n"),
            ("vbios_version", "113-D1631700-111\n"),
        ]
        for (name, text) in deviceFiles { files.put(gpu + "/" + name, text) }
        files.put(gpu + "/drm/\(drmCard)/dev", "226:\(drmCard.dropFirst(4))\n")
        TreeFiles.link(gpu + "/drm/\(drmCard)/device", to: "../../../" + slot)
        // The card's hwmon: temperatures with their limits, power, clocks, and the pwm1/fan1
        // that drive nothing on a passive card.
        var hwmonFiles: [(String, String)] = [
            ("name", "amdgpu\n"), ("power1_label", "PPT\n"), ("power1_cap", "\(Int(p.powerCap) * 1_000_000)\n"),
            ("power1_cap_default", "\(Int(p.powerCap) * 1_000_000)\n"), ("power1_cap_max", "\(Int(p.powerCap) * 1_000_000)\n"),
            ("power1_cap_min", "0\n"), ("freq1_label", "sclk\n"), ("freq2_label", "mclk\n"),
            ("in0_input", "737\n"), ("in0_label", "vddgfx\n"),
            ("pwm1", "37\n"), ("pwm1_enable", "1\n"), ("pwm1_min", "0\n"), ("pwm1_max", "255\n"),
            ("fan1_input", "0\n"), ("fan1_min", "0\n"), ("fan1_max", "3850\n"), ("fan1_enable", "1\n"),
        ]
        let limits: [(Int, String, Double)] = [(1, "edge", p.edgeCritical), (2, "junction", p.junctionCritical), (3, "mem", p.memCritical)]
        for (index, label, critical) in limits {
            hwmonFiles += [
                ("temp\(index)_label", label + "\n"), ("temp\(index)_crit", "\(Int(critical) * 1000)\n"),
                ("temp\(index)_emergency", "\(Int(critical + 5) * 1000)\n"), ("temp\(index)_crit_hyst", "-273150\n"),
            ]
        }
        for (name, text) in hwmonFiles { files.put(hwmon + "/" + name, text) }
        TreeFiles.link(hwmon + "/device", to: "../../../" + slot)
        // Class and bus links, as the kernel makes them.
        TreeFiles.link(layout.sys("class/hwmon/" + layout.gpuHwmon), to: "../../" + layout.gpuDeviceDirectory + "/hwmon/" + layout.gpuHwmon)
        TreeFiles.link(layout.sys("class/drm/" + drmCard), to: "../../" + layout.gpuDeviceDirectory + "/drm/" + drmCard)
        TreeFiles.link(layout.sys("bus/pci/devices/" + slot), to: "../../../" + layout.gpuDeviceDirectory)
        if layout.cardIndex == 0 { buildChip(layout: layout, files: &files) }
    }

    /// The motherboard's Super I/O chip: a header for the CPU fan and one per card (at least
    /// three); the first card's fan is on pwm2.
    static func buildChip(layout: SimulatedLayout, files: inout TreeFiles) {
        let chip = layout.chipPath
        files.put(chip + "/name", SimulatedLayout.chipName + "\n")
        for header in 1...layout.chipHeaders {
            files.put(chip + "/pwm\(header)", header == 1 ? "128\n" : "102\n")
            files.put(chip + "/pwm\(header)_enable", "5\n")
            files.put(chip + "/pwm\(header)_mode", "1\n")
            files.put(chip + "/fan\(header)_input", header == 1 ? "1100\n" : "0\n")
            files.put(chip + "/fan\(header)_min", "0\n")
        }
        files.put(chip + "/temp1_input", "34000\n")
        files.put(chip + "/temp1_label", "SYSTIN\n")
        TreeFiles.link(chip + "/device", to: "../../../nct6775.656")
        TreeFiles.link(layout.sys("class/hwmon/" + layout.chipHwmon), to: "../../" + SimulatedLayout.superIODevice + "/hwmon/" + layout.chipHwmon)
    }

    /// A card's 64-bit unique id (`unique_id`), distinct per card.
    static func uniqueID(card index: Int) -> String {
        String(0x5eb1_a5f0_a3c2_d1e7 &+ UInt64(index) &* 0x9e37_79b9_7f4a_7c15, radix: 16) + "\n"
    }
}
