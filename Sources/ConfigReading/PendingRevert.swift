import FanControl
import Glibc
import JSONText

/// A curve change made with a confirmation window (`mi50fan curve set ... --confirm 30s`):
/// the text to go back to and the wall-clock deadline, kept in the curves directory beside the
/// curves. Whoever can write this record can write the curves themselves, so it grants
/// nothing; its curve name is still checked, so a record never names a file elsewhere.
///
/// The revert survives the process that armed it: the watcher it started puts the previous
/// text back at the deadline, every `mi50fan curve` command does so first when the deadline
/// has passed, and every config load (the service's start and each reload) runs the previous
/// version of an expired change even when it cannot write the file.
public struct PendingRevert: Codable, Sendable, Equatable {
    /// The curve's name (its file name without `.yaml`).
    public var name: String
    /// Identifies this change to its watcher.
    public var token: String
    /// When the change reverts, in seconds since 1970 (wall clock, so it holds across reboots).
    public var deadline: Double
    /// The curve file's text before the change; nil when the change created it.
    public var previous: String?
    /// The watcher process, once started.
    public var watcherPID: Int32?
    /// The boot the watcher runs in (`/proc/sys/kernel/random/boot_id`).
    public var bootID: String?

    /// Creates a record.
    public init(name: String, token: String, deadline: Double, previous: String?, watcherPID: Int32? = nil, bootID: String? = nil) {
        self.name = name
        self.token = token
        self.deadline = deadline
        self.previous = previous
        self.watcherPID = watcherPID
        self.bootID = bootID
    }

    /// The record's file in a curves directory.
    public static func path(in directory: String) -> String { directory + "/.mi50fan-pending.json" }

    /// The largest record read: a curve file at its size limit, escaped, plus the fields.
    static let maximumRecordBytes = 2 * YAMLLimits.maximumFileBytes + 4096

    /// The record in `directory`, if there is a well-formed one naming a curve in it.
    public static func read(in directory: String) -> PendingRevert? {
        guard let data = try? BoundedFile.read(path(in: directory), limit: maximumRecordBytes),
              let record = try? JSONValueDecoder().decode(PendingRevert.self, from: data),
              CurveNames.isValid(record.name) else { return nil }
        return record
    }

    /// Writes the record atomically, readable by its owner only.
    public func write(in directory: String) throws {
        let text = try JSONWriter.encode(self)
        try AtomicFile.write(text, to: Self.path(in: directory), mode: 0o600)
    }

    /// Whether the change should be reverted now: its deadline has passed, or nobody is left
    /// to revert it later (the machine rebooted, or the watcher is gone).
    public func isDue(now: Double, currentBootID: String?, processExists: (Int32) -> Bool) -> Bool {
        if now >= deadline { return true }
        if let bootID, let currentBootID, bootID != currentBootID { return true }
        if let watcherPID, !processExists(watcherPID) { return true }
        return false
    }

    /// ``isDue(now:currentBootID:processExists:)`` against this machine and its clock.
    public func isDueNow() -> Bool {
        isDue(now: WallClock.now(), currentBootID: Self.currentBootID(), processExists: Self.processExists)
    }

    /// This boot's id, or nil where the kernel does not say.
    public static func currentBootID() -> String? {
        guard let bytes = try? BoundedFile.read("/proc/sys/kernel/random/boot_id", limit: 64) else { return nil }
        return String(String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace })
    }

    /// Whether process `pid` exists (another user's process counts).
    public static func processExists(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}

/// What a curve's name may hold: letters, digits, `-` and `_`, so it never leaves its directory.
public enum CurveNames {
    /// Whether `name` is a valid curve name.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
