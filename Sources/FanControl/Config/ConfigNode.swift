/// A place in a config or curve file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A key and its value in a mapping, with where the key stands.
public struct ConfigEntry: Sendable {
    /// The key's text.
    public var key: String
    /// Where the key stands.
    public var keyLocation: SourceLocation
    /// The value.
    public var value: ConfigNode

    /// Creates an entry.
    public init(key: String, keyLocation: SourceLocation, value: ConfigNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A parsed document, independent of the YAML library, with a location on every node so that
/// every problem can name its file, line and column.
public indirect enum ConfigNode: Sendable {
    /// A scalar's text.
    case scalar(String, SourceLocation)
    /// An empty value (`~`, `null`, or nothing).
    case null(SourceLocation)
    /// A list.
    case sequence([ConfigNode], SourceLocation)
    /// A mapping, in file order.
    case mapping([ConfigEntry], SourceLocation)

    /// Where the node starts.
    public var location: SourceLocation {
        switch self {
        case .scalar(_, let location), .null(let location), .sequence(_, let location), .mapping(_, let location):
            return location
        }
    }

    /// The scalar's text, if this is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// The keys, if this is a mapping.
    public var keys: [String] {
        if case .mapping(let entries, _) = self { return entries.map(\.key) }
        return []
    }

    /// A short name of the node's kind, for messages.
    public var kindName: String {
        switch self {
        case .scalar: return "a value"
        case .null: return "nothing"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
