import FanControl
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Why a sysfs attribute could not be read or written.
public enum SysfsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file does not exist (the device is gone, or never had it).
    case missing(path: String)
    /// The call failed with this errno (EPERM in reset, EINVAL, ENODATA, EBUSY, EACCES, ...).
    case failed(path: String, errno: Int32)
    /// The file was empty (amdgpu answers some errors with an empty line).
    case empty(path: String)
    /// The content was not a number.
    case notANumber(path: String, text: String)

    init(path: String, errno: Errno) {
        if errno == .noSuchFileOrDirectory || errno == .noSuchAddressOrDevice || errno == .operationNotSupportedByDevice {
            self = .missing(path: path)
        } else {
            self = .failed(path: path, errno: errno.rawValue)
        }
    }

    /// The file the error is about.
    public var path: String {
        switch self {
        case .missing(let path), .failed(let path, _), .empty(let path), .notANumber(let path, _): return path
        }
    }

    /// The same error as a sensor fault for the control core.
    public var fault: SensorFault {
        switch self {
        case .missing: return .missing
        case .failed(_, let errno): return .readError(errno: errno)
        case .empty: return .empty
        case .notANumber: return .notANumber
        }
    }

    public var description: String {
        switch self {
        case .missing(let path): return "\(path): no such file"
        case .failed(let path, let errno): return "\(path): \(String(cString: strerror(errno)))"
        case .empty(let path): return "\(path): empty"
        case .notANumber(let path, let text): return "\(path): `\(text)` is not a number"
        }
    }
}

/// Parsers for the text of sysfs attributes.
public enum SysfsValue {
    /// A decimal integer with optional sign and surrounding whitespace (`45000\n`).
    public static func integer<Bytes: RandomAccessCollection>(_ bytes: Bytes, path: String) -> Result<Int, SysfsError>
    where Bytes.Element == UInt8, Bytes.Index == Int {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) || bytes[end - 1] == 0 { end -= 1 }
        if start == end { return .failure(.empty(path: path)) }
        var negative = false
        var index = start
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { return .failure(.notANumber(path: path, text: text(bytes, start, end))) }
        var value = 0
        while index < end {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return .failure(.notANumber(path: path, text: text(bytes, start, end))) }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 48))
            if overflow1 || overflow2 { return .failure(.notANumber(path: path, text: text(bytes, start, end))) }
            value = sum
            index += 1
        }
        return .success(negative ? -value : value)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 10 || byte == 9 || byte == 13 }

    private static func text<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ start: Int, _ end: Int) -> String
    where Bytes.Element == UInt8, Bytes.Index == Int {
        String(decoding: bytes[start..<min(end, start + 40)], as: UTF8.self)
    }
}
