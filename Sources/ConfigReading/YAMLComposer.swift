import CLibYAML
import FanControl

/// Builds the ``ConfigNode`` tree from libyaml's event stream: scalars, lists and mappings
/// with the place each starts, aliases replaced by what their anchor holds (``YAMLLimits``
/// has already bounded how much that is), one document at most, and no key twice in a mapping.
enum YAMLComposer {
    /// The document's root, nil for an empty stream, or the first problem.
    static func compose(_ text: String, file: String) -> Result<ConfigNode?, ConfigProblem> {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(ConfigProblem(SourceLocation(file: file, line: 1, column: 1), "cannot start the YAML parser", fix: ""))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return .failure(syntaxProblem(parser, file: file)) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return .success(builder.root) }
                if let problem = builder.take(event) { return .failure(problem) }
            }
        }
    }

    private static func syntaxProblem(_ parser: yaml_parser_t, file: String) -> ConfigProblem {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let mark = parser.problem_mark
        return ConfigProblem(SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1),
                             "YAML syntax: \(problem)", fix: "check the indentation and the `key: value` form around here")
    }
}

/// The tree under construction.
private struct TreeBuilder {
    /// A list or mapping still open, with what it holds so far.
    enum Open {
        case sequence([ConfigNode], SourceLocation, anchor: String?)
        case mapping([ConfigEntry], SourceLocation, anchor: String?, pendingKey: (String, SourceLocation)?)
    }

    let file: String
    var stack: [Open] = []
    var anchors: [String: ConfigNode] = [:]
    var root: ConfigNode?
    var documents = 0

    init(file: String) { self.file = file }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    mutating func take(_ event: yaml_event_t) -> ConfigProblem? {
        let place = location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                return ConfigProblem(place, "YAML syntax: the file holds more than one document (`---`)",
                                     fix: "keep one document: a config or curve is a single mapping")
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            let node: ConfigNode = plain && ["", "~", "null", "Null", "NULL"].contains(text) ? .null(place) : .scalar(text, place)
            return add(node, anchor: name(scalar.anchor))
        case YAML_ALIAS_EVENT:
            guard let anchor = name(event.data.alias.anchor), let node = anchors[anchor] else {
                return ConfigProblem(place, "YAML syntax: the alias `*\(name(event.data.alias.anchor) ?? "")` has no anchor before it",
                                     fix: "define `&name` before using `*name`")
            }
            return add(node, anchor: nil)
        case YAML_SEQUENCE_START_EVENT:
            stack.append(.sequence([], place, anchor: name(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            stack.append(.mapping([], place, anchor: name(event.data.mapping_start.anchor), pendingKey: nil))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            switch stack.popLast() {
            case .sequence(let items, let start, let anchor)?: return add(.sequence(items, start), anchor: anchor)
            case .mapping(let entries, let start, let anchor, _)?: return add(.mapping(entries, start), anchor: anchor)
            case nil: break
            }
        default:
            break
        }
        return nil
    }

    /// Puts a finished node in its parent (as a key or a value) or makes it the root.
    private mutating func add(_ node: ConfigNode, anchor: String?) -> ConfigProblem? {
        if let anchor { anchors[anchor] = node }
        guard let top = stack.popLast() else {
            root = node
            return nil
        }
        switch top {
        case .sequence(var items, let start, let anchor):
            items.append(node)
            stack.append(.sequence(items, start, anchor: anchor))
        case .mapping(var entries, let start, let anchor, let pendingKey):
            if let (key, keyLocation) = pendingKey {
                entries.append(ConfigEntry(key: key, keyLocation: keyLocation, value: node))
                stack.append(.mapping(entries, start, anchor: anchor, pendingKey: nil))
            } else {
                let key = node.scalarText ?? ""
                if entries.contains(where: { $0.key == key }) {
                    return ConfigProblem(node.location, "duplicate key `\(key)`",
                                         fix: "keep one of them: YAML keeps only one value per key")
                }
                stack.append(.mapping(entries, start, anchor: anchor, pendingKey: (key, node.location)))
            }
        }
        return nil
    }

    private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
