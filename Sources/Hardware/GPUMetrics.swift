/// The decoded `gpu_metrics` blob of an amdgpu card.
///
/// Vega20 (MI50/MI60/Radeon VII) emits version 1.0; Arcturus, Navi and Aldebaran emit 1.1 to
/// 1.3, which share the fields read here at other offsets. Other versions (1.4+, 2.x, 3.x)
/// decode as ``unsupported``: "not available", never a crash and never a garbage value.
public struct GPUMetrics: Sendable, Hashable {
    /// `format_revision.content_revision`.
    public var version: (format: UInt8, content: UInt8) { (formatRevision, contentRevision) }
    /// Format revision (1 for dGPUs).
    public var formatRevision: UInt8
    /// Content revision.
    public var contentRevision: UInt8
    /// Edge temperature, °C.
    public var edge: Int?
    /// Hotspot (junction) temperature, °C.
    public var hotspot: Int?
    /// Memory (HBM) temperature, °C.
    public var mem: Int?
    /// Graphics activity, %.
    public var gfxActivity: Int?
    /// Average socket power, W (0 on Vega20 unless PMFW 40.46: use hwmon power instead).
    public var socketPower: Int?
    /// Current graphics clock, MHz.
    public var currentGfxClock: Int?
    /// Current memory clock, MHz.
    public var currentMemClock: Int?
    /// The raw, ASIC-dependent throttle status.
    public var throttleStatus: UInt32?
    /// The ASIC-independent throttle status (version 1.3).
    public var independentThrottleStatus: UInt64?
    /// Fan speed, RPM (0 on a passive card).
    public var fanRPM: Int?

    /// Why throttling happens right now, decoded where the layout is known.
    public var throttleReasons: ThrottleReasons {
        if let independent = independentThrottleStatus { return ThrottleReasons(independent: independent) }
        if formatRevision == 1, contentRevision == 0, let status = throttleStatus { return ThrottleReasons(vega20: status) }
        return []
    }

    /// Decodes a blob, or reports why it cannot.
    public static func decode(_ bytes: [UInt8]) -> Result<GPUMetrics, GPUMetricsError> {
        guard bytes.count >= 4 else { return .failure(.tooShort(bytes.count)) }
        let size = Int(u16(bytes, 0)), format = bytes[2], content = bytes[3]
        let expected: Int
        switch (format, content) {
        case (1, 0): expected = 80
        case (1, 1): expected = 96
        case (1, 2): expected = 104
        case (1, 3): expected = 120
        default: return .failure(.unsupported(format: format, content: content))
        }
        guard size == expected, bytes.count >= expected else { return .failure(.sizeMismatch(header: size, read: bytes.count, expected: expected)) }
        var metrics = GPUMetrics(formatRevision: format, contentRevision: content)
        let temperatureBase = content == 0 ? 16 : 4
        metrics.edge = present16(bytes, temperatureBase)
        metrics.hotspot = present16(bytes, temperatureBase + 2)
        metrics.mem = present16(bytes, temperatureBase + 4)
        metrics.gfxActivity = present16(bytes, content == 0 ? 28 : 16)
        metrics.socketPower = present16(bytes, content == 0 ? 34 : 22)
        // From the current clocks on, v1.0 and v1.1-1.3 agree on offsets.
        metrics.currentGfxClock = present16(bytes, 54)
        metrics.currentMemClock = present16(bytes, 58)
        let throttle = u32(bytes, 68)
        metrics.throttleStatus = throttle == .max ? nil : throttle
        metrics.fanRPM = present16(bytes, 72)
        if content == 3 {
            let independent = u64(bytes, 112)
            metrics.independentThrottleStatus = independent == .max ? nil : independent
        }
        return .success(metrics)
    }

    private init(formatRevision: UInt8, contentRevision: UInt8) {
        self.formatRevision = formatRevision
        self.contentRevision = contentRevision
    }

    public static func == (lhs: GPUMetrics, rhs: GPUMetrics) -> Bool {
        lhs.formatRevision == rhs.formatRevision && lhs.contentRevision == rhs.contentRevision && lhs.edge == rhs.edge
            && lhs.hotspot == rhs.hotspot && lhs.mem == rhs.mem && lhs.gfxActivity == rhs.gfxActivity
            && lhs.socketPower == rhs.socketPower && lhs.currentGfxClock == rhs.currentGfxClock
            && lhs.currentMemClock == rhs.currentMemClock && lhs.throttleStatus == rhs.throttleStatus
            && lhs.independentThrottleStatus == rhs.independentThrottleStatus && lhs.fanRPM == rhs.fanRPM
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(formatRevision)
        hasher.combine(contentRevision)
        hasher.combine(hotspot)
        hasher.combine(throttleStatus)
    }

    /// Encodes a v1.0 blob (for the simulator): absent fields read 0xFF.., as the card does.
    public static func encodeV1_0(
        edge: Int, hotspot: Int, mem: Int, gfxActivity: Int, gfxClock: Int, memClock: Int,
        throttleStatus: UInt32, timestampNanoseconds: UInt64 = 0
    ) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xFF, count: 80)
        put16(&bytes, 0, 80)
        bytes[2] = 1
        bytes[3] = 0
        for offset in 8..<16 { bytes[offset] = UInt8((timestampNanoseconds >> (UInt64(offset - 8) * 8)) & 0xFF) }
        put16(&bytes, 16, UInt16(clamping: edge))
        put16(&bytes, 18, UInt16(clamping: hotspot))
        put16(&bytes, 20, UInt16(clamping: mem))
        put16(&bytes, 28, UInt16(clamping: gfxActivity))
        put16(&bytes, 34, 0)
        put16(&bytes, 54, UInt16(clamping: gfxClock))
        put16(&bytes, 58, UInt16(clamping: memClock))
        for index in 0..<4 { bytes[68 + index] = UInt8((throttleStatus >> (UInt32(index) * 8)) & 0xFF) }
        put16(&bytes, 72, 0)
        bytes[74] = 16
        bytes[75] = 160
        return bytes
    }
}

/// Why a `gpu_metrics` blob was not decoded.
public enum GPUMetricsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Shorter than the header.
    case tooShort(Int)
    /// A version this program does not know.
    case unsupported(format: UInt8, content: UInt8)
    /// The header's size disagrees with the version or with what was read.
    case sizeMismatch(header: Int, read: Int, expected: Int)

    public var description: String {
        switch self {
        case .tooShort(let count): return "gpu_metrics: \(count) bytes, shorter than its header"
        case .unsupported(let format, let content): return "gpu_metrics v\(format).\(content) is not decoded (not available)"
        case .sizeMismatch(let header, let read, let expected):
            return "gpu_metrics: header says \(header) bytes, read \(read), version expects \(expected)"
        }
    }
}

private func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }

private func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (UInt32($1) * 8) }
}

private func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (UInt64($1) * 8) }
}

/// A 16-bit field, nil when it reads 0xFFFF ("absent").
private func present16(_ bytes: [UInt8], _ offset: Int) -> Int? {
    let value = u16(bytes, offset)
    return value == .max ? nil : Int(value)
}

private func put16(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt16) {
    bytes[offset] = UInt8(value & 0xFF)
    bytes[offset + 1] = UInt8(value >> 8)
}
