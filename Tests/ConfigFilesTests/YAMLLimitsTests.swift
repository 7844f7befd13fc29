import ConfigFiles
import FanControl
import Foundation
import Testing

/// A "billion laughs" document: `levels` anchors, each a list of nine aliases to the one
/// before, so the last stands for 9^levels values. As map keys when `asKeys`.
func aliasBomb(levels: Int, asKeys: Bool = false) -> String {
    var text = "version: 1\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    for level in 1...levels {
        let aliases = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",")
        text += "a\(level): &a\(level) [\(aliases)]\n"
    }
    if asKeys { text += "keys:\n  ? *a\(levels)\n  : 1\n  ? *a\(levels - 1)\n  : 2\n" }
    return text
}

/// This process's resident set size in kilobytes (`VmRSS` of /proc/self/status).
private func residentKilobytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

private func problems(_ result: Result<ConfigNode, ConfigProblems>) -> [ConfigProblem] {
    if case .failure(let failure) = result { return failure.problems }
    return []
}

@Test("an alias bomb is refused at the alias that breaks the budget, before any tree is built", arguments: [false, true])
func aliasBombRefused(asKeys: Bool) {
    let bomb = aliasBomb(levels: 12, asKeys: asKeys)
    #expect(bomb.utf8.count < 1024)
    let before = residentKilobytes()
    let found = problems(YAMLDocument.parse(bomb, file: "bomb.yaml"))
    let growth = residentKilobytes() - before
    #expect(found.count == 1)
    #expect(found.first?.description.hasPrefix("bomb.yaml:6:") == true, "\(found)")
    #expect(found.first?.message.contains("stand for more than \(YAMLLimits.aliasExpansionBudget) values") == true)
    #expect(growth < 100_000, "resident memory grew by \(growth) kB")
}

@Test("a few aliases, as configs use them, still load")
func modestAliases() throws {
    let text = "version: 1\nlimits: &limits {min_duty: 30%, start_duty: 50%}\nfans:\n  - {name: a, limits: *limits}\n  - {name: b, limits: *limits}\n"
    let node = try YAMLDocument.parse(text, file: "c.yaml").get()
    guard case .mapping(let entries, _) = node, case .sequence(let fans, _)? = entries.first(where: { $0.key == "fans" })?.value,
          case .mapping(let fan, _)? = fans.last, case .mapping(let limits, _)? = fan.first(where: { $0.key == "limits" })?.value else {
        Issue.record("unexpected shape: \(node)")
        return
    }
    #expect(limits.map(\.key) == ["min_duty", "start_duty"])
}

/// An oversized document, named briefly (the text itself is too long to print).
struct OversizedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let expected: String
    var testDescription: String { name }
}

@Test("oversized input is refused with its place", arguments: [
    OversizedCase(name: "a 10 MB fan name", text: "version: 1\nfans:\n  - name: " + String(repeating: "x", count: 10_000_000) + "\n",
                  expected: "f.yaml:1:1: the file is"),
    OversizedCase(name: "a 5000-byte fan name", text: "version: 1\nfans:\n  - name: " + String(repeating: "x", count: 5000) + "\n",
                  expected: "f.yaml:3:11: this value is 5000 bytes"),
    OversizedCase(name: "nesting 100 deep", text: "a: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n",
                  expected: "f.yaml:1:67: lists and mappings are nested more than 64 deep"),
])
func oversizedInput(_ oversized: OversizedCase) {
    let found = problems(YAMLDocument.parse(oversized.text, file: "f.yaml"))
    #expect(found.map(\.description).contains { $0.hasPrefix(oversized.expected) }, "\(found)")
}

@Test("a file over the size limit is refused before it is read whole")
func oversizedFile() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("config.yaml", "version: 1\n# " + String(repeating: "x", count: YAMLLimits.maximumFileBytes) + "\n")
    let (_, found) = ConfigLoader.check(path: path)
    #expect(found.map(\.description) == ["\(path):1:1: the file is \(YAMLLimits.maximumFileBytes + 1) bytes; a config or curve is at most \(YAMLLimits.maximumFileBytes) bytes; check that this is the file you meant; a config for eight cards is a few kilobytes"])
}

@Test("durations longer than a day are refused", arguments: ["1e300s", "25h", "2d"])
func hugeDuration(_ value: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("curves/c.yaml", "points: [[40, 30%], [80, 100%]]\nsmoothing: \(value)\n")
    let (_, found) = ConfigLoader.check(path: path)
    #expect(found.map(\.description) == ["\(path):2:12: smoothing `\(value)` is longer than a day; write a duration of at most `24h`; fan timings are seconds or minutes"])
}

@Test("a key written as an alias that repeats a key is reported where the alias stands")
func duplicateAliasKey() {
    let text = "&k version: 1\n*k : 2\n"
    guard case .failure(let problems) = YAMLDocument.parse(text, file: "c.yaml") else {
        Issue.record("the duplicate key was accepted")
        return
    }
    #expect(problems.problems.map { "\($0.location.line):\($0.location.column) \($0.message)" } == ["2:1 duplicate key `version`"])
}

@Test("a long list and a wide mapping within the size limit are read whole, in order")
func longCollections() throws {
    let count = 60_000
    let list = "x: [" + (0..<count).map(String.init).joined(separator: ",") + "]\n"
    guard case .mapping(let entries, _) = try YAMLDocument.parse(list, file: "l.yaml").get(),
          case .sequence(let items, _) = entries[0].value else { Issue.record("not a list"); return }
    #expect(items.count == count && items.last?.scalarText == "\(count - 1)")
    let mapping = (0..<20_000).map { "k\($0): \($0)" }.joined(separator: "\n") + "\n"
    guard case .mapping(let keys, _) = try YAMLDocument.parse(mapping, file: "m.yaml").get() else { Issue.record("not a mapping"); return }
    #expect(keys.count == 20_000 && keys[19_999].key == "k19999")
}
