import Hardware
import StatusSchema

extension ServiceStatus.Card {
    /// A card known by its name alone: no device found, nothing read.
    init(name: String) {
        self.init(name: name, pciSlot: nil, temperatures: [:], faults: [:], critical: [:], emergency: [:],
                  powerWatts: nil, powerCapWatts: nil, sclkMHz: nil, mclkMHz: nil, busyPercent: nil,
                  vramUsedBytes: nil, vramTotalBytes: nil, throttle: [])
    }

    /// A card's entry from its device (slot, temperature limits) and its telemetry (power,
    /// clocks, memory, throttling); its temperatures and faults are the caller's to fill in.
    init(name: String, device: GPUDevice, telemetry values: GPUTelemetry) {
        self.init(name: name, pciSlot: device.pciSlot, temperatures: [:], faults: [:], critical: [:], emergency: [:],
                  powerWatts: values.power, powerCapWatts: values.powerCap, sclkMHz: values.sclk, mclkMHz: values.mclk,
                  busyPercent: values.busy, vramUsedBytes: values.vramUsed, vramTotalBytes: values.vramTotal,
                  throttle: values.throttleReasons.names)
        for channel in device.temperatures {
            critical[channel.label] = channel.critical?.celsius
            emergency[channel.label] = channel.emergency?.celsius
        }
    }
}
