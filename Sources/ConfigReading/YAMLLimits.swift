import CLibYAML
import FanControl

/// Limits on what a config or curve file may hold, checked on the parser's event stream
/// before any tree is built: a file of a few hundred bytes whose aliases expand to billions of
/// values (an alias bomb), a megabyte-long value, or nesting deep enough to exhaust the stack
/// is refused with its file, line and column. Real configs are far inside every limit.
///
/// The check reads events from libyaml (the parser YAMLComposer builds the tree from), counting the values an
/// alias stands for as if it were written out, without copying anything.
public enum YAMLLimits {
    /// The largest config or curve file read, in bytes.
    public static let maximumFileBytes = 1 << 20
    /// The longest single value (a name, a path, a description), in bytes.
    public static let maximumValueBytes = 4096
    /// The most values all aliases together may stand for.
    public static let aliasExpansionBudget = 10_000
    /// The deepest nesting of lists and mappings.
    public static let maximumDepth = 64

    /// The first limit `text` breaks, or nil. YAML syntax errors are left to the parser that
    /// follows, which names them better.
    static func problem(in text: String, file: String, maximumValueBytes: Int = maximumValueBytes) -> ConfigProblem? {
        if text.utf8.count > maximumFileBytes { return tooLarge(bytes: text.utf8.count, file: file) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var scan = Scan(maximumValueBytes: maximumValueBytes)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                let location = SourceLocation(file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                if let problem = scan.take(event, at: location) { return problem }
            }
        }
    }

    /// The problem for a file over ``maximumFileBytes``.
    static func tooLarge(bytes: Int, file: String) -> ConfigProblem {
        ConfigProblem(SourceLocation(file: file, line: 1, column: 1),
                      "the file is \(bytes) bytes; a config or curve is at most \(maximumFileBytes) bytes",
                      fix: "check that this is the file you meant; a config for eight cards is a few kilobytes")
    }

    /// The running count over one event stream.
    private struct Scan {
        /// The longest single value allowed here.
        let maximumValueBytes: Int
        /// Open lists and mappings: their anchor and the values they hold so far (themselves included).
        var open: [(anchor: String?, values: Int)] = []
        /// Values each anchor stands for.
        var anchors: [String: Int] = [:]
        /// Values all aliases so far stand for.
        var expanded = 0

        mutating func take(_ event: yaml_event_t, at location: SourceLocation) -> ConfigProblem? {
            switch event.type {
            case YAML_SCALAR_EVENT:
                let length = event.data.scalar.length
                if length > maximumValueBytes {
                    return ConfigProblem(location, "this value is \(length) bytes; a value is at most \(maximumValueBytes) bytes",
                                         fix: "shorten it (names, paths and descriptions are short)")
                }
                close(values: 1, anchor: name(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                let values = name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                expanded += values
                if expanded > aliasExpansionBudget {
                    return ConfigProblem(location, "the aliases (`*name`) here stand for more than \(aliasExpansionBudget) values",
                                         fix: "write the values out or use fewer aliases; a config needs only a few")
                }
                close(values: values, anchor: nil)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                open.append((name(anchor), 1))
                if open.count > maximumDepth {
                    return ConfigProblem(location, "lists and mappings are nested more than \(maximumDepth) deep here",
                                         fix: "a config nests only a few levels; check the indentation")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let finished = open.popLast() { close(values: finished.values, anchor: finished.anchor) }
            default:
                break
            }
            return nil
        }

        /// A value of `values` values is complete: count it in its parent and under its anchor.
        private mutating func close(values: Int, anchor: String?) {
            if let anchor { anchors[anchor] = values }
            if !open.isEmpty { open[open.count - 1].values = min(open[open.count - 1].values + values, Int.max / 2) }
        }

        private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
    }
}
