/// The one way this project writes JSON: pretty-printed with two-space indents and
/// `"key" : value`, keys sorted, slashes not escaped, empty objects and arrays as `{}` and `[]`
/// (`JSONEncoder`'s `.prettyPrinted`, `.sortedKeys`, `.withoutEscapingSlashes` layout apart
/// from the empty ones, so `JSONDecoder` reads it back). Status files, pointers, records and
/// reports all look alike, and tests compare them as text. A compact writer puts everything
/// on one line with no spaces (`{"key":value}`), for request bodies and one-line records.
///
/// Text written often (the status file, every tick it changes) is written field by field
/// with the methods below; everything else goes through ``encode(_:)``. Nil values leave their
/// key out; numbers that are not finite are written as `null` (and left out of dictionaries),
/// since JSON has no spelling for them.
///
/// The text is kept as UTF-8 bytes: a file is written from them as they are, and appending
/// bytes costs a tenth of appending to a `String` (the status file is rendered every few ticks).
public struct JSONWriter {
    /// The text so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []
    /// The text so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// Whether the text stays on one line, without spaces.
    public let compact: Bool
    /// Per open object or array: whether it has an entry yet.
    private var hasEntries: [Bool] = []

    /// An empty writer: pretty-printed, or on one line when `compact`; room for `capacity`
    /// bytes is made at once.
    public init(compact: Bool = false, capacity: Int = 0) {
        self.compact = compact
        bytes.reserveCapacity(capacity)
    }

    /// Ends the text with a newline, the way files end.
    public mutating func endLine() { bytes.append(UInt8(ascii: "\n")) }

    /// `value` as JSON text: pretty-printed and ending in a newline (the way files end), or
    /// when `compact` on one line with no newline (a request body, a line of a stream).
    public static func encode<Value: Encodable>(_ value: Value, compact: Bool = false) throws -> String {
        var writer = JSONWriter(compact: compact)
        try TreeEncoder.tree(of: value).write(to: &writer)
        if !compact { writer.endLine() }
        return writer.text
    }

    /// `value` as JSON text, members in the value's own order: pretty-printed and ending in a
    /// newline, or when `compact` on one line with no newline.
    public static func write(_ value: JSONValue, compact: Bool = false) -> String {
        var writer = JSONWriter(compact: compact)
        writer.value(value)
        if !compact { writer.endLine() }
        return writer.text
    }

    /// Writes `value` where a value belongs, object members in the value's order.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): appendText(number)
        case .string(let string): self.string(string)
        case .array(let elements):
            beginArray()
            for element in elements {
                self.element()
                self.value(element)
            }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members {
                key(name)
                self.value(member)
            }
            endObject()
        }
    }

    /// Starts an object; entries follow with ``key(_:)``.
    public mutating func beginObject() { bytes.append(UInt8(ascii: "{")); hasEntries.append(false) }
    /// Ends the innermost object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Starts an array; entries follow, each after ``element()``.
    public mutating func beginArray() { bytes.append(UInt8(ascii: "[")); hasEntries.append(false) }
    /// Ends the innermost array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts the next entry of an object: `"name" : ` (`"name":` when compact).
    public mutating func key(_ name: String) {
        element()
        string(name)
        append(compact ? ":" : " : ")
    }

    /// Starts the next entry of an object with a name spelt in the source: its bytes are
    /// appended as they are (a name that needs an escape is escaped as ``string(_:)`` does).
    public mutating func key(_ name: StaticString) {
        element()
        if !name.withUTF8Buffer({ appendQuotedIfPlain($0) }) { string(name.description) }
        append(compact ? ":" : " : ")
    }

    /// Starts the next entry of an array (or an object, before its key).
    public mutating func element() {
        if hasEntries[hasEntries.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasEntries[hasEntries.count - 1] = true
        newline(depth: hasEntries.count)
    }

    /// A string, escaped. Most strings need no escape (keys, names, explanations) and are
    /// appended whole; one that does, or one not stored as contiguous UTF-8, is written byte
    /// by byte (every byte JSON escapes is ASCII, and the bytes of a multi-byte character are
    /// all 0x80 or above).
    public mutating func string(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ appendQuotedIfPlain($0) }) ?? false { return }
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            case _ where byte < 0x20:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` in quotes when it needs no escape; returns whether it did.
    private mutating func appendQuotedIfPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !text.contains(where: Self.needsEscape) else { return false }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text)
        bytes.append(UInt8(ascii: "\""))
        return true
    }

    /// Whether a UTF-8 byte is one JSON escapes: a quote, a backslash or a control character
    /// (the bytes of a multi-byte character are all 0x80 or above).
    private static func needsEscape(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }

    /// A number: whole numbers below 2^53 without a fraction, others as Swift spells them.
    public mutating func number(_ value: Double) {
        if Self.isWritableWhole(value), let whole = Int(exactly: value) { integer(whole) } else { appendText(Self.numberText(value)) }
    }

    /// How ``number(_:)`` spells `value` (`null` when it is not finite).
    static func numberText(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return isWritableWhole(value) ? String(Int64(value)) : String(value)
    }

    /// Whether `value` is written as a whole number: it has no fraction and is below 2^53,
    /// where every whole number is exact.
    private static func isWritableWhole(_ value: Double) -> Bool {
        value == value.rounded() && abs(value) < 9_007_199_254_740_992
    }

    /// An integer, its digits written straight into the text.
    public mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 1
        var rest = magnitude / 10
        while rest > 0 { count += 1; rest /= 10 }
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var index = bytes.count
        repeat {
            index -= 1
            bytes[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// Text already spelt as a JSON value (`true`, `null`, a number).
    mutating func literal(_ value: String) { appendText(value) }

    // The entries below are named in the source: their keys are appended whole (see key(_: StaticString)).

    /// A string entry, left out when nil.
    public mutating func field(_ name: StaticString, _ value: String?) { if let value { key(name); string(value) } }
    /// A number entry, left out when nil.
    public mutating func field(_ name: StaticString, _ value: Double?) { if let value { key(name); number(value) } }
    /// An integer entry, left out when nil.
    public mutating func field(_ name: StaticString, _ value: Int?) { if let value { key(name); integer(value) } }
    /// A Boolean entry.
    public mutating func field(_ name: StaticString, _ value: Bool) { key(name); append(value ? "true" : "false") }

    /// An array of strings.
    public mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { element(); string(value) }
        endArray()
    }

    /// An object of strings by sorted key.
    public mutating func field(_ name: StaticString, _ values: [String: String]) { dictionary(name, values) { $0.string($1) } }
    /// An object of integers by sorted key.
    public mutating func field(_ name: StaticString, _ values: [String: Int]) { dictionary(name, values) { $0.integer($1) } }
    /// An object of numbers by sorted key; entries that are not finite are left out.
    public mutating func field(_ name: StaticString, _ values: [String: Double]) {
        dictionary(name, values, where: { $0.isFinite }) { $0.number($1) }
    }

    /// An object of `values` by sorted key, each that `included` accepts written by `write`.
    private mutating func dictionary<Value>(_ name: StaticString, _ values: [String: Value], where included: (Value) -> Bool = { _ in true },
                                            _ write: (inout Self, Value) -> Void) {
        key(name)
        beginObject()
        for (entry, value) in values.sorted(by: { $0.key < $1.key }) where included(value) {
            key(entry)
            write(&self, value)
        }
        endObject()
    }

    private mutating func close(_ bracket: UInt8) {
        if hasEntries.removeLast() { newline(depth: hasEntries.count) }
        bytes.append(bracket)
    }

    private mutating func newline(depth: Int) {
        guard !compact else { return }
        bytes.append(UInt8(ascii: "\n"))
        var spaces = 2 * depth
        while spaces > 0 {
            let run = min(spaces, Self.indent.count)
            Self.indent.withUnsafeBufferPointer { bytes.append(contentsOf: $0[..<run]) }
            spaces -= run
        }
    }

    /// Spaces to indent with, appended a run at a time.
    private static let indent = [UInt8](repeating: UInt8(ascii: " "), count: 32)

    /// Appends text spelt in the source.
    private mutating func append(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    /// Appends text made at run time.
    private mutating func appendText(_ text: String) { bytes.append(contentsOf: text.utf8) }
}
