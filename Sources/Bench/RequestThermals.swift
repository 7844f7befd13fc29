/// What the cards did during one request, from the samples around it.
extension RequestRecord {
    /// Fills VRAM before/peak/after, junction peak and mean, throttle reasons and board energy
    /// from the sample just before the request, those taken during it and the one just after.
    public mutating func recordThermals(before: TelemetrySample?, during: [TelemetrySample], after: TelemetrySample?) {
        func vram(_ sample: TelemetrySample) -> Int? {
            let values = sample.cards.compactMap(\.vramUsed)
            return values.isEmpty ? nil : values.reduce(0, +)
        }
        vramBefore = before.flatMap(vram)
        vramAfter = after.flatMap(vram)
        vramPeak = (during + [before, after].compactMap { $0 }).compactMap(vram).max()
        let junctions = during.flatMap { $0.cards.compactMap(\.junction) }
        peakJunction = junctions.max()
        meanJunction = junctions.isEmpty ? nil : junctions.reduce(0, +) / Double(junctions.count)
        throttle = Array(Set(during.flatMap { $0.cards.flatMap { ThrottleDetector.reasons($0).reasons } })).sorted()
        energy = Self.energy(during)
    }

    /// Board energy over the samples (trapezoids), joules; nil with fewer than two samples.
    static func energy(_ samples: [TelemetrySample]) -> Double? {
        guard samples.count >= 2 else { return nil }
        var total = 0.0
        for (a, b) in zip(samples, samples.dropFirst()) {
            let pa = a.cards.compactMap(\.power).reduce(0, +), pb = b.cards.compactMap(\.power).reduce(0, +)
            total += (pa + pb) / 2 * (b.time - a.time)
        }
        return total > 0 ? total : nil
    }
}
