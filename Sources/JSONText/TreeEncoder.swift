/// Encodes an `Encodable` value into a ``JSONNode`` tree for ``JSONWriter``: whatever is
/// encoded fills `slot`. It is also its own single-value container.
final class TreeEncoder: Encoder, SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// The node this encoder fills (an empty object until something is encoded).
    let slot: JSONNode

    init(codingPath: [any CodingKey], slot: JSONNode = JSONNode(.object([:]))) {
        self.codingPath = codingPath
        self.slot = slot
    }

    /// The tree of `value`.
    static func tree(of value: some Encodable) throws -> JSONNode {
        let encoder = TreeEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.slot
    }

    /// The node of a value encoded at `codingPath`.
    static func node(of value: some Encodable, at codingPath: [any CodingKey]) throws -> JSONNode {
        let encoder = TreeEncoder(codingPath: codingPath)
        try encoder.encode(value)
        return encoder.slot
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = slot.content {} else { slot.content = .object([:]) }
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(node: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.content {} else { slot.content = .array([]) }
        return UnkeyedTreeContainer(node: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    private func set(_ literal: String) { slot.content = .literal(literal) }

    func encodeNil() { set("null") }
    func encode(_ value: Bool) { set(value ? "true" : "false") }
    func encode(_ value: String) { slot.content = .string(value) }
    func encode(_ value: Double) { set(JSONWriter.numberText(value)) }
    /// As `Float` spells itself (0.1, not 0.100000001490116).
    func encode(_ value: Float) { set(JSONWriter.numberText(Double(value.description) ?? Double(value))) }
    func encode(_ value: Int) { set(String(value)) }
    func encode(_ value: Int8) { set(String(value)) }
    func encode(_ value: Int16) { set(String(value)) }
    func encode(_ value: Int32) { set(String(value)) }
    func encode(_ value: Int64) { set(String(value)) }
    func encode(_ value: UInt) { set(String(value)) }
    func encode(_ value: UInt8) { set(String(value)) }
    func encode(_ value: UInt16) { set(String(value)) }
    func encode(_ value: UInt32) { set(String(value)) }
    func encode(_ value: UInt64) { set(String(value)) }
    func encode<T: Encodable>(_ value: T) throws { try value.encode(to: self) }
}
