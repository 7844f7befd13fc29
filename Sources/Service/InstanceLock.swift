import Foundation

/// One daemon per state directory: an exclusive `flock` on `mi50fan.lock`, held for the
/// process's life (the kernel drops it when the process dies, however it dies).
public final class InstanceLock {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock, or throws naming the process that holds it.
    public init(directory: String) throws {
        path = directory + "/mi50fan.lock"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LockError(message: "cannot open \(path): \(String(cString: strerror(errno))); check that the state directory is writable")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = read(descriptor, &buffer, buffer.count)
            let holder = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(descriptor)
            throw LockError(message: "another mi50fan is already running (pid \(holder), lock \(path)); stop it first (`systemctl stop mi50fan`)")
        }
        ftruncate(descriptor, 0)
        let pid = Array("\(getpid())\n".utf8)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit { close(descriptor) }

    /// Why the lock was not taken.
    public struct LockError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
