import Glibc

/// Writes a file the safe way: to a temporary file beside it, flushed, then renamed into
/// place, so a crash, a full disk or a permission error leaves the old file intact.
public enum AtomicFile {
    /// An error writing a file, naming it and what to do.
    public struct WriteError: Error, CustomStringConvertible {
        /// The file.
        public var path: String
        /// What failed.
        public var reason: String

        public var description: String { "cannot write \(path): \(reason); the previous file is unchanged" }
    }

    /// Writes `text` to `path` atomically. With `backup`, the previous version is kept as
    /// `path~` (hard-linked before the rename, so it is the exact old file). `durable: false`
    /// skips the `fsync` (for state rewritten every second on tmpfs, such as the status file).
    /// `mode` is the new file's permission bits, whatever the umask (the service runs with
    /// umask 0077; what it writes for others to read, such as the status file, stays 0644).
    public static func write(_ text: String, to path: String, backup: Bool = false, durable: Bool = true,
                             mode: mode_t = 0o644) throws(WriteError) {
        try write(bytes: Array(text.utf8), to: path, backup: backup, durable: durable, mode: mode)
    }

    /// Writes `data` (UTF-8 text, or any bytes) to `path` atomically, as ``write(_:to:backup:durable:mode:)``.
    public static func write(bytes data: [UInt8], to path: String, backup: Bool = false, durable: Bool = true,
                             mode: mode_t = 0o644) throws(WriteError) {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        if fchmod(descriptor, mode) != 0 {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        var written = 0
        while written < data.count {
            let result = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, data.count - written) }
            if result < 0 {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw WriteError(path: path, reason: reason)
            }
            written += result
        }
        if (durable && fsync(descriptor) != 0) || close(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        if backup, PathText.exists(path) {
            unlink(path + "~")
            if link(path, path + "~") != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw WriteError(path: path, reason: "cannot keep the previous version: \(reason)")
            }
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// The temporary file beside `path` that becomes it: `.name.PID.tmp` in its directory.
    static func temporaryPath(for path: String) -> String {
        let directory = PathText.directory(of: path)
        return PathText.joining(directory.isEmpty ? "." : directory, "." + PathText.lastComponent(of: path) + "." + String(getpid()) + ".tmp")
    }
}
