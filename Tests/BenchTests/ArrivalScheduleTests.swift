import Bench
import Foundation
import Testing

/// The rates and seeds the statistics are checked at: more than one of each, so no lucky seed decides.
private let checked: [(rate: Double, seed: UInt64)] = [(0.5, 0), (4, 1), (4, 2), (60, 3)]

@Test("request-rate arrivals: exponential gaps with mean 1 / rate (a Poisson process), checked against theory for several rates and seeds",
      arguments: checked.indices)
func arrivalStatistics(_ index: Int) throws {
    let (perSecond, seed) = checked[index]
    let rate = try #require(RequestRate(perSecond: perSecond))
    let count = 20_001
    let schedule = ArrivalSchedule(count: count, rate: rate, seed: seed)
    #expect(schedule.offsets.count == count && schedule.offsets.first == 0)
    #expect(zip(schedule.offsets, schedule.offsets.dropFirst()).allSatisfy { $0 <= $1 }, "ascending")
    let gaps = schedule.gaps
    let n = Double(gaps.count)
    let mean = gaps.reduce(0, +) / n
    let deviation = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
    // The mean of n exponential gaps has a standard error of mean / √n (0.7% here): 4 of them is 2.8%.
    #expect(abs(mean * perSecond - 1) < 4 / n.squareRoot(), "mean gap \(mean) s at \(perSecond)/s")
    // An exponential's standard deviation equals its mean.
    #expect(abs(deviation / mean - 1) < 0.05, "coefficient of variation \(deviation / mean)")
    // Kolmogorov–Smirnov against the exponential CDF 1 − e^(−rate·t): under 1.63/√n, its 1% critical value.
    let sorted = gaps.sorted()
    let distance = sorted.enumerated().map { rank, gap in
        let cdf = 1 - exp(-perSecond * gap)
        return max(abs(Double(rank + 1) / n - cdf), abs(cdf - Double(rank) / n))
    }.max() ?? 1
    #expect(distance < 1.63 / n.squareRoot(), "Kolmogorov–Smirnov distance \(distance)")
    // Arrivals counted per window of 1 / rate: a Poisson count, whose variance equals its mean (1).
    let last = try #require(schedule.offsets.last)
    var counts = [Int](repeating: 0, count: Int(last * perSecond) + 1)
    for offset in schedule.offsets { counts[Int(offset * perSecond)] += 1 }
    counts.removeLast()   // the window cut off by the last arrival
    let windows = Double(counts.count)
    let countMean = Double(counts.reduce(0, +)) / windows
    let countVariance = counts.map { (Double($0) - countMean) * (Double($0) - countMean) }.reduce(0, +) / (windows - 1)
    #expect(abs(countMean - 1) < 0.05 && abs(countVariance / countMean - 1) < 0.1, "counts per window: mean \(countMean), variance \(countVariance)")
}

@Test("the same seed gives the same arrivals, another seed others; a rate scales the same pattern; an infinite rate sends all at once")
func arrivalSeeds() throws {
    let two = try #require(RequestRate("2")), eight = try #require(RequestRate("8")), infinite = try #require(RequestRate("inf"))
    #expect(ArrivalSchedule(count: 50, rate: two, seed: 9) == ArrivalSchedule(count: 50, rate: two, seed: 9))
    #expect(ArrivalSchedule(count: 50, rate: two, seed: 9) != ArrivalSchedule(count: 50, rate: two, seed: 10))
    let slow = ArrivalSchedule(count: 50, rate: two, seed: 9).offsets, fast = ArrivalSchedule(count: 50, rate: eight, seed: 9).offsets
    #expect(zip(slow, fast).allSatisfy { abs($0 / 4 - $1) < 1e-12 })
    #expect(ArrivalSchedule(count: 5, rate: infinite, seed: 9).offsets == [0, 0, 0, 0, 0])
    #expect(ArrivalSchedule(count: 0, rate: two, seed: 9).offsets.isEmpty && ArrivalSchedule(count: 1, rate: two, seed: 9).offsets == [0])
    for text in ["0", "-1", "nan", "inf,", "", "1e9", "fast"] { #expect(RequestRate(text) == nil, "\(text)") }
    let rates = try #require(["0.25", "3", "inf"].map { RequestRate($0) } as? [RequestRate])
    let encoded = try JSONEncoder().encode(rates)
    #expect(String(decoding: encoded, as: UTF8.self) == #"["0.25","3","inf"]"#)
    #expect(try JSONDecoder().decode([RequestRate].self, from: encoded) == rates)
}
