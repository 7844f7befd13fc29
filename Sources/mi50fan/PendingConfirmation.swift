import ArgumentParser
import ConfigFiles
import FanControl
import Foundation

/// A curve change applied with `--confirm`: kept in the curves directory with the text to go
/// back to, and a detached process that puts that text back at the deadline unless
/// `mi50fan curve confirm` came first. A curve that overheats the card must not stay because
/// the user walked away.
struct PendingConfirmation: Codable {
    var name: String
    var token: String
    var deadline: Double
    var previous: String
    var pid: Int32?

    static func path(in directory: String) -> String { directory + "/.mi50fan-pending.json" }

    static func read(in directory: String) -> PendingConfirmation? {
        guard let data = FileManager.default.contents(atPath: path(in: directory)) else { return nil }
        return try? JSONDecoder().decode(PendingConfirmation.self, from: data)
    }

    func write(in directory: String) throws {
        try AtomicFile.write(String(decoding: try JSONEncoder().encode(self), as: UTF8.self), to: Self.path(in: directory))
    }

    /// Refuses a second pending change: the first must be confirmed or revert first.
    static func checkNonePending(in directory: String) throws {
        if let pending = read(in: directory), Date().timeIntervalSince1970 < pending.deadline + 5 {
            throw CurveFailure("a change to `\(pending.name)` awaits confirmation; run `mi50fan curve confirm` or let it revert first")
        }
    }

    /// Records the change just saved and starts the process that reverts it after `span`.
    static func arm(store: CurveStore, name: String, after span: String, options: CurveOptions) throws {
        guard let seconds = UnitParsing.timeSpan(span)?.seconds, seconds >= 1, seconds <= 3600 else {
            throw CurveFailure("--confirm `\(span)` must be a duration from 1s to 1h")
        }
        let previous = (try? String(contentsOfFile: store.backupPath(name), encoding: .utf8)) ?? ""
        var pending = PendingConfirmation(name: name, token: UUID().uuidString, deadline: Date().timeIntervalSince1970 + seconds,
                                          previous: previous, pid: nil)
        try pending.write(in: store.directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath()
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        process.arguments = ["curve", "_revert", "--curves-dir", store.directory, "--config", options.global.config,
                             "--token", pending.token]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        pending.pid = process.processIdentifier
        try pending.write(in: store.directory)
        print("applied for \(Int(seconds))s: run `mi50fan curve confirm` to keep it, or it reverts (watcher pid \(process.processIdentifier))")
    }
}

/// `mi50fan curve confirm`: keep the change made with --confirm.
struct CurveConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "confirm", abstract: "Keep a curve change made with --confirm.")

    @OptionGroup var options: CurveOptions

    func run() async throws {
        try reportingFailures {
            guard let pending = PendingConfirmation.read(in: options.directory) else {
                throw CurveFailure("no change awaits confirmation in \(options.directory)")
            }
            unlink(PendingConfirmation.path(in: options.directory))
            if let pid = pending.pid { kill(pid, SIGTERM) }
            print("kept the change to `\(pending.name)`")
        }
    }
}

/// The detached watcher behind --confirm (not for direct use).
struct CurveRevertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_revert", abstract: "Revert an unconfirmed curve change at its deadline.",
                                                    shouldDisplay: false)

    @OptionGroup var options: CurveOptions

    @Option var token: String

    func run() async throws {
        signal(SIGHUP, SIG_IGN)   // outlive the terminal that made the change
        guard let pending = PendingConfirmation.read(in: options.directory), pending.token == token else { return }
        let wait = pending.deadline - Date().timeIntervalSince1970
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        guard let still = PendingConfirmation.read(in: options.directory), still.token == token else { return }
        let store = options.store
        if still.previous.isEmpty {
            unlink(store.path(still.name))
        } else {
            try AtomicFile.write(still.previous, to: store.path(still.name), backup: true)
        }
        unlink(PendingConfirmation.path(in: options.directory))
        ServiceControl.reload(configPath: options.global.config)
    }
}
