/// A small pretty-printing JSON writer (two-space indent, `"key" : value`), for text written
/// often enough that a generic encoder shows in the profile. Nil values leave their key out;
/// numbers that are not finite are written as `null` (and left out of dictionaries), since
/// JSON has no spelling for them.
struct JSONWriter {
    /// The text so far.
    var text = ""
    /// Per open object or array: whether it has an entry yet.
    private var hasEntries: [Bool] = []

    mutating func beginObject() { text.append("{"); hasEntries.append(false) }
    mutating func endObject() { close("}") }
    mutating func beginArray() { text.append("["); hasEntries.append(false) }
    mutating func endArray() { close("]") }

    /// Starts the next entry of an object: `"name" : `.
    mutating func key(_ name: String) {
        element()
        string(name)
        text.append(" : ")
    }

    /// Starts the next entry of an array (or an object, before its key).
    mutating func element() {
        if hasEntries[hasEntries.count - 1] { text.append(",") }
        hasEntries[hasEntries.count - 1] = true
        newline(depth: hasEntries.count)
    }

    mutating func string(_ value: String) {
        text.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text.append("\"")
    }

    mutating func number(_ value: Double) {
        guard value.isFinite else { text.append("null"); return }
        if value == value.rounded(), abs(value) < 1e15 { text.append(String(Int(value))) } else { text.append(String(value)) }
    }

    mutating func integer(_ value: Int) { text.append(String(value)) }

    mutating func field(_ name: String, _ value: String?) { if let value { key(name); string(value) } }
    mutating func field(_ name: String, _ value: Double?) { if let value { key(name); number(value) } }
    mutating func field(_ name: String, _ value: Int?) { if let value { key(name); integer(value) } }
    mutating func field(_ name: String, _ value: Bool) { key(name); text.append(value ? "true" : "false") }

    mutating func field(_ name: String, _ values: [String]) {
        key(name)
        beginArray()
        for value in values { element(); string(value) }
        endArray()
    }

    mutating func field(_ name: String, _ values: [String: String]) { dictionary(name, values) { $0.string($1) } }
    mutating func field(_ name: String, _ values: [String: Int]) { dictionary(name, values) { $0.integer($1) } }
    mutating func field(_ name: String, _ values: [String: Double]) {
        dictionary(name, values.filter { $0.value.isFinite }) { $0.number($1) }
    }

    /// An object of `values` by sorted key, each written by `write`.
    private mutating func dictionary<Value>(_ name: String, _ values: [String: Value], _ write: (inout Self, Value) -> Void) {
        key(name)
        beginObject()
        for (entry, value) in values.sorted(by: { $0.key < $1.key }) {
            key(entry)
            write(&self, value)
        }
        endObject()
    }

    private mutating func close(_ bracket: String) {
        if hasEntries.removeLast() { newline(depth: hasEntries.count) }
        text.append(bracket)
    }

    private mutating func newline(depth: Int) {
        text.append("\n")
        text.append(String(repeating: "  ", count: depth))
    }
}
