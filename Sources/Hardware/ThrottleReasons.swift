/// Why a card throttles, as named flags.
public struct ThrottleReasons: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Edge temperature limit.
    public static let thermalEdge = ThrottleReasons(rawValue: 1 << 0)
    /// Junction (hotspot) temperature limit.
    public static let thermalJunction = ThrottleReasons(rawValue: 1 << 1)
    /// HBM temperature limit.
    public static let thermalMemory = ThrottleReasons(rawValue: 1 << 2)
    /// A voltage regulator's temperature limit.
    public static let thermalRegulator = ThrottleReasons(rawValue: 1 << 3)
    /// Another thermal limit (liquid, PLX, skin).
    public static let thermalOther = ThrottleReasons(rawValue: 1 << 4)
    /// A current (TDC/EDC) limit.
    public static let current = ThrottleReasons(rawValue: 1 << 5)
    /// The power cap (PPT).
    public static let power = ThrottleReasons(rawValue: 1 << 6)
    /// Anything else (FIT, PPM, PROCHOT).
    public static let other = ThrottleReasons(rawValue: 1 << 7)

    /// Every thermal reason.
    public static let thermal: ThrottleReasons = [.thermalEdge, .thermalJunction, .thermalMemory, .thermalRegulator, .thermalOther]

    /// Decodes Vega20's own `throttle_status` bits (gpu_metrics v1.0): bits 1-10 thermal (1 edge, 2 hotspot, 3 HBM, 4-7 VR, 8 liquid, 9 PLX,
    /// 10 skin), 11-12 TDC (current), 13 PPT (power), 14 FIT, 15 PPM.
    public init(vega20 status: UInt32) {
        var reasons: ThrottleReasons = []
        func bit(_ n: UInt32) -> Bool { status & (1 << n) != 0 }
        if bit(1) { reasons.insert(.thermalEdge) }
        if bit(2) { reasons.insert(.thermalJunction) }
        if bit(3) { reasons.insert(.thermalMemory) }
        if bit(4) || bit(5) || bit(6) || bit(7) { reasons.insert(.thermalRegulator) }
        if bit(8) || bit(9) || bit(10) { reasons.insert(.thermalOther) }
        if bit(11) || bit(12) { reasons.insert(.current) }
        if bit(13) { reasons.insert(.power) }
        if bit(0) || bit(14) || bit(15) || status & ~UInt32(0xFFFF) != 0 { reasons.insert(.other) }
        self = reasons
    }

    /// Decodes the ASIC-independent status of gpu_metrics v1.3 (the kernel's SMU_THROTTLER
    /// layout): bits 0-15 power, 16-31 current, 32-55 temperature (34 mem, 35 edge,
    /// 36 hotspot, 38-41 VR), 56-63 other.
    public init(independent status: UInt64) {
        var reasons: ThrottleReasons = []
        if status & 0xFFFF != 0 { reasons.insert(.power) }
        if status & 0xFFFF_0000 != 0 { reasons.insert(.current) }
        if status & (1 << 35) != 0 { reasons.insert(.thermalEdge) }
        if status & (1 << 36) != 0 { reasons.insert(.thermalJunction) }
        if status & (1 << 34) != 0 { reasons.insert(.thermalMemory) }
        if status & (0xF << 38) != 0 { reasons.insert(.thermalRegulator) }
        let otherThermal: UInt64 = 0x00FF_FFFF_0000_0000 & ~((1 << 34) | (1 << 35) | (1 << 36) | (0xF << 38))
        if status & otherThermal != 0 { reasons.insert(.thermalOther) }
        if status & 0xFF00_0000_0000_0000 != 0 { reasons.insert(.other) }
        self = reasons
    }

    /// Short names: `junction`, `power`, ...
    public var names: [String] {
        let all: [(ThrottleReasons, String)] = [
            (.thermalEdge, "edge"), (.thermalJunction, "junction"), (.thermalMemory, "hbm"),
            (.thermalRegulator, "vr"), (.thermalOther, "thermal-other"), (.current, "current"),
            (.power, "power"), (.other, "other"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }

    public var description: String { isEmpty ? "none" : names.joined(separator: ",") }
}
