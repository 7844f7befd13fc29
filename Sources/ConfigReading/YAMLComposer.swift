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
    /// A list or mapping still open, with what it holds so far. Kept in `stack` and changed in
    /// place, so adding an item never copies the items before it.
    struct Open {
        let isMapping: Bool
        let start: SourceLocation
        let anchor: String?
        var items: [ConfigNode] = []
        var entries: [ConfigEntry] = []
        var keys: Set<String> = []
        var pendingKey: (String, SourceLocation)?
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
            return add(node, anchor: name(scalar.anchor), at: place)
        case YAML_ALIAS_EVENT:
            guard let anchor = name(event.data.alias.anchor), let node = anchors[anchor] else {
                return ConfigProblem(place, "YAML syntax: the alias `*\(name(event.data.alias.anchor) ?? "")` has no anchor before it",
                                     fix: "define `&name` before using `*name`")
            }
            return add(node, anchor: nil, at: place)
        case YAML_SEQUENCE_START_EVENT:
            stack.append(Open(isMapping: false, start: place, anchor: name(event.data.sequence_start.anchor)))
        case YAML_MAPPING_START_EVENT:
            stack.append(Open(isMapping: true, start: place, anchor: name(event.data.mapping_start.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            if let finished = stack.popLast() {
                let node: ConfigNode = finished.isMapping ? .mapping(finished.entries, finished.start) : .sequence(finished.items, finished.start)
                return add(node, anchor: finished.anchor, at: finished.start)
            }
        default:
            break
        }
        return nil
    }

    /// Puts a finished node in its parent (as a key or a value) or makes it the root. `place`
    /// is where it is written (an alias's own place, not its anchor's).
    private mutating func add(_ node: ConfigNode, anchor: String?, at place: SourceLocation) -> ConfigProblem? {
        if let anchor { anchors[anchor] = node }
        guard !stack.isEmpty else {
            root = node
            return nil
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return nil
        }
        if let (key, keyLocation) = stack[top].pendingKey {
            stack[top].entries.append(ConfigEntry(key: key, keyLocation: keyLocation, value: node))
            stack[top].pendingKey = nil
            return nil
        }
        let key = node.scalarText ?? ""
        guard stack[top].keys.insert(key).inserted else {
            return ConfigProblem(place, "duplicate key `\(key)`", fix: "keep one of them: YAML keeps only one value per key")
        }
        stack[top].pendingKey = (key, place)
        return nil
    }

    private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
