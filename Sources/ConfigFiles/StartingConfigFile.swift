import ConfigReading
import Foundation

/// Saving `detect`'s starting config: never over a config of the user's unless forced (the old
/// one is kept as `NAME~`), but over an untouched copy of the shipped example, which holds
/// nothing of theirs; the directory is made when missing.
public enum StartingConfigFile {
    /// Why the config was not written, and what to do.
    public struct Refusal: Error, CustomStringConvertible {
        /// The message.
        public var description: String
    }

    /// Writes `text` to `path` atomically; an existing config other than the shipped example
    /// is replaced only when `force`.
    public static func write(_ text: String, to path: String, force: Bool) throws(Refusal) {
        if let existing = FileManager.default.contents(atPath: path), !force, existing != Data(ShippedConfigExample.text.utf8) {
            throw Refusal(description: "\(path) exists; not overwritten. Use --force to replace it (the old one is kept as \(path)~).")
        }
        let directory = PathText.directory(of: path)
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        do { try AtomicFile.write(text, to: path, backup: true) } catch { throw Refusal(description: "\(error)") }
    }
}
