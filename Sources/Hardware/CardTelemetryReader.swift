/// Reads one card's ``GPUTelemetry`` through descriptors kept open between reads: one `pread`
/// per file, so a sampler at 100 Hz costs little more than the reads themselves. Files the card
/// lacks read as unknown and are looked for again every
/// ``readsBetweenLooksForMissingFiles`` reads; a file that goes away and comes back is found
/// again (see ``AttributeHandle``).
public final class CardTelemetryReader: Sendable {
    /// The card.
    public let device: GPUDevice
    private let sensors: [(GPUSensor, AttributeHandle?)]
    private let powerCap, sclk, mclk: AttributeHandle?
    private let vramUsed, vramTotal, sclkLevels, mclkLevels, metrics: AttributeHandle

    /// Reads after which a file the card lacks is looked for again: a card's files do not come
    /// and go between reads, and each look is a failed `open` (a minute at the service's 5 s).
    public static let readsBetweenLooksForMissingFiles = 12

    /// Creates a reader for `device` under `root`; files are opened on the first read. The
    /// sensors in `readElsewhere` are left out (they read as unknown): the caller has them.
    public init(root: SysfsRoot, device: GPUDevice, readElsewhere: [GPUSensor] = []) {
        self.device = device
        func handle(_ path: String) -> AttributeHandle {
            AttributeHandle(path: path, root: root, skipsAfterMissing: Self.readsBetweenLooksForMissingFiles - 1)
        }
        sensors = [GPUSensor.edge, .junction, .mem, .power, .busy].map { sensor in
            (sensor, readElsewhere.contains(sensor) ? nil : sensor.path(on: device, root: root).map(handle))
        }
        let hwmon = device.hwmonPath
        powerCap = hwmon.map { handle($0 + "/power1_cap") }
        sclk = hwmon.map { handle($0 + "/freq1_input") }
        mclk = hwmon.map { handle($0 + "/freq2_input") }
        vramUsed = handle(device.devicePath + "/mem_info_vram_used")
        vramTotal = handle(device.devicePath + "/mem_info_vram_total")
        sclkLevels = handle(device.devicePath + "/pp_dpm_sclk")
        mclkLevels = handle(device.devicePath + "/pp_dpm_mclk")
        metrics = handle(device.devicePath + "/gpu_metrics")
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
