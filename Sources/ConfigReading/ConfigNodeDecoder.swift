import FanControl

/// Decodes a `Decodable` value from a parsed YAML document (a ``ConfigNode``), for files whose
/// shape a Codable type states (benchmark suites). Scalars decode as the type asks: text,
/// whole numbers, numbers, and `true`/`false`; `~`, `null` or nothing is nil. Errors are
/// `DecodingError`s naming the path, as a YAML library's decoder gives them.
public struct ConfigNodeDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes `type` from `node`.
    public func decode<T: Decodable>(_ type: T.Type, from node: ConfigNode) throws -> T {
        try NodeDecoder(node: node, codingPath: []).decodeValue(type)
    }
}

private struct NodeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}

private struct NodeDecoder: Decoder {
    let node: ConfigNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch<T>(_ type: T.Type) -> DecodingError {
        let wanted: String
        switch type {
        case is String.Type: wanted = "text"
        case is Bool.Type: wanted = "true or false"
        case is Double.Type: wanted = "a number"
        case is any FixedWidthInteger.Type: wanted = "a whole number"
        case is any Sequence.Type: wanted = "a list"
        default: wanted = "a mapping"
        }
        let found = node.scalarText.map { "`\($0)`" } ?? node.kindName
        let place = "line \(node.location.line), column \(node.location.column)"
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "\(found) is not \(wanted) (\(place))"))
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        guard let text = node.scalarText else {
            if type is String.Type || type is Bool.Type || type is Double.Type || type is any FixedWidthInteger.Type { throw mismatch(type) }
            return try T(from: self)
        }
        switch type {
        case is String.Type: return text as! T
        case is Bool.Type:
            guard let flag = ["true": true, "false": false][text] else { throw mismatch(type) }
            return flag as! T
        case is Double.Type:
            guard let number = Double(text), number.isFinite else { throw mismatch(type) }
            return number as! T
        case let integer as any FixedWidthInteger.Type:
            guard let number = integer.init(text, radix: 10) else { throw mismatch(type) }
            return number as! T
        default:
            return try T(from: self)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let entries, _) = node else { throw mismatch([String: String].self) }
        var byKey: [String: ConfigNode] = [:]
        for entry in entries { byKey[entry.key] = entry.value }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: byKey, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items, _) = node else { throw mismatch([String].self) }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: ConfigNode]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> NodeDecoder {
        guard let node = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no key `\(key.stringValue)`"))
        }
        return NodeDecoder(node: node, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key).node { return true }
        return false
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key).decodeValue(type) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try member(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { try member(Key(stringValue: "super")!) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try member(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [ConfigNode]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [ConfigNode], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(ConfigNode.self, .init(codingPath: codingPath, debugDescription: "the list has no more items"))
        }
        defer { currentIndex += 1 }
        return NodeDecoder(node: items[currentIndex], codingPath: codingPath + [NodeKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool {
        if case .null = decoder.node { return true }
        return false
    }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
