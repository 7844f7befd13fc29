/// The levels of a `pp_dpm_sclk` / `pp_dpm_mclk` file and which one is current.
public struct DPMLevels: Sendable, Hashable {
    /// The level frequencies in MHz, by index.
    public var levels: [Int]
    /// The index marked `*`, if any (none when the clock sits between levels).
    public var current: Int?
    /// DPM is disabled (`0: 1725Mhz * (DPM disabled)`).
    public var disabled: Bool

    /// The current level's frequency in MHz.
    public var currentMHz: Int? { current.flatMap { $0 < levels.count ? levels[$0] : nil } }

    /// The highest level in MHz.
    public var maximumMHz: Int? { levels.max() }

    /// Parses the file's text; lines that do not fit are skipped. Nil when nothing fits.
    public static func parse(_ text: String) -> DPMLevels? {
        parse(bytes: Array(text.utf8))
    }

    /// Parses the file's bytes as read (`0: 925Mhz \n1: 1725Mhz *\n`, or with a PCIe
    /// speed before the clock: `2.5GT/s, x16 619Mhz *`). A level is `N:` then words; its clock
    /// is the first word that is a number followed by `Mhz` (any case); `*` marks the current
    /// level, `DPM disabled` says DPM is off.
    public static func parse(bytes: [UInt8]) -> DPMLevels? {
        var levels: [Int] = []
        var current: Int?
        var disabled = false
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
            if let level = parseLine(bytes, from: lineStart, to: lineEnd) {
                while levels.count < level.index { levels.append(0) }
                if levels.count == level.index { levels.append(level.mhz) } else { levels[level.index] = level.mhz }
                if level.current { current = level.index }
                if level.disabled { disabled = true }
            }
            lineStart = lineEnd + 1
        }
        return levels.isEmpty ? nil : DPMLevels(levels: levels, current: current, disabled: disabled)
    }

    private static let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " ")

    private static func parseLine(_ bytes: [UInt8], from start: Int, to end: Int)
        -> (index: Int, mhz: Int, current: Bool, disabled: Bool)? {
        var position = start
        while position < end, bytes[position] == space { position += 1 }
        guard let (index, afterIndex) = number(bytes, from: position, to: end), index < 64 else { return nil }
        position = afterIndex
        while position < end, bytes[position] == space { position += 1 }
        guard position < end, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        var mhz: Int?
        var current = false
        while position < end {   // one word at a time
            while position < end, bytes[position] == space { position += 1 }
            let wordStart = position
            while position < end, bytes[position] != space { position += 1 }
            let length = position - wordStart
            if length == 1 && bytes[wordStart] == UInt8(ascii: "*") { current = true }
            if mhz == nil, length > 3, let (value, after) = number(bytes, from: wordStart, to: position - 3), after == position - 3,
               isMhz(bytes, at: after) {
                mhz = value
            }
        }
        let disabled = contains(bytes, from: start, to: end, "DPM disabled")
        return mhz.map { (index, $0, current, disabled) }
    }

    /// The decimal number at `start` (digits only) and where it ends.
    private static func number(_ bytes: [UInt8], from start: Int, to end: Int) -> (Int, Int)? {
        var value = 0, position = start
        while position < end, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9"), position - start < 9 {
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        return position > start ? (value, position) : nil
    }

    private static func isMhz(_ bytes: [UInt8], at position: Int) -> Bool {
        (bytes[position] | 0x20) == UInt8(ascii: "m") && (bytes[position + 1] | 0x20) == UInt8(ascii: "h")
            && (bytes[position + 2] | 0x20) == UInt8(ascii: "z")
    }

    private static func contains(_ bytes: [UInt8], from start: Int, to end: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard end - start >= count else { return false }
        for position in start...(end - count) {
            var offset = 0
            while offset < count, bytes[position + offset] == text.utf8Start[offset] { offset += 1 }
            if offset == count { return true }
        }
        return false
    }
}
