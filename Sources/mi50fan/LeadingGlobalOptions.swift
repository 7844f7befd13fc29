import ArgumentParser

/// Accepts `--root` and `--config` before the subcommand (`mi50fan --root /tmp/sim status`),
/// as other tools do: they are moved to just after the subcommand's name, where its parser
/// reads them. Anything else before the subcommand is left for the parser to refuse.
enum LeadingGlobalOptions {
    static let names: Set<String> = ["--root", "--config"]

    /// `arguments` with leading `--root`/`--config` options moved after the subcommand path.
    static func reorder(_ arguments: [String], root: ParsableCommand.Type) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if names.contains(word), index + 1 < arguments.count {
                leading += [word, arguments[index + 1]]
                index += 2
            } else if let name = word.split(separator: "=", maxSplits: 1).first, word.contains("="), names.contains(String(name)) {
                leading.append(word)
                index += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        var command = root
        var pathEnd = 0
        while pathEnd < rest.count,
              let next = command.configuration.subcommands.first(where: { ($0.configuration.commandName ?? "") == rest[pathEnd] }) {
            command = next
            pathEnd += 1
        }
        guard pathEnd > 0 else { return arguments }
        rest.insert(contentsOf: leading, at: pathEnd)
        return rest
    }
}
