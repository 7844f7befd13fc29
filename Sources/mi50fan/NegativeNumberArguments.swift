/// Lets a negative temperature through the option parser: `curve set NAME -5 40%` would read
/// `-5` as an option, so a word that is a negative number (`-5`, `-2.5`, `-10C`) is passed on
/// with U+2212 MINUS SIGN, which temperatures accept. mi50fan has no option spelt with a digit.
enum NegativeNumberArguments {
    /// `arguments` with every negative number's hyphen replaced by U+2212.
    static func protect(_ arguments: [String]) -> [String] {
        var afterTerminator = false
        return arguments.map { word in
            if word == "--" { afterTerminator = true }
            guard !afterTerminator, isNegativeNumber(word) else { return word }
            return "\u{2212}" + word.dropFirst()
        }
    }

    private static func isNegativeNumber(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        var body = word.dropFirst()
        for suffix in ["°C", "C", "c"] where body.hasSuffix(suffix) {
            body = body.dropLast(suffix.count)
            break
        }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && body.first!.isNumber
    }
}
