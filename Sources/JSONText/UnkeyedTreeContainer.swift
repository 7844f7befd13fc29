/// The unkeyed container ``TreeEncoder`` hands out: items of one array node.
struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    init(node: JSONNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    func encodeNil() { node.append(JSONNode(.literal("null"))) }

    func encode<T: Encodable>(_ value: T) throws {
        node.append(try TreeEncoder.node(of: value, at: codingPath + [ItemKey(intValue: count)]))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object([:]))
        let path = codingPath + [ItemKey(intValue: count)]
        node.append(child)
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: path))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array([]))
        let path = codingPath + [ItemKey(intValue: count)]
        node.append(child)
        return UnkeyedTreeContainer(node: child, codingPath: path)
    }

    func superEncoder() -> any Encoder {
        let slot = JSONNode(.object([:]))
        let path = codingPath + [ItemKey(intValue: count)]
        node.append(slot)
        return TreeEncoder(codingPath: path, slot: slot)
    }
}
