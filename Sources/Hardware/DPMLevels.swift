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
        var levels: [Int] = []
        var current: Int?
        var disabled = false
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), let index = Int(line[..<colon].trimmingCharacters()),
                  (0..<64).contains(index) else { continue }
            let rest = line[line.index(after: colon)...]
            // "925Mhz " or "2.5GT/s, x16 619Mhz *": take the first number that ends in Mhz.
            let words = rest.split(separator: " ")
            guard let frequencyWord = words.first(where: { $0.lowercased().hasSuffix("mhz") }),
                  let mhz = Int(frequencyWord.dropLast(3)) else { continue }
            while levels.count < index { levels.append(0) }
            if levels.count == index { levels.append(mhz) } else { levels[index] = mhz }
            if words.contains("*") { current = index }
            if rest.contains("DPM disabled") { disabled = true }
        }
        return levels.isEmpty ? nil : DPMLevels(levels: levels, current: current, disabled: disabled)
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var result = self
        while let first = result.first, first == " " { result = result.dropFirst() }
        while let last = result.last, last == " " { result = result.dropLast() }
        return result
    }
}
