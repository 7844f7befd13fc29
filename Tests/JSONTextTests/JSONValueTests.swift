import JSONText
import Testing

private struct Record: Codable, Equatable {
    enum Kind: String, Codable { case hwmon, gpio }
    var kind: Kind
    var name: String
    var index: Int
    var saved: Int?
    var ratio: Double
    var flags: [Bool]
    var nested: [String: Int]
    var pid: Int32
}

@Test("a Codable value written by JSONWriter and read back is the same value, keys sorted, nil left out")
func encodeDecodeRoundTrip() throws {
    let record = Record(kind: .gpio, name: "blower \"A\"\n\u{01}é", index: 3, saved: nil, ratio: 0.25,
                        flags: [true, false], nested: ["b": 2, "a": -1], pid: 4242)
    let text = try JSONWriter.encode(record)
    #expect(!text.contains("saved"))
    let keys = ["flags", "index", "kind", "name", "nested", "pid", "ratio"].map { "\"\($0)\" : " }
    let positions = keys.map { key in text.firstRange(of: key).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? -1 }
    #expect(!positions.contains(-1) && positions == positions.sorted(), "members sorted by key: \(text)")
    #expect(text.contains("\"name\" : \"blower \\\"A\\\"\\n\\u0001é\""))
    #expect(try JSONValueDecoder().decode(Record.self, from: Array(text.utf8)) == record)
}

@Test("numbers keep their digits, and must fit the type asked for exactly")
func numbers() throws {
    #expect(try JSONValueDecoder().decode(Int64.self, from: Array("9007199254740993".utf8)) == 9_007_199_254_740_993)
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: Array("1.5".utf8)) }
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: Array("300".utf8)) }
}

@Test("escapes and surrogate pairs decode to the characters they name")
func escapes() throws {
    let value = try JSONValue.parse(#"["\u00e9\ud83d\ude00\/\t", "plain"]"#)
    #expect(value == .array([.string("é😀/\t"), .string("plain")]))
}

@Test("what is not JSON is refused with the byte where reading stopped", arguments: [
    ("", 0), ("{", 1), ("[1,]", 3), ("{\"a\" 1}", 5), ("01", 2), ("\"a", 2), ("tru", 0), ("[1] x", 4),
    ("\"\\q\"", 3), ("\"\u{01}\"", 1), ("1.", 2), ("\"\\ud800\"", 7), ("\"\\u+abc\"", 3),
])
func refusals(text: String, offset: Int) {
    #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
    do { _ = try JSONValue.parse(text) } catch { #expect(error.offset == offset, "\(text): \(error)") }
}

@Test("nesting deeper than the limit is refused, not a stack overflow")
func depthLimit() {
    let deep = String(repeating: "[", count: JSONValue.maximumDepth + 1) + String(repeating: "]", count: JSONValue.maximumDepth + 1)
    #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
    let fits = String(repeating: "[", count: JSONValue.maximumDepth) + String(repeating: "]", count: JSONValue.maximumDepth)
    #expect((try? JSONValue.parse(fits)) != nil)
}

@Test("a missing key or a value of the wrong kind names its path")
func decodingErrors() {
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Record.self, from: Array("{}".utf8)) }
    do {
        _ = try JSONValueDecoder().decode([String: Int].self, from: Array(#"{"a": "x"}"#.utf8))
        Issue.record("a string decoded as Int")
    } catch let DecodingError.typeMismatch(_, context) {
        #expect(context.codingPath.map(\.stringValue) == ["a"])
    } catch {
        Issue.record("unexpected \(error)")
    }
}

@Test("a number too large for a Double is refused, not read as infinity")
func outOfRangeNumbers() throws {
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Double.self, from: Array("1e999".utf8)) }
    #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Float.self, from: Array("1e300".utf8)) }
    #expect(JSONValue.number("-1e999").doubleValue == nil)
    #expect(try JSONValueDecoder().decode(Double.self, from: Array("1e300".utf8)) == 1e300)
}

@Test("a long string of escapes reads back whole")
func manyEscapes() throws {
    let text = "\"" + String(repeating: "\\ud83d\\ude00\\n", count: 20_000) + "\""
    let value = try JSONValue.parse(text)
    #expect(value == .string(String(repeating: "😀\n", count: 20_000)))
}
