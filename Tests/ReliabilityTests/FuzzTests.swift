import Bench
import ConfigFiles
import FanControl
import Foundation
@testable import Hardware
import Simulator
import Testing

/// Seeded mutation fuzzing of every parser that reads outside input: seeds from
/// Tests/Fixtures/fuzz/TARGET, mutated by bit flips, byte edits, splices and truncations.
/// `MI50FAN_FUZZ_ITERATIONS` per target (default 400; `make fuzz` runs 200,000) and
/// `MI50FAN_FUZZ_SEED` set the run. A crash fails the run; so does a rejection without a
/// location or a fix.
struct Fuzzer {
    let seeds: [[UInt8]]
    var random: RandomSource

    static let iterations = ProcessInfo.processInfo.environment["MI50FAN_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 400
    static let seed = ProcessInfo.processInfo.environment["MI50FAN_FUZZ_SEED"].flatMap(UInt64.init) ?? 7

    init(target: String) throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz/" + target)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil).sorted { $0.path < $1.path }
        seeds = try files.map { [UInt8](try Data(contentsOf: $0)) }
        random = RandomSource(seed: Self.seed ^ UInt64(target.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
    }

    /// The next input: a seed with 1-8 random mutations, at most 4 KiB.
    mutating func next() -> [UInt8] {
        var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
        for _ in 0...(random.next() % 8) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 7 {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << (random.next() % 8))
            case 1 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 3 where !bytes.isEmpty: bytes.remove(at: position)
            case 4: bytes = Array(bytes.prefix(position))
            case 5:
                let other = seeds[Int(random.next() % UInt64(seeds.count))]
                let cut = other.isEmpty ? 0 : Int(random.next() % UInt64(other.count))
                bytes = Array(bytes.prefix(position)) + other.suffix(from: cut)
            default:
                let interesting: [String] = ["-", "9999999999999999999", ":", "\n", "{", "[", "%", "ms", "C", "*", "\"", "~", "&a", "*a", "0x", "nan", "-0", "1e309"]
                bytes.insert(contentsOf: Array(interesting[Int(random.next() % UInt64(interesting.count))].utf8), at: position)
            }
        }
        return Array(bytes.prefix(4096))
    }
}

@Test("fuzz: the YAML config and curve loader never crashes and every rejection says where and what to do")
func fuzzYAML() throws {
    var fuzzer = try Fuzzer(target: "yaml")
    var rejected = 0
    for _ in 0..<Fuzzer.iterations {
        let text = String(decoding: fuzzer.next(), as: UTF8.self)
        if let keep = ProcessInfo.processInfo.environment["MI50FAN_FUZZ_LAST"] { try? text.write(toFile: keep, atomically: false, encoding: .utf8) }
        switch YAMLDocument.parse(text, file: "fuzz.yaml") {
        case .failure(let problems):
            rejected += 1
            #expect(!problems.problems.isEmpty && problems.problems.allSatisfy { $0.location.line >= 1 })
        case .success(let node):
            let results: [ConfigProblems?] = [
                { if case .failure(let p) = ConfigDecoder.decode(node) { return p }; return nil }(),
                { if case .failure(let p) = CurveDecoder.decode(node, name: "fuzz") { return p }; return nil }(),
            ]
            for problems in results.compactMap({ $0 }) {
                rejected += 1
                #expect(problems.problems.allSatisfy { $0.location.line >= 1 && !$0.message.isEmpty && !$0.fix.isEmpty },
                        "\(problems.problems.filter { $0.fix.isEmpty })")
            }
        }
    }
    #expect(rejected > 0)
}

@Test("fuzz: gpu_metrics, pp_dpm, hwmon values and CSV traces never crash")
func fuzzBinaryAndText() throws {
    var metrics = try Fuzzer(target: "gpu_metrics")
    for _ in 0..<Fuzzer.iterations {
        if case .success(let decoded) = GPUMetrics.decode(metrics.next()) {
            #expect(decoded.formatRevision == 1)
            _ = decoded.throttleReasons
        }
    }
    var dpm = try Fuzzer(target: "pp_dpm")
    for _ in 0..<Fuzzer.iterations {
        if let levels = DPMLevels.parse(String(decoding: dpm.next(), as: UTF8.self)) {
            #expect(!levels.levels.isEmpty)
            #expect(levels.current.map { $0 < levels.levels.count } ?? true)
        }
    }
    var hwmon = try Fuzzer(target: "hwmon")
    for _ in 0..<Fuzzer.iterations {
        let bytes = hwmon.next()
        if case .success(let value) = SysfsValue.integer(bytes, path: "fuzz") {
            let digits = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
            #expect(Int(digits.hasPrefix("+") ? String(digits.dropFirst()) : digits) == value, "«\(digits)»")
        }
    }
    var trace = try Fuzzer(target: "trace")
    for _ in 0..<Fuzzer.iterations {
        switch PowerTrace.parse(String(decoding: trace.next(), as: UTF8.self)) {
        case .success(let parsed): #expect(parsed.samples.allSatisfy { $0.watts >= 0 && $0.watts.isFinite })
        case .failure(let error): #expect(error.line >= 1 && !error.message.isEmpty)
        }
    }
}
