import FanControl
import Foundation

/// Changes one value in a config file in place, keeping its comments and layout: the new text
/// replaces the old value at the line and column the parser recorded.
public enum ConfigEditor {
    /// Why an edit could not be made.
    public struct EditError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Sets the `curve:` of fan `fanName` to `curve`; validates the whole config with the
    /// change and saves it atomically, keeping the previous version as `config.yaml~`.
    public static func setFanCurve(configPath: String, fan fanName: String, curve: String, curvesDirectory: String?) throws {
        let (text, entries, fanLocation) = try fanEntry(configPath: configPath, fan: fanName)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let entry = entries.first(where: { $0.key == "curve" }) {
            guard case .scalar(let old, let location) = entry.value else {
                throw EditError(message: "fan `\(fanName)` has an inline curve at \(entry.value.location); save it as a file first (`mi50fan curve new`)")
            }
            var line = Array(lines[location.line - 1])
            let start = location.column - 1
            let quotedLength = line.count > start && (line[start] == "\"" || line[start] == "'") ? old.count + 2 : old.count
            line.replaceSubrange(start..<min(line.count, start + quotedLength), with: Array(curve))
            lines[location.line - 1] = String(line)
        } else {
            let keyColumn = entries.first?.keyLocation.column ?? fanLocation.column
            let indent = String(repeating: " ", count: keyColumn - 1)
            let after = entries.first { $0.key == "name" }?.keyLocation.line ?? fanLocation.line
            lines.insert(indent + "curve: " + curve, at: after)
        }
        let updated = lines.joined(separator: "\n")
        let check = try checkCopy(updated, beside: configPath, curvesDirectory: curvesDirectory)
        if !check.isEmpty { throw ConfigProblems(check) }
        try AtomicFile.write(updated, to: configPath, backup: true)
    }

    /// The config's text and the entries of fan `fanName`'s mapping, with where it starts.
    private static func fanEntry(configPath: String, fan fanName: String) throws -> (String, [ConfigEntry], SourceLocation) {
        let text = try YAMLDocument.text(at: configPath).mapError { ConfigProblems([$0]) }.get()
        let node = try YAMLDocument.parse(text, file: configPath).get()
        guard case .mapping(let top, _) = node, let fans = top.first(where: { $0.key == "fans" })?.value,
              case .sequence(let items, _) = fans else { throw EditError(message: "\(configPath) has no `fans:` list") }
        for item in items {
            if case .mapping(let entries, let location) = item, entries.first(where: { $0.key == "name" })?.value.scalarText == fanName {
                return (text, entries, location)
            }
        }
        throw EditError(message: "no fan `\(fanName)` in \(configPath); `mi50fan status` lists the fans")
    }

    /// Validates `text` as if it were the config at `path`.
    static func checkCopy(_ text: String, beside path: String, curvesDirectory: String?) throws -> [ConfigProblem] {
        let directory = (path as NSString).deletingLastPathComponent
        let probe = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).check-\(getpid())"
        try AtomicFile.write(text, to: probe)
        defer { unlink(probe) }
        let (_, problems) = ConfigLoader.check(path: probe, curvesDirectory: curvesDirectory)
        return problems.map { problem in
            var copy = problem
            if copy.location.file == probe { copy.location.file = path }
            return copy
        }
    }

    /// Sets keys of fan `fanName`'s `limits` (`min_duty` -> `30%`), in place; validates and
    /// saves like ``setFanCurve(configPath:fan:curve:curvesDirectory:)``.
    public static func setFanLimits(configPath: String, fan fanName: String, values: [(String, String)], curvesDirectory: String?) throws {
        let (text, entries, fanLocation) = try fanEntry(configPath: configPath, fan: fanName)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let limits = entries.first(where: { $0.key == "limits" }) {
            guard case .mapping(let keys, let location) = limits.value else { throw EditError(message: "`limits` of fan `\(fanName)` is not a mapping") }
            var inserted: [String] = []
            // Replace from the end of the file backwards so earlier columns stay valid.
            var replacements: [(SourceLocation, String, String)] = []
            for (key, value) in values {
                if let entry = keys.first(where: { $0.key == key }), case .scalar(let old, let at) = entry.value {
                    replacements.append((at, old, value))
                } else {
                    inserted.append("\(key): \(value)")
                }
            }
            for (at, old, value) in replacements.sorted(by: { ($0.0.line, $0.0.column) > ($1.0.line, $1.0.column) }) {
                var line = Array(lines[at.line - 1])
                let start = at.column - 1
                line.replaceSubrange(start..<min(line.count, start + old.count), with: Array(value))
                lines[at.line - 1] = String(line)
            }
            if !inserted.isEmpty {
                let flow = lines[location.line - 1].dropFirst(location.column - 1).hasPrefix("{")
                if flow {
                    var line = Array(lines[location.line - 1])
                    guard let close = line.lastIndex(of: "}") else { throw EditError(message: "cannot edit `limits` at \(location)") }
                    line.insert(contentsOf: Array(", " + inserted.joined(separator: ", ")), at: close)
                    lines[location.line - 1] = String(line)
                } else {
                    let indent = String(repeating: " ", count: (keys.first?.keyLocation.column ?? location.column) - 1)
                    lines.insert(contentsOf: inserted.map { indent + $0 }, at: limits.keyLocation.line)
                }
            }
        } else {
            let indent = String(repeating: " ", count: (entries.first?.keyLocation.column ?? fanLocation.column) - 1)
            let after = entries.first { $0.key == "name" }?.keyLocation.line ?? fanLocation.line
            lines.insert(contentsOf: [indent + "limits:"] + values.map { indent + "  \($0.0): \($0.1)" }, at: after)
        }
        let updated = lines.joined(separator: "\n")
        let check = try checkCopy(updated, beside: configPath, curvesDirectory: curvesDirectory)
        if !check.isEmpty { throw ConfigProblems(check) }
        try AtomicFile.write(updated, to: configPath, backup: true)
    }
}
