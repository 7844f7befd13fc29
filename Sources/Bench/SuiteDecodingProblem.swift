/// A decoding error of a suite file in one line: what is wrong and where.
enum SuiteDecodingProblem {
    static func describe(_ error: Error) -> String {
        func place(_ path: [CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "at the top level" : "at " + String(text.drop { $0 == "." })
        }
        let line: String
        switch error {
        case DecodingError.keyNotFound(let key, let context): line = "missing `\(key.stringValue)` \(place(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            line = "\(context.debugDescription) \(place(context.codingPath))"
        default: line = "\(error)"
        }
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
