/// Encodes an `Encodable` value as a ``JSONValue`` (object members sorted by key), and so as
/// text, without Foundation. Nil optionals leave their key out; non-finite numbers are `null`.
public struct JSONValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// The value as a ``JSONValue``.
    public func value<T: Encodable>(of item: T) throws -> JSONValue {
        let root = EncodingNode()
        try item.encode(to: TreeEncoder(node: root, codingPath: []))
        return root.value
    }

    /// The value as pretty-printed JSON text, ending in a newline.
    public func text<T: Encodable>(of item: T) throws -> String {
        try value(of: item).text + "\n"
    }
}

/// A value under construction: a leaf, or a container whose children are still being filled.
private final class EncodingNode {
    enum Content { case leaf(JSONValue), object([String: EncodingNode]), array([EncodingNode]) }
    var content: Content = .leaf(.null)

    var value: JSONValue {
        switch content {
        case .leaf(let value): return value
        case .object(let members): return .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) })
        case .array(let elements): return .array(elements.map(\.value))
        }
    }

    func child(forKey key: String) -> EncodingNode {
        var members: [String: EncodingNode] = [:]
        if case .object(let existing) = content { members = existing }
        let node = EncodingNode()
        members[key] = node
        content = .object(members)
        return node
    }

    func appendChild() -> EncodingNode {
        var elements: [EncodingNode] = []
        if case .array(let existing) = content { elements = existing }
        let node = EncodingNode()
        elements.append(node)
        content = .array(elements)
        return node
    }

    func becomeObject() { if case .object = content {} else { content = .object([:]) } }
    func becomeArray() { if case .array = content {} else { content = .array([]) } }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

private struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}

/// A leaf's JSON for the primitive types every container accepts.
private func primitive(_ value: some Encodable) -> JSONValue? {
    switch value {
    case let value as Bool: return .bool(value)
    case let value as String: return .string(value)
    case let value as Double: return JSONValue.number(value)
    case let value as Float: return JSONValue.number(Double(value))
    case let value as any BinaryInteger: return .number("\(value)")
    default: return nil
    }
}

private func encode(_ value: some Encodable, into node: EncodingNode, codingPath: [any CodingKey]) throws {
    if let leaf = primitive(value) { node.content = .leaf(leaf); return }
    try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
}

private struct TreeEncoder: Encoder {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: node, codingPath: codingPath) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try PlainJSON.encode(value, into: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.becomeArray()
        return UnkeyedContainer(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.child(forKey: "super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws { node.appendChild().content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = JSONKey(intValue: count)
        try PlainJSON.encode(value, into: node.appendChild(), codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appendChild()
        child.becomeObject()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appendChild()
        child.becomeArray()
        return UnkeyedContainer(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .leaf(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try PlainJSON.encode(value, into: node, codingPath: codingPath) }
}
