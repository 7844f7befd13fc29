import ConfigFiles
import FanControl
import Foundation
import Simulator
import Testing

/// Generates hostile config text whose fate is known in advance: alias bombs of random shape
/// (anchored lists, mappings or merge keys; aliases as values or as keys), values around and far
/// over the length limit, nesting around the depth limit, and durations past a day.
struct HostileYAML {
    var random: RandomSource

    /// A document and what must happen to it: nil to load, or a fragment of the one problem.
    struct Case {
        let text: String
        let refusal: String?
    }

    private mutating func pick(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func next() -> Case {
        switch random.next() % 4 {
        case 0: return aliasBomb()
        case 1: return longValue()
        case 2: return deepNesting()
        default: return longDuration()
        }
    }

    /// `levels` anchors, each `width` aliases to the one before, in lists or mappings.
    mutating func aliasBomb() -> Case {
        let width = pick(2...12), levels = pick(1...12), mappings = random.next() % 2 == 0, asKey = random.next() % 3 == 0
        var text = "version: 1\n", size = 1 + width, expanded = 0
        text += "l0: &l0 [" + Array(repeating: "\"lol\"", count: width).joined(separator: ", ") + "]\n"
        for level in 1...levels {
            let items = (0..<width).map { mappings ? "k\($0): *l\(level - 1)" : "*l\(level - 1)" }.joined(separator: ", ")
            text += "l\(level): &l\(level) " + (mappings ? "{\(items)}" : "[\(items)]") + "\n"
            expanded += width * size
            size = 1 + width * (size + (mappings ? 1 : 0))   // a mapping's keys count too
        }
        text += asKey ? "use:\n  ? *l\(levels)\n  : 1\n" : "use: *l\(levels)\n"
        expanded += size
        return Case(text: text, refusal: expanded > YAMLLimits.aliasExpansionBudget ? "stand for more than" : nil)
    }

    /// A fan name of a random length: around the value limit, or past the file limit.
    mutating func longValue() -> Case {
        let length = random.next() % 8 == 0 ? YAMLLimits.maximumFileBytes + pick(1...1000) : YAMLLimits.maximumValueBytes + pick(-100...100)
        let text = "version: 1\nfans:\n  - name: " + String(repeating: "f", count: length) + "\n"
        if text.utf8.count > YAMLLimits.maximumFileBytes { return Case(text: text, refusal: "the file is") }
        return Case(text: text, refusal: length > YAMLLimits.maximumValueBytes ? "this value is \(length) bytes" : nil)
    }

    /// Lists nested around the depth limit.
    mutating func deepNesting() -> Case {
        let depth = pick((YAMLLimits.maximumDepth - 8)...(YAMLLimits.maximumDepth + 8)) - 1
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        return Case(text: text, refusal: depth + 1 > YAMLLimits.maximumDepth ? "nested more than" : nil)
    }

    /// A curve smoothing from seconds to far past a day.
    mutating func longDuration() -> Case {
        let exponent = pick(0...300)
        let text = "points: [[40, 30%], [80, 100%]]\nsmoothing: 1e\(exponent)s\n"
        return Case(text: text, refusal: exponent > 4 ? "longer than a day" : nil)
    }
}

/// This process's resident set size in kilobytes.
private func residentKilobytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

@Test("fuzz: alias bombs, oversized values, deep nesting and huge durations are refused for the right reason, in bounded memory")
func fuzzHostileYAML() throws {
    var generator = HostileYAML(random: RandomSource(seed: Fuzzer.seed ^ 0x4A11A5))
    let baseline = residentKilobytes()
    var peak = 0, refused = 0
    for _ in 0..<max(50, Fuzzer.iterations / 8) {
        let hostile = generator.next()
        var problems: [ConfigProblem] = []
        switch YAMLDocument.parse(hostile.text, file: "hostile.yaml") {
        case .failure(let failure): problems = failure.problems
        case .success(let node):
            if CurveDecoder.distinguishingKeys.contains(where: node.keys.contains),
               case .failure(let failure) = CurveDecoder.decode(node, name: "hostile") { problems = failure.problems }
        }
        if let refusal = hostile.refusal {
            refused += 1
            #expect(problems.count == 1 && problems[0].message.contains(refusal) && !problems[0].fix.isEmpty,
                    "expected «\(refusal)» for \(hostile.text.prefix(300)): \(problems)")
        } else {
            #expect(problems.isEmpty, "\(hostile.text.prefix(300)): \(problems)")
        }
        peak = max(peak, residentKilobytes() - baseline)
    }
    #expect(refused > 0)
    #expect(peak < 100_000, "resident memory grew by \(peak) kB")
}
