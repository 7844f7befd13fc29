import FanControl
import Foundation

/// Finds a curve by name or path: a file path, then the curves directories, then the curves
/// built into the binary.
public enum CurveLocator {
    /// A curve found, valid.
    public struct Found: Sendable {
        /// Its name.
        public var name: String
        /// Its text; nil for a shipped curve (``BuiltInCurves`` holds it).
        public var text: String?
        /// Where it was found: a path, or `built in`.
        public var source: String
    }

    /// Finds `nameOrPath` (a path when it has a `/` or ends in `.yaml`, else a name looked up in
    /// `curvesDirectory`, /etc/mi50fan/curves, ./curves, then the shipped curves) and checks it.
    /// `option` is the command-line option that named the curve, for messages.
    public static func find(_ nameOrPath: String, curvesDirectory: String?, option: String = "--curve") -> Result<Found, ConfigProblems> {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") {
            guard let text = try? YAMLDocument.text(at: nameOrPath).get() else {
                return .failure(problem(option, "no curve file \(nameOrPath)", fix: "check the path"))
            }
            let name = ConfigLoader.curveName(forFile: nameOrPath)
            return ConfigLoader.loadCurve(at: nameOrPath).map { _ in Found(name: name, text: text, source: nameOrPath) }
        }
        let directories = [curvesDirectory, "/etc/mi50fan/curves", "curves"].compactMap { $0 }
        for directory in directories {
            let path = ConfigLoader.curvePath(named: nameOrPath, in: directory)
            if let text = try? YAMLDocument.text(at: path).get() {
                return ConfigLoader.loadCurve(at: path).map { _ in Found(name: nameOrPath, text: text, source: path) }
            }
        }
        if BuiltInCurves.files[nameOrPath] != nil { return .success(Found(name: nameOrPath, text: nil, source: "built in")) }
        let known = BuiltInCurves.files.keys.sorted().joined(separator: ", ")
        return .failure(problem(option, "no curve `\(nameOrPath)`", fix: "name a curve file, or one of: \(known)"))
    }

    private static func problem(_ option: String, _ message: String, fix: String) -> ConfigProblems {
        ConfigProblems([ConfigProblem(SourceLocation(file: option, line: 1, column: 1), message, fix: fix)])
    }

    /// The failure as a line: an option's problem names the option, a file's its place.
    public static func message(_ problems: ConfigProblems) -> String {
        problems.problems.map { problem in
            problem.location.file.hasPrefix("--") ? "\(problem.location.file): \(problem.message); \(problem.fix)" : problem.description
        }.joined(separator: "\n")
    }
}
