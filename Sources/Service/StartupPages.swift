#if canImport(Glibc)
import Glibc
#endif

/// Hands back the memory that only starting up needed.
///
/// Loading the config (YAML, Foundation) touches megabytes of code in the executable and its
/// libraries that the control loop never runs again; those pages stay mapped and count as
/// resident memory. They are clean copies of the files, so dropping them from this process
/// loses nothing: they stay in the page cache, and a page the loop does use comes back on its
/// next touch. Only read-only file mappings are dropped, and only those no page of which was
/// ever written (`Anonymous: 0 kB` in smaps): relocated data and anything writable stay.
enum StartupPages {
    /// Drops the startup-only pages; returns the kilobytes that were resident in them.
    @discardableResult
    static func release() -> Int {
        var dropped = 0
        if let smaps = readFile("/proc/self/smaps") {
            for mapping in cleanFileMappings(smaps: smaps) {
                let address = UnsafeMutableRawPointer(bitPattern: mapping.start), length = Int(mapping.end - mapping.start)
                if madvise(address, length, MADV_DONTNEED) == 0 { dropped += mapping.residentKilobytes }
                _ = madvise(address, length, MADV_RANDOM)
            }
        }
        return dropped
    }

    /// A read-only file mapping.
    struct Mapping: Equatable {
        var start: UInt
        var end: UInt
        var residentKilobytes: Int
    }

    /// The read-only mappings of files in `smaps` text with no anonymous (written) pages.
    static func cleanFileMappings(smaps: String) -> [Mapping] {
        var found: [Mapping] = []
        var current: Mapping?
        var clean = false
        func finish() { if let mapping = current, clean { found.append(mapping) } }
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.contains("-"), fields.count >= 5, !first.hasSuffix(":") {
                finish()
                current = nil
                clean = false
                let bounds = first.split(separator: "-")
                guard bounds.count == 2, fields[1].hasPrefix("r-"), fields.count >= 6, fields[5].hasPrefix("/"),
                      let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), end > start else { continue }
                current = Mapping(start: start, end: end, residentKilobytes: 0)
            } else if current != nil, fields.count >= 2, let kilobytes = Int(fields[1]) {
                if first == "Rss:" { current?.residentKilobytes = kilobytes }
                if first == "Anonymous:" { clean = kilobytes == 0 }
            }
        }
        finish()
        return found
    }

    private static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
