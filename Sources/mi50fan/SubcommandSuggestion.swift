import ArgumentParser

/// "did you mean …?" for a misspelt subcommand: the whole command line again with the closest
/// subcommand name of the command the mistyped word was given to, when it is at most two edits
/// away, so the suggestion works as printed.
enum SubcommandSuggestion {
    /// The suggestion for `arguments` (without the program name), or nil.
    static func suggestion(for arguments: [String], root: ParsableCommand.Type) -> String? {
        var command = root
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("-") {
                // --root and --config take a value, before the subcommand too.
                index += LeadingGlobalOptions.names.contains(word) ? 2 : 1
                continue
            }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { name(of: $0) == word }) {
                command = next
                index += 1
                continue
            }
            let ranked = subcommands.map { (name: name(of: $0), distance: editDistance(word, name(of: $0))) }
                .filter { $0.distance <= 2 && $0.distance < $0.name.count }
                .sorted { $0.distance < $1.distance }
            guard let best = ranked.first else { return nil }
            var corrected = arguments
            corrected[index] = best.name
            return "did you mean `\(([root.configuration.commandName ?? "mi50fan"] + corrected).joined(separator: " "))`?"
        }
        return nil
    }

    private static func name(of command: ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }

    /// Levenshtein distance between two words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
