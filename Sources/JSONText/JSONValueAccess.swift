/// What a value holds, for code that picks a few fields out of a document it does not model
/// (a server's reply, one event of a stream): nil when the value is of another kind.
extension JSONValue {
    /// The string, for a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number, for a number.
    public var doubleValue: Double? {
        if case .number(let text) = self, let number = Double(text), number.isFinite { return number }
        return nil
    }

    /// The number as an integer, for a number (a fraction is cut off, as C casts do; a number
    /// too large for `Int` is nil).
    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let whole = Int(text) { return whole }
        guard let number = Double(text), number.isFinite, abs(number) < 9.2e18 else { return nil }
        return Int(number)
    }

    /// The flag, for `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements, for an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members in document order, for an object.
    public var objectMembers: [(String, JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
