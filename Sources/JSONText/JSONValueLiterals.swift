/// Literals and plain Swift values as JSON values, so a request body reads as the JSON it
/// sends: `["model": .string(name), "stream": true, "n_predict": 64]`.
extension JSONValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
                     ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A whole number.
    public init(integerLiteral value: Int) { self.init(value) }
    /// A number.
    public init(floatLiteral value: Double) { self.init(value) }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object, members in the order written.
    public init(dictionaryLiteral members: (String, JSONValue)...) { self = .object(members) }

    /// A whole number.
    public init(_ value: Int) { self = .number(String(value)) }
    /// A number, as ``JSONWriter`` spells it (`null` when it is not finite).
    public init(_ value: Double) {
        let text = JSONWriter.numberText(value)
        self = text == "null" ? .null : .number(text)
    }
    /// An array of whole numbers.
    public init(_ values: [Int]) { self = .array(values.map { JSONValue($0) }) }
}
