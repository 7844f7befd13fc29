import Foundation
import JSONText
import Testing

/// A value with every shape the project's reports have.
private struct Sample: Codable, Equatable {
    enum Kind: String, Codable { case stress, bench }
    struct Card: Codable, Equatable {
        var slot: String
        var junction: Double?
        var throttle: [String]
    }
    var kind: Kind
    var cards: [Card]
    var settings: [String: String]
    var levels: [Int: Double]
    var count: Int
    var small: Float
    var huge: Double
    var fraction: Double
    var flag: Bool
    var missing: String?
    var path: String
    var matrix: [[Int]]
}

private let sample = Sample(
    kind: .stress,
    cards: [.init(slot: "0000:03:00.0", junction: 71.5, throttle: ["junction"]), .init(slot: "0000:43:00.0", junction: nil, throttle: ["hbm", "edge"])],
    settings: ["rate": "10", "Command": "llama-bench -m /models/x.gguf", "_order": "\"quoted\"\n\ttab"],
    levels: [10: 0.25, 2: 1], count: -3, small: 0.1, huge: 2.5e20, fraction: 1e-7, flag: true, missing: nil,
    path: "/run/mi50fan/status.json", matrix: [[1, 2], [3]])

@Test("encoded text is JSONEncoder's pretty, sorted, unescaped-slash layout, and decodes back")
func encodeMatchesJSONEncoder() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let expected = String(decoding: try encoder.encode(sample), as: UTF8.self) + "\n"
    let text = try JSONWriter.encode(sample)
    #expect(text == expected)
    #expect(try JSONDecoder().decode(Sample.self, from: Data(text.utf8)) == sample)
}

@Test("empty objects and arrays are {} and [], numbers that are not finite are null, nil is left out")
func encodeEdges() throws {
    struct Edges: Encodable {
        var empty: [String: Int] = [:]
        var none: [Int] = []
        var infinite = Double.infinity
        var gone: Int? = nil
    }
    #expect(try JSONWriter.encode(Edges()) == "{\n  \"empty\" : {},\n  \"infinite\" : null,\n  \"none\" : []\n}\n")
    #expect(try JSONWriter.encode([1, 2]) == "[\n  1,\n  2\n]\n")
    #expect(try JSONWriter.encode("a/b") == "\"a/b\"\n")
}

@Test("a subclass's super encoder writes the parent's fields under `super`, as JSONEncoder does")
func encodeSuper() throws {
    class Base: Encodable {
        var a = 1
        private enum CodingKeys: String, CodingKey { case a }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(a, forKey: .a)
        }
    }
    final class Derived: Base {
        var b = "two"
        private enum CodingKeys: String, CodingKey { case b }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(b, forKey: .b)
            try super.encode(to: container.superEncoder())
        }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    #expect(try JSONWriter.encode(Derived()) == String(decoding: try encoder.encode(Derived()), as: UTF8.self) + "\n")
}

@Test("compact text is JSONEncoder's sorted, unescaped-slash layout without pretty-printing: one line, no newline")
func compactMatchesJSONEncoder() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let text = try JSONWriter.encode(sample, compact: true)
    #expect(text == String(decoding: try encoder.encode(sample), as: UTF8.self))
    #expect(!text.contains("\n"))
    #expect(try JSONDecoder().decode(Sample.self, from: Data(text.utf8)) == sample)
}

@Test("a string needing no escape is written as it is; one that does is escaped wherever the escape falls", arguments: [
    "plain", "é😀/ü", "", "say \"hi\"", "back\\slash", "line\r\nbreak", "tab\tand\u{1}control", "\u{1F}", "é\"\n😀",
])
func stringEscaping(_ value: String) throws {
    var writer = JSONWriter(compact: true)
    writer.string(value)
    let read = try JSONSerialization.jsonObject(with: Data("[\(writer.text)]".utf8)) as? [String]
    #expect(read == [value])
    let escapes = value.unicodeScalars.contains { $0 == "\"" || $0 == "\\" || $0.value < 0x20 }
    #expect((writer.text == "\"\(value)\"") == !escapes)
}

@Test("a key spelt in the source is appended as it is, and escaped when it needs it")
func keysSpeltInTheSource() throws {
    var writer = JSONWriter(compact: true)
    writer.beginObject()
    writer.key("plain" as StaticString)
    writer.integer(1)
    writer.key("a \"quoted\" back\\slash" as StaticString)
    writer.string("x")
    writer.endObject()
    #expect(writer.text == #"{"plain":1,"a \"quoted\" back\\slash":"x"}"#)
    let read = try JSONSerialization.jsonObject(with: Data(writer.text.utf8)) as? [String: Any]
    #expect(read?["plain"] as? Int == 1)
    #expect(read?["a \"quoted\" back\\slash"] as? String == "x")
}

@Test("integers and whole numbers are written digit by digit as Swift spells them",
      arguments: [0, 7, -7, 10, -10, 99, 100, 1_234_567, -9_007_199_254_740_991, Int.max, Int.min])
func integerDigits(value: Int) {
    var writer = JSONWriter(compact: true)
    writer.integer(value)
    #expect(writer.text == String(value))
}

@Test("a number is spelt as the encoder spells it, whole or not, either side of 2^53",
      arguments: [0.0, -0.0, 1.0, -3.0, 2.5, -0.125, 83.39, 1e15, 9_007_199_254_740_991, 9_007_199_254_740_992, 1e300, -1e-7])
func numberDigits(value: Double) throws {
    var writer = JSONWriter(compact: true)
    writer.number(value)
    #expect(writer.text == JSONWriter.write(JSONValue(value), compact: true))
    #expect(Double(writer.text) == value)
}
