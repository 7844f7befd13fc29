/// One thing wrong with a config or curve file: where, what, and what to do about it.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible, Error {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var fix: String

    /// Creates a problem.
    public init(_ location: SourceLocation, _ message: String, fix: String) {
        self.location = location
        self.message = message
        self.fix = fix
    }

    /// `file:line:column: message (fix)`, the form editors and compilers use.
    public var description: String {
        fix.isEmpty ? "\(location): \(message)" : "\(location): \(message); \(fix)"
    }
}

/// All problems found in one or more files; validation reports every one of them at once.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [ConfigProblem]

    /// Creates the error; problems are put in file order (line, then column) per file.
    public init(_ problems: [ConfigProblem]) {
        var files: [String] = []
        for problem in problems where !files.contains(problem.location.file) { files.append(problem.location.file) }
        self.problems = problems.enumerated().sorted { a, b in
            let (la, lb) = (a.element.location, b.element.location)
            let (fa, fb) = (files.firstIndex(of: la.file)!, files.firstIndex(of: lb.file)!)
            if fa != fb { return fa < fb }
            if la.line != lb.line { return la.line < lb.line }
            if la.column != lb.column { return la.column < lb.column }
            return a.offset < b.offset
        }.map(\.element)
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }

    /// How many there are, in words: `1 problem`, `3 problems`.
    public var countText: String { Self.countText(problems.count) }

    /// `count` problems in words: `1 problem`, `3 problems`.
    public static func countText(_ count: Int) -> String { "\(count) problem\(count == 1 ? "" : "s")" }
}

/// Collects problems while a document is decoded.
final class ProblemLog {
    private(set) var problems: [ConfigProblem] = []

    func add(_ location: SourceLocation, _ message: String, fix: String = "") {
        problems.append(ConfigProblem(location, message, fix: fix))
    }

    var isEmpty: Bool { problems.isEmpty }
}
