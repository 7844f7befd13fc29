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

    /// Moves a device directory the way the kernel renumbers one: `to` is made anew (new
    /// files, new inodes, same contents and links) and `from` is removed with every file in it,
    /// so a reader holding an old descriptor holds a deleted file, as on sysfs.
    static func recreate(_ from: String, as to: String) {
        makeDirectory(to)
        var names: [String] = []
        if let directory = opendir(from) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(directory)
        }
        for name in names {
            let source = from + "/" + name, target = to + "/" + name
            var info = stat()
            guard lstat(source, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                var buffer = [CChar](repeating: 0, count: 4096)
                let count = readlink(source, &buffer, buffer.count - 1)
                if count > 0 { symlink(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self), target) }
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                let input = open(source, O_RDONLY | O_CLOEXEC)
                let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, info.st_mode & 0o777)
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while input >= 0, output >= 0 {
                    let count = Glibc.read(input, &buffer, buffer.count)
                    if count <= 0 { break }
                    _ = Glibc.write(output, buffer, count)
                }
                if input >= 0 { close(input) }
                if output >= 0 { close(output) }
            }
            unlink(source)
        }
        rmdir(from)
    }

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
