import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// A sysfs attribute kept open for the hot path: each read is one `pread` at offset 0 and each
/// write one `pwrite` at offset 0. When the device goes away (ENODEV) the file is opened again
/// by path, so a device that comes back is used again.
///
/// Under the real root that is all. Under a fixture or simulator root, whose files are plain
/// files that a writer may replace by rename, each access also checks (`fstat`) that the file
/// is still linked and opens it again if not, and a write truncates the file to what was
/// written (sysfs replaces an attribute's value whatever its length).
public final class AttributeHandle: Sendable {
    /// The file.
    public let path: String
    private let state = Mutex(Open())

    private struct Open {
        var descriptor: Int32 = -1
        var writer: Int32 = -1
        var buffer = [UInt8](repeating: 0, count: 64)
        /// Reads left that answer "missing" without looking (see `skipsAfterMissing`).
        var skipsLeft = 0
    }

    /// Whether the file is a real sysfs attribute (the handle was made under the real root).
    public let onSysfs: Bool

    /// Creates a handle for `path`, a file under `root`; the file is opened on the first read or write.
    /// After a read finds the file missing, this many further reads answer "missing" without
    /// looking for it (each look at a file the card lacks is a failed `open`); 0 looks every time.
    public let skipsAfterMissing: Int

    public init(path: String, root: SysfsRoot, skipsAfterMissing: Int = 0) {
        self.path = path
        self.onSysfs = root.isSystem
        self.skipsAfterMissing = skipsAfterMissing
    }

    deinit { state.withLock { Self.reset(&$0) } }

    /// Reads the attribute as an integer.
    public func readInteger() -> Result<Int, SysfsError> {
        state.withLock { open in
            skippingMissing(&open) { Self.read(path, limit: 64, checkReplaced: !onSysfs, &$0) }.flatMap { SysfsValue.integer($0, path: path) }
        }
    }

    /// Reads up to `limit` bytes of the attribute (text such as `pp_dpm_sclk`, or binary such
    /// as `gpu_metrics`).
    public func readBytes(limit: Int = 4096) -> Result<[UInt8], SysfsError> {
        state.withLock { open in skippingMissing(&open) { Self.read(path, limit: limit, checkReplaced: !onSysfs, &$0) }.map(Array.init) }
    }

    /// Writes `value` as decimal text and a newline in one `pwrite`, as sysfs expects.
    public func writeInteger(_ value: Int) -> Result<Void, SysfsError> {
        state.withLock { open in Self.write(value, path, plainFile: !onSysfs, &open) }
    }

    /// Runs `read` unless the file was found missing within the last `skipsAfterMissing` reads.
    private func skippingMissing(_ open: inout Open, _ read: (inout Open) -> Result<ArraySlice<UInt8>, SysfsError>)
        -> Result<ArraySlice<UInt8>, SysfsError> {
        if open.skipsLeft > 0 {
            open.skipsLeft -= 1
            return .failure(.missing(path: path))
        }
        let result = read(&open)
        if case .failure(let error) = result, error.fault == .missing { open.skipsLeft = skipsAfterMissing }
        return result
    }

    private static func reset(_ open: inout Open) {
        if open.descriptor >= 0 { close(open.descriptor) }
        if open.writer >= 0 { close(open.writer) }
        open.descriptor = -1
        open.writer = -1
    }

    private static func removed(_ descriptor: Int32) -> Bool {
        var status = stat()
        return fstat(descriptor, &status) == 0 && status.st_nlink == 0
    }

    private static func write(_ value: Int, _ path: String, plainFile: Bool, _ open: inout Open) -> Result<Void, SysfsError> {
        let length = formatDecimal(value, into: &open.buffer)
        return transfer(path, \.writer, flags: O_WRONLY, checkReplaced: plainFile, &open) { descriptor, buffer in
            buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, length, 0) }
        }.flatMap { count in
            if plainFile && ftruncate(open.writer, off_t(count)) != 0 {
                return .failure(SysfsError(path: path, errno: Errno(rawValue: errno)))
            }
            return .success(())
        }
    }

    /// Writes `value` and a newline as ASCII at the start of `buffer`; returns the length.
    private static func formatDecimal(_ value: Int, into buffer: inout [UInt8]) -> Int {
        var digits = value.magnitude
        var length = 0
        repeat {
            buffer[length] = UInt8(ascii: "0") + UInt8(digits % 10)
            digits /= 10
            length += 1
        } while digits > 0
        if value < 0 { buffer[length] = UInt8(ascii: "-"); length += 1 }
        buffer[0..<length].reverse()
        buffer[length] = UInt8(ascii: "\n")
        return length + 1
    }

    private static func read(_ path: String, limit: Int, checkReplaced: Bool, _ open: inout Open) -> Result<ArraySlice<UInt8>, SysfsError> {
        if open.buffer.count < limit { open.buffer = [UInt8](repeating: 0, count: limit) }
        return transfer(path, \.descriptor, flags: O_RDONLY, checkReplaced: checkReplaced, &open) { descriptor, buffer in
            buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, limit, 0) }
        }.map { open.buffer[0..<$0] }
    }

    /// Runs `operation` (one `pread` or `pwrite`) on the descriptor kept in `slot`, opening the
    /// file first, and once more when its device went away or (`checkReplaced`) the file was
    /// replaced. Returns the bytes moved.
    private static func transfer(
        _ path: String, _ slot: WritableKeyPath<Open, Int32>, flags: Int32, checkReplaced: Bool, _ open: inout Open,
        _ operation: (Int32, inout [UInt8]) -> Int
    ) -> Result<Int, SysfsError> {
        for attempt in 0..<2 {
            if open[keyPath: slot] < 0 {
                open[keyPath: slot] = Glibc.open(path, flags | O_CLOEXEC)
                if open[keyPath: slot] < 0 { return .failure(SysfsError(path: path, errno: Errno(rawValue: errno))) }
            }
            let descriptor = open[keyPath: slot]
            if checkReplaced && removed(descriptor) {   // a fixture or simulator file replaced: look again
                reset(&open)
                if attempt == 0 { continue }
                return .failure(.missing(path: path))
            }
            let count = operation(descriptor, &open.buffer)
            if count < 0 {
                let code = errno
                if (code == ENODEV || code == ESTALE || code == EBADF) && attempt == 0 {
                    reset(&open)
                    continue
                }
                return .failure(SysfsError(path: path, errno: Errno(rawValue: code)))
            }
            return .success(count)
        }
        return .failure(.missing(path: path))
    }
}
