#if canImport(Glibc)
import Glibc
#endif

/// Writes the virtual machine's files the way sysfs behaves for a reader: in place (so open
/// descriptors keep seeing new values) and never empty in between (write first, then trim).
struct TreeFiles {
    private var written: [String: String] = [:]

    /// Writes `text` to `path` unless it already holds it. `always`: write even so (for files
    /// the program under test writes too, such as `pwmN_enable`).
    mutating func put(_ path: String, _ text: String, always: Bool = false) {
        if !always && written[path] == text { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        _ = ftruncate(descriptor, off_t(bytes.count))
        close(descriptor)
        written[path] = text
    }

    /// Writes raw bytes (gpu_metrics).
    mutating func put(_ path: String, bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        _ = ftruncate(descriptor, off_t(bytes.count))
        close(descriptor)
    }

    /// Reads a small file the controller writes (`pwmN`, `pwmN_enable`).
    func read(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Forgets what was written to paths under `prefix` (after files moved or vanished).
    mutating func forget(prefix: String) { written = written.filter { !$0.key.hasPrefix(prefix) } }

    /// Creates a directory and its parents.
    static func makeDirectory(_ path: String) {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o755)
        }
    }

    /// Creates a symbolic link (replacing one that is there).
    static func link(_ path: String, to target: String) {
        unlink(path)
        symlink(target, path)
    }
}
