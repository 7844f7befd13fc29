/// A value being encoded: containers are references, so a container handed out by the
/// encoder keeps filling the node its parent holds.
final class JSONNode {
    enum Content {
        /// Spelt already: `null`, `true`, a number.
        case literal(String)
        case string(String)
        case array([JSONNode])
        case object([String: JSONNode])
    }

    var content: Content

    init(_ content: Content) { self.content = content }

    /// Writes the value, objects by sorted key.
    func write(to writer: inout JSONWriter) {
        switch content {
        case .literal(let text): writer.literal(text)
        case .string(let text): writer.string(text)
        case .array(let items):
            writer.beginArray()
            for item in items {
                writer.element()
                item.write(to: &writer)
            }
            writer.endArray()
        case .object(let entries):
            writer.beginObject()
            for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
                writer.key(key)
                value.write(to: &writer)
            }
            writer.endObject()
        }
    }

    /// Adds `node` to this array node.
    func append(_ node: JSONNode) {
        if case .array(var items) = content {
            content = .literal("")   // no second reference while appending
            items.append(node)
            content = .array(items)
        }
    }

    /// Sets `key` to `node` in this object node.
    func set(_ key: String, _ node: JSONNode) {
        if case .object(var entries) = content {
            content = .literal("")
            entries[key] = node
            content = .object(entries)
        }
    }

    /// The number of items, for an array node.
    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }
}
