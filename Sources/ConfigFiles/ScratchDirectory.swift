import Foundation

/// A private directory for a file being edited: made fresh by `mkdtemp` (a name nobody can
/// guess or create first), mode 0700, so no other user can swap the file while the editor
/// has it or after it closes.
public final class ScratchDirectory {
    /// The directory.
    public let path: String

    /// Why the directory could not be made.
    public struct CreateError: Error, CustomStringConvertible {
        /// Where it was to be made.
        public var parent: String
        /// The system's reason.
        public var reason: String
        public var description: String { "cannot make a private directory in \(parent): \(reason); set TMPDIR to a writable directory" }
    }

    /// Makes a new directory under `parent` (default: `$TMPDIR` or `/tmp`).
    public init(prefix: String = "mi50fan-edit-", parent: String = ScratchDirectory.defaultParent) throws {
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { throw CreateError(parent: parent, reason: String(cString: strerror(errno))) }
        path = String(cString: made)
    }

    /// `$TMPDIR` when set to an absolute path, else `/tmp`.
    public static var defaultParent: String {
        if let directory = ProcessInfo.processInfo.environment["TMPDIR"], directory.hasPrefix("/") {
            return directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        }
        return "/tmp"
    }

    /// Writes `text` to a new file `name` in the directory (mode 0600) and returns its path.
    public func create(_ name: String, text: String) throws -> String {
        let file = path + "/" + name
        try AtomicFile.write(text, to: file, durable: false, mode: 0o600)
        return file
    }

    /// The text of file `name`: a regular file, not a link, within `limit` bytes.
    public func read(_ name: String, limit: Int = YAMLLimits.maximumFileBytes) throws -> String {
        let bytes = try BoundedFile.read(path + "/" + name, limit: limit, followLinks: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Removes the directory and what it holds.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    deinit { remove() }
}
