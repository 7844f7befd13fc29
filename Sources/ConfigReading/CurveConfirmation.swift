import FanControl
import Glibc

/// Curve changes made with a confirmation window: checked before anything is saved, armed
/// after the save, kept by `mi50fan curve confirm`, and reverted at the deadline by the
/// watcher, by the next curve command, or (in memory) by the next config load.
public enum CurveConfirmation {
    /// Why a confirmation step failed, in words for the user.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        /// What went wrong and what to do.
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The shortest and longest confirmation window.
    public static let windowRange = 1.0...3600.0

    /// Parses a `--confirm` value (`30s`, `2m`); fails for anything outside 1s...1h.
    public static func window(_ text: String) throws(Failure) -> TimeSpan {
        guard let span = UnitParsing.timeSpan(text), windowRange.contains(span.seconds) else {
            throw Failure("--confirm `\(text)` must be a duration from 1s to 1h, like 30s; nothing was changed")
        }
        return span
    }

    /// Reverts a change in `directory` whose time is up; returns a line saying so, or nil.
    @discardableResult
    public static func settle(in directory: String, isDue: (PendingRevert) -> Bool = { $0.isDueNow() }) throws -> String? {
        guard let pending = PendingRevert.read(in: directory), isDue(pending) else { return nil }
        try revert(pending, in: directory)
        return "the change to `\(pending.name)` was not confirmed in time; its previous version is back"
    }

    /// Refuses a new confirmed change while another awaits confirmation.
    public static func checkNonePending(in directory: String) throws {
        try settle(in: directory)
        if let pending = PendingRevert.read(in: directory) {
            throw Failure("a change to `\(pending.name)` awaits confirmation; run `mi50fan curve confirm` or let it revert first")
        }
    }

    /// Records the change to curve `name` just saved (its text before was `previous`) and starts
    /// the watcher with `launch`, which gets the record's token and returns the watcher's pid.
    /// When the watcher cannot start, the change is reverted at once and the error says so.
    public static func arm(name: String, previous: String?, window: TimeSpan, in directory: String,
                           now: Double = WallClock.now(), launch: (String) async throws -> Int32) async throws -> PendingRevert {
        var pending = PendingRevert(name: name, token: WallClock.randomToken(), deadline: now + window.seconds, previous: previous,
                                    bootID: PendingRevert.currentBootID())
        try pending.write(in: directory)
        do {
            pending.watcherPID = try await launch(pending.token)
        } catch {
            try revert(pending, in: directory)
            throw Failure("cannot start the revert watcher (\(error)); the change to `\(name)` was reverted")
        }
        try pending.write(in: directory)
        return pending
    }

    /// What `mi50fan curve confirm` did.
    public enum ConfirmOutcome: Equatable {
        /// The change stays; the watcher (if any) should be stopped.
        case kept(name: String, watcherPID: Int32?)
        /// Too late: the change had expired and is now reverted.
        case expired(name: String)
        /// Nothing awaited confirmation.
        case nonePending
    }

    /// Keeps the pending change in `directory`, unless its time is already up.
    public static func confirm(in directory: String, isDue: (PendingRevert) -> Bool = { $0.isDueNow() }) throws -> ConfirmOutcome {
        guard let pending = PendingRevert.read(in: directory) else { return .nonePending }
        if isDue(pending) {
            try revert(pending, in: directory)
            return .expired(name: pending.name)
        }
        unlink(PendingRevert.path(in: directory))
        return .kept(name: pending.name, watcherPID: pending.watcherPID)
    }

    /// The watcher's work: waits for the deadline of the change with `token`, then reverts it
    /// unless it was confirmed or replaced meanwhile. Returns whether it reverted.
    public static func revertAtDeadline(token: String, in directory: String) async throws -> Bool {
        guard let pending = PendingRevert.read(in: directory), pending.token == token else { return false }
        let wait = pending.deadline - WallClock.now()
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded(.up)))) }
        guard let still = PendingRevert.read(in: directory), still.token == token else { return false }
        try revert(still, in: directory)
        return true
    }

    /// Puts the previous text back (keeping the unconfirmed one as the backup) and removes the record.
    static func revert(_ pending: PendingRevert, in directory: String) throws {
        let file = ConfigLoader.curvePath(named: pending.name, in: directory)
        if let previous = pending.previous {
            try AtomicFile.write(previous, to: file, backup: true)
        } else {
            unlink(file)
        }
        unlink(PendingRevert.path(in: directory))
    }

    /// The curve texts a config load should use instead of the files: an expired change's
    /// previous version, by curve name (nil text: the curve did not exist before).
    public static func expiredChanges(in directory: String, isDue: (PendingRevert) -> Bool = { $0.isDueNow() }) -> [String: String?] {
        guard let pending = PendingRevert.read(in: directory), isDue(pending) else { return [:] }
        return [pending.name: pending.previous]
    }
}
