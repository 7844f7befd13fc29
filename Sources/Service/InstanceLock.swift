import Glibc

/// One daemon per state directory: an exclusive `flock` on `mi50fan.lock`, held for the
/// process's life (the kernel drops it when the process dies, however it dies). Each output
/// also carries its own claim (`OutputClaim`), so two daemons with different state
/// directories still cannot drive one header.
///
/// The file is opened without following a symbolic link and must be a regular file with one
/// link: a planted link cannot make the service truncate or write any other file.
public final class InstanceLock {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// The lock file in `directory`.
    public static func path(in directory: String) -> String { directory + "/mi50fan.lock" }

    /// Takes the lock, or throws naming the process that holds it.
    public init(directory: String) throws {
        try StateDirectory.check(directory)
        path = Self.path(in: directory)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link; remove it" : String(cString: strerror(errno)) + "; check that the state directory is writable"
            throw LockError(message: "cannot open \(path): \(reason)")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else {
            close(descriptor)
            throw LockError(message: "\(path) is not a plain file of its own (a device, a FIFO or a hard link); remove it")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(descriptor) ?? "?"
            close(descriptor)
            throw LockError(message: "another mi50fan is already running (pid \(holder), lock \(path)); stop it first (`systemctl stop mi50fan`)")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        ftruncate(descriptor, off_t(pid.count))
    }

    deinit { close(descriptor) }

    /// The pid of the live process holding the lock in `directory`, if one does.
    public static func holder(in directory: String) -> Int32? {
        let descriptor = open(path(in: directory), O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return holder(descriptor).flatMap { Int32($0) } ?? -1
    }

    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(String(decoding: buffer[0..<count], as: UTF8.self).filter { !$0.isWhitespace }) : nil
    }

    /// Why the lock was not taken.
    public struct LockError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
