import ConfigFiles
import FanControl
import Foundation
import Testing

private func files(in directory: String) -> [String] {
    let url = repositoryRoot.appendingPathComponent(directory)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { url.appendingPathComponent($0).path }
}

@Test("the four curves the docs promise are shipped")
func requiredCurvesShipped() {
    let names = files(in: "curves").map(ConfigLoader.curveName(forFile:))
    for required in ["mi50-blower-quiet", "mi50-blower-balanced", "mi50-blower-max", "dual-40mm"] {
        #expect(names.contains(required))
    }
}

@Test("every shipped curve parses and says when to use it", arguments: files(in: "curves"))
func shippedCurve(path: String) throws {
    let curve = try ConfigLoader.loadCurve(at: path).get()
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("# "), "a curve file starts with a comment saying when to use it")
    #expect(curve.critical != nil, "every shipped curve has a critical temperature")
}

@Test("every config example in docs/ validates against the shipped curves", arguments: files(in: "docs/examples"))
func shippedConfig(path: String) throws {
    let (kind, problems) = ConfigLoader.check(path: path, curvesDirectory: repositoryRoot.appendingPathComponent("curves").path)
    #expect(kind == .config)
    #expect(problems.isEmpty, "\(problems)")
}

@Test("every YAML block in docs/*.md that is a config or curve validates")
func markdownExamples() throws {
    let docs = repositoryRoot.appendingPathComponent("docs")
    let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }
    let scratch = try TemporaryDirectory()
    var checked = 0
    for name in names {
        let text = try String(contentsOfFile: docs.appendingPathComponent(name).path, encoding: .utf8)
        for (index, block) in yamlBlocks(in: text).enumerated() {
            guard case .success(let node) = YAMLDocument.parse(block, file: name), let kind = ConfigLoader.kind(of: node) else { continue }
            let file = try scratch.write("\(name)-\(index).yaml", block)
            let (_, problems) = ConfigLoader.check(path: file, curvesDirectory: repositoryRoot.appendingPathComponent("curves").path)
            #expect(problems.isEmpty, "\(name) block \(index + 1) (\(kind)): \(problems)")
            checked += 1
        }
    }
    #expect(checked >= 2, "docs/configuration.md shows at least a config and a curve")
}

/// The contents of the ```yaml fenced blocks of a Markdown text.
func yamlBlocks(in markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line.hasPrefix("```yaml") { current = [] } else if current != nil, line.hasPrefix("```") {
            blocks.append(current!.joined(separator: "\n") + "\n")
            current = nil
        } else if current != nil { current!.append(line) }
    }
    return blocks
}

@Test("the curves built into the binary are the shipped files, to the byte", arguments: files(in: "curves"))
func builtInCurves(path: String) throws {
    let name = ConfigLoader.curveName(forFile: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(BuiltInCurves.files[name].map { $0 + "\n" } == text, "regenerate Sources/ConfigReading/BuiltInCurves.swift from curves/")
}
