/// Reads one card's ``GPUTelemetry`` through descriptors kept open between reads: one `pread`
/// per file, so a sampler at 100 Hz costs little more than the reads themselves. Files the card
/// lacks read as unknown; a file that goes away and comes back is found again (see
/// ``AttributeHandle``).
public final class CardTelemetryReader: Sendable {
    /// The card.
    public let device: GPUDevice
    private let sensors: [(GPUSensor, AttributeHandle?)]
    private let powerCap, sclk, mclk: AttributeHandle?
    private let vramUsed, vramTotal, sclkLevels, mclkLevels, metrics: AttributeHandle

    /// Creates a reader for `device` under `root`; files are opened on the first read.
    public init(root: SysfsRoot, device: GPUDevice) {
        self.device = device
        sensors = [GPUSensor.edge, .junction, .mem, .power, .busy].map { sensor in
            (sensor, sensor.path(on: device, root: root).map { AttributeHandle(path: $0, root: root) })
        }
        let hwmon = device.hwmonPath
        powerCap = hwmon.map { AttributeHandle(path: $0 + "/power1_cap", root: root) }
        sclk = hwmon.map { AttributeHandle(path: $0 + "/freq1_input", root: root) }
        mclk = hwmon.map { AttributeHandle(path: $0 + "/freq2_input", root: root) }
        vramUsed = AttributeHandle(path: device.devicePath + "/mem_info_vram_used", root: root)
        vramTotal = AttributeHandle(path: device.devicePath + "/mem_info_vram_total", root: root)
        sclkLevels = AttributeHandle(path: device.devicePath + "/pp_dpm_sclk", root: root)
        mclkLevels = AttributeHandle(path: device.devicePath + "/pp_dpm_mclk", root: root)
        metrics = AttributeHandle(path: device.devicePath + "/gpu_metrics", root: root)
    }

    /// Reads every value the card offers.
    public func read() -> GPUTelemetry {
        var telemetry = GPUTelemetry()
        for (sensor, handle) in sensors {
            let value = handle.flatMap { try? SysfsSensorReader.read(sensor, through: $0).get() }
            switch sensor {
            case .edge: telemetry.edge = value
            case .junction: telemetry.junction = value
            case .mem: telemetry.mem = value
            case .power: telemetry.power = value
            case .busy: telemetry.busy = value
            }
        }
        telemetry.powerCap = powerCap.flatMap(Self.integer).map { Double($0) / 1_000_000 }
        telemetry.sclk = sclk.flatMap(Self.integer).map { Double($0) / 1_000_000 }
        telemetry.mclk = mclk.flatMap(Self.integer).map { Double($0) / 1_000_000 }
        telemetry.sclkLevels = Self.levels(sclkLevels)
        telemetry.mclkLevels = Self.levels(mclkLevels)
        telemetry.vramUsed = Self.integer(vramUsed)
        telemetry.vramTotal = Self.integer(vramTotal)
        switch metrics.readBytes(limit: 4096) {
        case .success(let bytes):
            switch GPUMetrics.decode(bytes) {
            case .success(let metrics): telemetry.metrics = metrics
            case .failure(let error): telemetry.metricsUnavailable = error.description
            }
        case .failure(let error):
            telemetry.metricsUnavailable = "unavailable (\(error.fault))"
        }
        return telemetry
    }

    private static func integer(_ handle: AttributeHandle) -> Int? {
        try? handle.readInteger().get()
    }

    private static func levels(_ handle: AttributeHandle) -> DPMLevels? {
        guard case .success(let bytes) = handle.readBytes(limit: 4096) else { return nil }
        return DPMLevels.parse(bytes: bytes)
    }
}
