import Foundation

/// One llama-bench-style test: `ppN` (pre-fill N prompt tokens) or `tgN` (generate N tokens), at a
/// context depth (tokens already in the context, as llama-bench's `-d`), named as llama-bench
/// names it: `pp512`, `tg128 @ d4096`.
public struct SizeTest: Sendable, Codable, Equatable, Hashable {
    /// What the test measures.
    public enum Kind: String, Sendable, Codable {
        /// Pre-fill speed over `tokens` prompt tokens (one token generated).
        case prefill = "pp"
        /// Decode speed over `tokens` generated tokens.
        case decode = "tg"
    }

    /// Pre-fill or decode.
    public var kind: Kind
    /// Prompt tokens (pp) or generated tokens (tg).
    public var tokens: Int
    /// Tokens in the context before the measured ones.
    public var depth: Int

    /// Creates a test.
    public init(kind: Kind, tokens: Int, depth: Int = 0) {
        self.kind = kind
        self.tokens = tokens
        self.depth = depth
    }

    /// The name llama-bench gives it.
    public var name: String { "\(kind.rawValue)\(tokens)" + (depth > 0 ? " @ d\(depth)" : "") }

    /// Why a list of sizes or depths cannot be used.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The tests of `--sizes pp512,tg128` at every depth of `--depth 0,4096`, sizes first.
    public static func parse(sizes: String, depths: String) throws(Problem) -> [SizeTest] {
        var depthValues: [Int] = []
        for text in depths.split(separator: ",", omittingEmptySubsequences: false) {
            guard let depth = Int(text.trimmingCharacters(in: .whitespaces)), depth >= 0, depth <= 1_000_000 else {
                throw Problem(description: "--depth \(depths): expected context depths in tokens, like 0 or 0,4096")
            }
            depthValues.append(depth)
        }
        var tests: [SizeTest] = []
        for text in sizes.split(separator: ",", omittingEmptySubsequences: false) {
            let item = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard let kind = Kind(rawValue: String(item.prefix(2))), let tokens = Int(item.dropFirst(2)), tokens > 0, tokens <= 1_000_000 else {
                throw Problem(description: "--sizes \(sizes): expected ppN (pre-fill N prompt tokens) or tgN (generate N tokens), like pp512,pp2048,tg128")
            }
            for depth in depthValues {
                let test = SizeTest(kind: kind, tokens: tokens, depth: depth)
                if !tests.contains(test) { tests.append(test) }
            }
        }
        return tests
    }
}
