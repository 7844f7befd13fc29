import Foundation

/// A run directory of its own for every run: two runs started in the same second, or a
/// reused `--out`, never write into one directory.
public enum FreshRunDirectory {
    /// Why no run directory could be made.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong and what to do.
        public var description: String
    }

    /// The default name for a run of `kind` started at `date`: `mi50fan-stress-20260101-120000`.
    public static func defaultName(kind: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "mi50fan-\(kind)-\(formatter.string(from: date))"
    }

    /// Creates `requested` (or the default name), or, when it exists already, the first free
    /// `NAME-2`, `NAME-3`... beside it. Creation is one `mkdir`, so two runs racing for a name
    /// get one each. Returns the directory made.
    public static func create(_ requested: String?, kind: String, date: Date) throws(Failure) -> String {
        var base = requested ?? defaultName(kind: kind, date: date)
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        let parent = (base as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw Failure(description: "cannot create \(parent) for the run directory: \(error.localizedDescription)")
            }
        }
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? base : "\(base)-\(attempt)"
            if mkdir(candidate, 0o755) == 0 { return candidate }
            guard errno == EEXIST else {
                throw Failure(description: "cannot create the run directory \(candidate): \(String(cString: strerror(errno))); choose another with --out")
            }
        }
        throw Failure(description: "\(base) and a thousand numbered names beside it exist; choose another --out")
    }
}
