import FanControl
import Foundation

/// A curve file as a document: its leading comment, description and curve, so that an edit
/// writes back a canonical file without losing the comment that says when to use it.
public struct CurveDocument: Sendable {
    /// The curve's name (its file name).
    public var name: String
    /// The comment lines at the top of the file, without their `# `.
    public var comment: [String]
    /// The `description:` line.
    public var description: String?
    /// The curve.
    public var curve: FanCurve

    /// Creates a document.
    public init(name: String, comment: [String], description: String?, curve: FanCurve) {
        self.name = name
        self.comment = comment
        self.description = description
        self.curve = curve
    }

    /// Loads and validates a curve file.
    public static func load(path: String) -> Result<CurveDocument, ConfigProblems> {
        switch YAMLDocument.text(at: path) {
        case .success(let text): return parse(text, path: path)
        case .failure(let problem):
            if problem.message == "no such file" || problem.message == "cannot read the file" {
                return .failure(ConfigProblems([ConfigProblem(problem.location, "cannot read the file",
                                                              fix: "check the name (`mi50fan curve list`) and permissions")]))
            }
            return .failure(ConfigProblems([problem]))
        }
    }

    /// Parses and validates curve text.
    public static func parse(_ text: String, path: String) -> Result<CurveDocument, ConfigProblems> {
        let name = ConfigLoader.curveName(forFile: path)
        return YAMLDocument.parse(text, file: path).flatMap { node in
            CurveDecoder.decode(node, name: name).map { curve in
                var description: String?
                if case .mapping(let entries, _) = node { description = entries.first { $0.key == "description" }?.value.scalarText }
                let comment = text.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
                    .map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : String($0.dropFirst()) }
                return CurveDocument(name: name, comment: comment, description: description, curve: curve)
            }
        }
    }

    /// The file's text.
    public func render() -> String {
        var lines = comment.map { $0.isEmpty ? "#" : "# " + $0 }
        if let description { lines.append("description: \(Self.quoted(description))") }
        switch curve.shape {
        case .linear(let points):
            lines.append("points:")
            lines += points.map { "  - [\(formatted($0.temperature)), \($0.duty)]" }
        case .steps(let levels):
            lines.append("levels:")
            for level in levels {
                var fields = ["duty: \(level.duty)"]
                if let lower = level.lower { fields.append("lower: \(formatted(lower))") }
                if let upper = level.upper { fields.append("upper: \(formatted(upper))") }
                lines.append("  - {\(fields.joined(separator: ", "))}")
            }
        }
        if let critical = curve.critical { lines.append("critical: \(formatted(critical))") }
        let hysteresis = curve.hysteresis
        if hysteresis == .none, case .linear = curve.shape {
            lines.append("hysteresis: {}")   // none, said so: without the key a linear curve gets the standard one
        } else if hysteresis != .none {
            lines.append("hysteresis:")
            if hysteresis.deadband > 0 { lines.append("  temperature: \(formatted(Temperature(celsius: hysteresis.deadband)))C") }
            if hysteresis.spinDownDelay > .zero { lines.append("  spin_down_delay: \(hysteresis.spinDownDelay)") }
            if hysteresis.minimumStep > 0 { lines.append("  min_step: \(Duty(fraction: hysteresis.minimumStep))") }
            if hysteresis.riseStep > 0 { lines.append("  rise_step: \(Duty(fraction: hysteresis.riseStep))") }
            if let margin = hysteresis.fallMargin { lines.append("  fall_margin: \(Duty(fraction: margin))") }
        }
        if curve.smoothing.timeConstant > .zero { lines.append("smoothing: \(curve.smoothing.timeConstant)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func formatted(_ temperature: Temperature) -> String {
        let value = temperature.celsius
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    private static func quoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || " -_.,()/".contains($0) } && !text.hasPrefix("-")
        return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
