import FanControl
import Glibc

/// Parses YAML text into a ``ConfigNode`` tree that keeps the file, line and column of every
/// node. YAML syntax errors become a ``ConfigProblem`` at the place the parser stopped. Every
/// config and curve file comes through here, so ``YAMLLimits`` are checked here, first.
public enum YAMLDocument {
    /// Reads and parses the file at `path`, refusing one over ``YAMLLimits/maximumFileBytes``
    /// before reading it whole.
    public static func load(path: String) -> Result<ConfigNode, ConfigProblems> {
        switch text(at: path) {
        case .success(let text): return parse(text, file: path)
        case .failure(let problem): return .failure(ConfigProblems([problem]))
        }
    }

    /// The text of a config or curve file, or the problem reading it.
    public static func text(at path: String) -> Result<String, ConfigProblem> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        do {
            return .success(String(decoding: try BoundedFile.read(path, limit: YAMLLimits.maximumFileBytes), as: UTF8.self))
        } catch .tooLarge {
            return .failure(YAMLLimits.tooLarge(bytes: YAMLLimits.maximumFileBytes + 1, file: path))
        } catch .unreadable(let code) where code == ENOENT || code == ENOTDIR {
            return .failure(ConfigProblem(start, "no such file", fix: "check the path, or run `mi50fan detect --write` to create a config"))
        } catch {
            return .failure(ConfigProblem(start, "cannot read the file", fix: "check its permissions"))
        }
    }

    /// Parses `text`, naming `file` in every location. `maximumValueBytes` is the longest
    /// single value allowed: a config's or curve's by default; a benchmark suite's prompts are
    /// longer.
    public static func parse(_ text: String, file: String,
                             maximumValueBytes: Int = YAMLLimits.maximumValueBytes) -> Result<ConfigNode, ConfigProblems> {
        if text.utf8.count > YAMLLimits.maximumFileBytes {
            return .failure(ConfigProblems([YAMLLimits.tooLarge(bytes: text.utf8.count, file: file)]))
        }
        if let problem = unprintable(in: text, file: file) ?? YAMLLimits.problem(in: text, file: file, maximumValueBytes: maximumValueBytes) {
            return .failure(ConfigProblems([problem]))
        }
        switch YAMLComposer.compose(text, file: file) {
        case .failure(let problem): return .failure(ConfigProblems([problem]))
        case .success(nil):
            return .failure(ConfigProblems([ConfigProblem(
                SourceLocation(file: file, line: 1, column: 1), "the file is empty",
                fix: "see docs/configuration.md for an example")]))
        case .success(let node?): return .success(node)
        }
    }

    /// YAML allows no control characters but tab and line breaks; such bytes also upset the
    /// YAML library. Found first, with their place.
    private static func unprintable(in text: String, file: String) -> ConfigProblem? {
        var line = 1, column = 1
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
            if control || value == 0xFFFD || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE {
                let what = value == 0xFFFD ? "bytes that are not UTF-8" : "a control character (U+\(String(value, radix: 16, uppercase: true)))"
                return ConfigProblem(SourceLocation(file: file, line: line, column: column), "the file holds \(what)",
                                     fix: "save it as plain UTF-8 text")
            }
            if value == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }
}
