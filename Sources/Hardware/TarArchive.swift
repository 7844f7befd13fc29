/// A POSIX ustar archive built in memory: directories, regular files and symbolic links, with
/// GNU long-name records for paths and link targets over 100 bytes (GNU tar and bsdtar read
/// both). Owner root, fixed modes and time, so the same tree gives the same bytes.
public struct TarArchive: Sendable {
    /// What a member is.
    public enum Member: Sendable, Hashable {
        case directory
        case file([UInt8])
        case link(String)
    }

    private var bytes: [UInt8] = []

    /// An empty archive.
    public init() {}

    /// Adds `member` at `path` (relative, `/`-separated).
    public mutating func add(_ path: String, _ member: Member) {
        let name = Array(path.utf8)
        switch member {
        case .directory:
            if name.count > 100 { longRecord(type: "L", value: name) }
            header(name: name, mode: 0o755, size: 0, type: "5", link: [])
        case .file(let content):
            if name.count > 100 { longRecord(type: "L", value: name) }
            header(name: name, mode: 0o644, size: content.count, type: "0", link: [])
            append(content)
        case .link(let target):
            let link = Array(target.utf8)
            if name.count > 100 { longRecord(type: "L", value: name) }
            if link.count > 100 { longRecord(type: "K", value: link) }
            header(name: name, mode: 0o777, size: 0, type: "2", link: link)
        }
    }

    /// The archive's bytes, with the two zero blocks that end it.
    public var data: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }

    private mutating func longRecord(type: Character, value: [UInt8]) {
        header(name: Array("././@LongLink".utf8), mode: 0o644, size: value.count + 1, type: type, link: [])
        append(value + [0])
    }

    private mutating func append(_ content: [UInt8]) {
        bytes += content
        let padding = (512 - content.count % 512) % 512
        bytes += [UInt8](repeating: 0, count: padding)
    }

    private mutating func header(name: [UInt8], mode: Int, size: Int, type: Character, link: [UInt8]) {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ field: [UInt8], at offset: Int, width: Int) {
            for (index, byte) in field.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            var digits = String(value, radix: 8)
            while digits.count < width - 1 { digits = "0" + digits }
            put(Array(digits.utf8), at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(mode, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(0, at: 136, width: 12)
        block[156] = type.asciiValue ?? UInt8(ascii: "0")
        put(link, at: 157, width: 100)
        put(Array("ustar\u{0}00".utf8), at: 257, width: 8)
        put(Array("root".utf8), at: 265, width: 32)
        put(Array("root".utf8), at: 297, width: 32)
        for offset in 148..<156 { block[offset] = UInt8(ascii: " ") }
        let checksum = block.reduce(0) { $0 + Int($1) }
        var digits = String(checksum, radix: 8)
        while digits.count < 6 { digits = "0" + digits }
        put(Array(digits.utf8) + [0, UInt8(ascii: " ")], at: 148, width: 8)
        bytes += block
    }
}
