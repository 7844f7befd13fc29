import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// A sysfs attribute kept open for the hot path: each read is one `pread` at offset 0 (and an
/// `fstat` to notice a file that was removed, which on a fixture or the simulator would
/// otherwise go on reading its old content). Reopens by path when the file is gone or the
/// device went away (ENODEV), so a device that comes back is read again.
public final class AttributeHandle: Sendable {
    /// The file.
    public let path: String
    private let state = Mutex(Open())

    private struct Open {
        var descriptor: Int32 = -1
        var buffer = [UInt8](repeating: 0, count: 64)
    }

    /// Creates a handle; the file is opened on the first read.
    public init(path: String) { self.path = path }

    deinit { state.withLock { if $0.descriptor >= 0 { close($0.descriptor) } } }

    /// Reads the attribute as an integer.
    public func readInteger() -> Result<Int, SysfsError> {
        state.withLock { open in Self.read(path, &open) }
    }

    /// Closes the file; the next read opens it again.
    public func reset() {
        state.withLock { Self.reset(&$0) }
    }

    private static func reset(_ open: inout Open) {
        if open.descriptor >= 0 { close(open.descriptor) }
        open.descriptor = -1
    }

    private static func read(_ path: String, _ open: inout Open) -> Result<Int, SysfsError> {
        for attempt in 0..<2 {
            if open.descriptor < 0 {
                open.descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
                if open.descriptor < 0 { return .failure(SysfsError(path: path, errno: Errno(rawValue: errno))) }
            }
            var status = stat()
            if fstat(open.descriptor, &status) == 0, status.st_nlink == 0 {   // removed: look again
                reset(&open)
                if attempt == 0 { continue }
                return .failure(.missing(path: path))
            }
            let descriptor = open.descriptor
            let count = open.buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                let code = errno
                if (code == ENODEV || code == ESTALE || code == EBADF) && attempt == 0 {
                    reset(&open)
                    continue
                }
                return .failure(SysfsError(path: path, errno: Errno(rawValue: code)))
            }
            return SysfsValue.integer(open.buffer[0..<count], path: path)
        }
        return .failure(.missing(path: path))
    }
}
