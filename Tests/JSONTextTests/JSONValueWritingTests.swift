import Foundation
import JSONText
import Testing

/// A document with every kind of value, members deliberately out of alphabetical order.
private let document: JSONValue = [
    "model": "qwen/3", "stream": true, "n_predict": 64, "temperature": 0.5, "seed": .null,
    "prompt": JSONValue([1, 2, 3]),
    "messages": [["role": "user", "content": "a \"quoted\"\nline"]],
    "options": [:], "images": [],
]

@Test("a JSON value written compact or pretty keeps its members' order and parses back to itself")
func valueRoundTrip() throws {
    for compact in [true, false] {
        let text = JSONWriter.write(document, compact: compact)
        #expect(try JSONValue.parse(text) == document, "compact: \(compact)")
        let names = document.objectMembers?.map { "\"\($0.0)\"" } ?? []
        let positions = names.map { name in text.firstRange(of: name).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? -1 }
        #expect(!positions.contains(-1) && positions == positions.sorted(), "members in the value's order: \(text)")
    }
    #expect(!JSONWriter.write(document, compact: true).contains("\n"))
    #expect(JSONWriter.write(document).hasSuffix("}\n"))
}

@Test("a JSON value is the JSON Foundation reads: what a server receives is what was built")
func valueReadByFoundation() throws {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONWriter.write(document, compact: true).utf8)) as? [String: Any])
    #expect(object["model"] as? String == "qwen/3")
    #expect(object["stream"] as? Bool == true)
    #expect(object["n_predict"] as? Int == 64)
    #expect(object["temperature"] as? Double == 0.5)
    #expect(object["seed"] is NSNull)
    #expect(object["prompt"] as? [Int] == [1, 2, 3])
    #expect(((object["messages"] as? [[String: Any]])?.first?["content"] as? String) == "a \"quoted\"\nline")
}

@Test("a number that is not finite becomes null, as JSONWriter writes it in records")
func nonFiniteNumber() {
    #expect(JSONValue(Double.infinity) == .null)
    #expect(JSONValue(Double.nan) == .null)
    #expect(JSONValue(2.5) == .number("2.5"))
    #expect(JSONValue(3.0) == .number("3"))
}

@Test("accessors give the value of their kind, nil for any other kind")
func accessors() throws {
    let value = try JSONValue.parse(#"{"n": 12, "f": 12.75, "big": 1e300, "s": "x", "b": false, "a": [1], "o": {"k": 1}}"#)
    #expect(value["n"]?.intValue == 12)
    #expect(value["f"]?.intValue == 12, "a fraction is cut off")
    #expect(value["f"]?.doubleValue == 12.75)
    #expect(value["big"]?.intValue == nil, "too large for Int")
    #expect(value["s"]?.stringValue == "x")
    #expect(value["s"]?.intValue == nil)
    #expect(value["b"]?.boolValue == false)
    #expect(value["a"]?.arrayValue == [1])
    #expect(value["o"]?.objectMembers?.map(\.0) == ["k"])
    #expect(value["n"]?.stringValue == nil && value["s"]?.boolValue == nil && value["b"]?.arrayValue == nil && value["a"]?.objectMembers == nil)
    #expect(value["o"]?["k"]?.intValue == 1)
    #expect(value["missing"] == nil)
}
