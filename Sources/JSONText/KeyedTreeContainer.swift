/// The keyed container ``TreeEncoder`` hands out: entries of one object node.
struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    func encodeNil(forKey key: Key) { node.set(key.stringValue, JSONNode(.literal("null"))) }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try TreeEncoder.node(of: value, at: codingPath + [key]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object([:]))
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array([]))
        node.set(key.stringValue, child)
        return UnkeyedTreeContainer(node: child, codingPath: codingPath + [key])
    }

    func superEncoder() -> any Encoder { superEncoder(named: "super") }
    func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let slot = JSONNode(.object([:]))
        node.set(name, slot)
        return TreeEncoder(codingPath: codingPath, slot: slot)
    }
}
