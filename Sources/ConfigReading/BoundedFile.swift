import Glibc

/// Reads a file whole, but never more than a limit: a config, curve or record that is larger
/// than any real one is refused before it is read into memory.
public enum BoundedFile {
    /// Why a file could not be read.
    public enum ReadError: Error, Equatable {
        /// The file cannot be opened or read (errno).
        case unreadable(Int32)
        /// The file is larger than `limit` bytes.
        case tooLarge(limit: Int)
    }

    /// The bytes of the file at `path`, or an error when it is larger than `limit`. With
    /// `followLinks: false` a symbolic link or anything but a regular file is refused.
    public static func read(_ path: String, limit: Int, followLinks: Bool = true) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else { throw .unreadable(errno) }
        defer { close(descriptor) }
        if !followLinks {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw .unreadable(errno) }
            guard status.st_mode & S_IFMT == S_IFREG else { throw .unreadable(EINVAL) }
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(errno)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw .tooLarge(limit: limit) }
            bytes += chunk[0..<count]
        }
    }
}
