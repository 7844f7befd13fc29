import ConfigReading
import Glibc
import JSONText

/// A small file in the state directory (`service.json`) naming the running service's pid,
/// config and status file, so `mi50fan status` finds the service without being told its
/// `--config`. The daemon writes it atomically once it holds the instance lock and again after
/// a reload, touches it from a completed tick every ``beatInterval(intervalSeconds:)`` unless the
/// status file was written meanwhile (the later of the two modification times is the service's
/// heartbeat), and removes it on a clean stop: a
/// pointer left behind by a process that no longer holds the lock is a service that died.
public struct ServicePointer: Codable, Sendable, Equatable {
    /// Format version of this file.
    public var format = 1
    /// The daemon's pid.
    public var pid: Int32
    /// The config the daemon runs.
    public var config: String
    /// The status file that config names.
    public var statusFile: String
    /// The control interval, seconds: how often the heartbeat moves.
    public var intervalSeconds: Double
    /// Why the service cannot write its status file, while it cannot.
    public var statusFileError: String?

    /// Creates a pointer.
    public init(pid: Int32, config: String, statusFile: String, intervalSeconds: Double, statusFileError: String? = nil) {
        self.statusFileError = statusFileError
        self.pid = pid
        self.config = config
        self.statusFile = statusFile
        self.intervalSeconds = intervalSeconds
    }

    /// The file in `directory`.
    public static func path(in directory: String) -> String { directory + "/service.json" }

    /// Reads the pointer, if there is a readable one (not behind a symbolic link, not larger
    /// than any real one).
    public static func read(from directory: String) -> ServicePointer? {
        guard let data = BoundedRead.contents(of: path(in: directory), limit: 16_384) else { return nil }
        return try? JSONValueDecoder().decode(ServicePointer.self, from: data)
    }

    /// Writes the pointer atomically (readable by everyone, like the status file).
    public func write(to directory: String) throws(AtomicFile.WriteError) {
        try AtomicFile.write((try? JSONWriter.encode(self)) ?? "\n", to: Self.path(in: directory), durable: false)
    }

    /// How often the heartbeat moves, seconds, for a control interval: four times within the
    /// time after which `mi50fan status` calls a service hung (``ServiceProbe/staleAfter(intervalSeconds:)``),
    /// so a running service never looks hung, and a 1 s loop touches the pointer every 2.5 s
    /// rather than every tick.
    public static func beatInterval(intervalSeconds: Double) -> Double {
        ServiceProbe.staleAfter(intervalSeconds: intervalSeconds) / 4
    }

    /// Sets the pointer's modification time to now: one syscall, no write.
    public static func beat(in directory: String) {
        _ = utimensat(AT_FDCWD, path(in: directory), nil, AT_SYMLINK_NOFOLLOW)
    }

    /// Removes the pointer (the service stops cleanly).
    public static func remove(from directory: String) { unlink(path(in: directory)) }
}

/// Reading small state files without following a symbolic link.
enum BoundedRead {
    /// The file's bytes, or `nil` when it is missing, a symbolic link or not a regular file
    /// (a FIFO must not hang the reader), empty or `limit` bytes or more. Read in chunks as
    /// ``BoundedFile`` does, so a large limit costs nothing for a small file.
    static func contents(of path: String, limit: Int) -> [UInt8]? {
        guard let bytes = try? BoundedFile.read(path, limit: limit - 1, followLinks: false), !bytes.isEmpty else { return nil }
        return bytes
    }

    /// The file's modification time, seconds since 1970, or `nil` when it is missing.
    static func modificationTime(of path: String) -> Double? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
