import FanControl
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// The directory that stands for the filesystem root. Every hardware path is built from it,
/// so one binary runs against a real machine (`/`), a fixture tree or the simulator.
public struct SysfsRoot: Sendable, Hashable, CustomStringConvertible {
    /// The root directory, without a trailing slash (empty for `/`).
    public let base: String

    /// Creates a root; `/` is the real machine.
    public init(_ path: String = "/") {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        base = trimmed == "/" ? "" : trimmed
    }

    /// The real machine.
    public static let system = SysfsRoot("/")

    /// Whether this is the real machine's root.
    public var isSystem: Bool { base.isEmpty }

    public var description: String { base.isEmpty ? "/" : base }

    /// `mi50fan ARGUMENTS` as a suggestion that works as printed against this root: with
    /// `--root` unless it is the real machine's.
    public func suggestion(_ arguments: String) -> String {
        "mi50fan \(arguments)" + (isSystem ? "" : " --root \(base)")
    }

    /// `ROOT/sys/<relative>`.
    public func sys(_ relative: String) -> String { base + "/sys/" + relative }

    /// `ROOT/dev/<relative>`.
    public func dev(_ relative: String) -> String { base + "/dev/" + relative }

    /// `ROOT/<relative>` for anything else the root fakes.
    public func path(_ relative: String) -> String { base + "/" + relative }

    /// The path as the machine would name it (the root stripped), for messages.
    public func displayPath(_ path: String) -> String {
        guard !base.isEmpty, path.hasPrefix(base) else { return path }
        return String(path.dropFirst(base.count))
    }

    // MARK: Reading

    /// Reads a small attribute file (up to 4 KiB) as text.
    public func readText(_ path: String) -> Result<String, SysfsError> {
        readBytes(path, limit: 4096).flatMap { bytes in
            .success(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Reads a file's bytes in one call, as sysfs binary attributes (`gpu_metrics`) require.
    public func readBytes(_ path: String, limit: Int = 4096) -> Result<[UInt8], SysfsError> {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
        } catch let errno as Errno {
            return .failure(SysfsError(path: path, errno: errno))
        } catch {
            return .failure(.failed(path: path, errno: EIO))
        }
        defer { try? descriptor.close() }
        var bytes = [UInt8](repeating: 0, count: limit)
        do {
            let count = try bytes.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: 0, into: $0) }
            bytes.removeSubrange(count...)
            return .success(bytes)
        } catch let errno as Errno {
            return .failure(SysfsError(path: path, errno: errno))
        } catch {
            return .failure(.failed(path: path, errno: EIO))
        }
    }

    /// Reads an integer attribute (hwmon values, `pwmN`, `gpu_busy_percent`).
    public func readInteger(_ path: String) -> Result<Int, SysfsError> {
        readBytes(path, limit: 64).flatMap { SysfsValue.integer($0, path: path) }
    }

    /// Reads a text attribute with trailing whitespace removed, or nil if it cannot be read.
    public func readLine(_ path: String) -> String? {
        guard case .success(let text) = readText(path) else { return nil }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.trimmingTrailingWhitespace()
    }

    // MARK: Writing

    /// Writes `text` to an attribute in one `write`, as sysfs expects. The file is opened with
    /// `O_TRUNC`, as a shell's `>` does: sysfs ignores it, a fixture or simulator file needs it.
    public func write(_ text: String, to path: String) -> Result<Void, SysfsError> {
        do {
            let descriptor = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.truncate])
            defer { try? descriptor.close() }
            let bytes = Array(text.utf8)
            _ = try bytes.withUnsafeBytes { try descriptor.write(toAbsoluteOffset: 0, $0) }
            return .success(())
        } catch let errno as Errno {
            return .failure(SysfsError(path: path, errno: errno))
        } catch {
            return .failure(.failed(path: path, errno: EIO))
        }
    }

    // MARK: Directories and links

    /// The names in a directory, sorted; empty if it cannot be read.
    public func entries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { naturalOrder($0, $1) }
    }

    /// Whether anything exists at `path` (following links).
    public func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The canonical path of `path` with every link resolved, or nil if it does not resolve.
    public func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The last path component of `path`.
    public static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// Orders `hwmon2` before `hwmon10` and `pwm2` before `pwm10`.
func naturalOrder(_ a: String, _ b: String) -> Bool {
    let (prefixA, numberA) = splitTrailingNumber(a), (prefixB, numberB) = splitTrailingNumber(b)
    if prefixA == prefixB, let numberA, let numberB { return numberA < numberB }
    return a < b
}

func splitTrailingNumber(_ text: String) -> (Substring, Int?) {
    let digits = text.reversed().prefix { $0.isNumber }
    guard !digits.isEmpty else { return (Substring(text), nil) }
    return (text.dropLast(digits.count), Int(String(digits.reversed())))
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " || last == "\n" || last == "\t" || last == "\r" { result.removeLast() }
        return String(result)
    }
}
