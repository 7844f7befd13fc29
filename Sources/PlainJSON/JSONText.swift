extension JSONValue {
    /// The value as pretty-printed JSON: two-space indent, `"key" : value`, object members in
    /// the order they are held (``JSONValueEncoder`` sorts them by key), no trailing newline.
    public var text: String {
        var output = ""
        write(to: &output, depth: 0)
        return output
    }

    private func write(to output: inout String, depth: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let text): output += text
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "["
            for (index, element) in elements.enumerated() {
                output += index == 0 ? "\n" : ",\n"
                output += String(repeating: "  ", count: depth + 1)
                element.write(to: &output, depth: depth + 1)
            }
            output += "\n" + String(repeating: "  ", count: depth) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                output += index == 0 ? "\n" : ",\n"
                output += String(repeating: "  ", count: depth + 1)
                JSONValue.writeString(key, to: &output)
                output += " : "
                value.write(to: &output, depth: depth + 1)
            }
            output += "\n" + String(repeating: "  ", count: depth) + "}"
        }
    }

    /// Appends `value` as a JSON string literal, escaping what JSON requires.
    public static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// A number's JSON text: integers without a fraction, others in Swift's shortest
    /// round-tripping form; JSON has no spelling for infinities and NaN, so they are `null`.
    public static func number(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(value.description)
    }
}
