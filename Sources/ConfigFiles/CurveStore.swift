import FanControl
import Foundation

/// The curves directory: lists, reads and saves curve files. Every save validates first,
/// writes atomically and keeps the previous version as `NAME.yaml~` (for `curve undo`).
public struct CurveStore: Sendable {
    /// The directory.
    public let directory: String

    /// Creates a store over `directory`.
    public init(directory: String) { self.directory = directory }

    /// The curve names in the directory, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The file of curve `name`.
    public func path(_ name: String) -> String { ConfigLoader.curvePath(named: name, in: directory) }

    /// The previous version's file.
    public func backupPath(_ name: String) -> String { path(name) + "~" }

    /// Whether curve `name` exists.
    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Loads curve `name`.
    public func load(_ name: String) -> Result<CurveDocument, ConfigProblems> { CurveDocument.load(path: path(name)) }

    /// Validates `document` as it will be written and saves it, keeping the previous version.
    public func save(_ document: CurveDocument) throws -> String {
        let text = document.render()
        try save(text: text, name: document.name)
        return text
    }

    /// Validates curve text and saves it as `name`, keeping the previous version.
    public func save(text: String, name: String) throws {
        if case .failure(let problems) = CurveDocument.parse(text, path: path(name)) { throw problems }
        try AtomicFile.write(text, to: path(name), backup: true)
    }

    /// Swaps the curve with its previous version. Returns false when there is none.
    public func undo(_ name: String) throws -> Bool {
        let current = path(name), previous = backupPath(name)
        guard FileManager.default.fileExists(atPath: previous) else { return false }
        let old = try String(contentsOfFile: previous, encoding: .utf8)
        let now = try String(contentsOfFile: current, encoding: .utf8)
        try AtomicFile.write(old, to: current)
        try AtomicFile.write(now, to: previous)
        return true
    }
}
