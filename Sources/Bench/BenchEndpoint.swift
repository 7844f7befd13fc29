import Foundation

/// The `--endpoint` of a benchmark: an `http://HOST[:PORT]` URL.
public enum BenchEndpoint {
    /// Parses `text`, or throws one line saying what is expected.
    public static func parse(_ text: String) throws -> URL {
        guard let url = URL(string: text), url.scheme?.lowercased() == "http", let host = url.host, !host.isEmpty else {
            let hint = text.contains("://") ? "" : " (did you mean http://\(text)?)"
            throw HTTPStream.Failure(description: "--endpoint \(text): expected http://HOST:PORT, like http://127.0.0.1:8080\(hint)")
        }
        return url
    }
}
