import ConfigFiles
import Hardware
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A load command (`stress -- CMD`, `calibrate --thermal --load-command`) in its own process group, so
/// stopping it stops everything it started. Started through swift-subprocess, which resets
/// the signal mask and dispositions in the child (this process blocks SIGINT/SIGTERM to
/// receive them as events) and tears the group down when the load is stopped.
public final class LoadProcess: CalibrationLoad {
    private struct State: Sendable {
        var pid: pid_t = 0
        var status: Int32?
        var run: Task<Void, Never>?
    }

    private let state = Mutex(State())

    /// How long the group has between SIGTERM and SIGKILL when stopped.
    public static let graceTime = Duration.seconds(5)

    /// The command's pid, which is also its process group.
    public var pid: pid_t { state.withLock { $0.pid } }

    private init() {}

    /// Starts `arguments` (the first found on `PATH` unless it is a path) with standard input
    /// from /dev/null and its output and errors in `log`, or on this process's own output and
    /// errors when `log` is nil.
    public static func start(_ arguments: [String], log: String?) async throws(SpawnFailure) -> LoadProcess {
        guard let command = arguments.first else { throw SpawnFailure(description: "no command") }
        let (output, errors) = try streams(log: log)
        let load = LoadProcess()
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: graceTime)]
        let executable: Executable = command.contains("/") ? .path(FilePath(command)) : .name(command)
        let (started, startedContinuation) = AsyncStream.makeStream(of: Result<pid_t, SpawnFailure>.self)
        let run = Task {
            do {
                let result = try await Subprocess.run(executable, arguments: Arguments(Array(arguments.dropFirst())), platformOptions: options,
                                                      input: .none, output: output, error: errors) { execution in
                    load.state.withLock { $0.pid = execution.processIdentifier.value }
                    startedContinuation.yield(.success(execution.processIdentifier.value))
                }
                let status = result.terminationStatus.shellStatus
                load.state.withLock { $0.status = status }
            } catch {
                startedContinuation.yield(.failure(SpawnFailure(description: "\(error)")))
            }
            startedContinuation.finish()
        }
        load.state.withLock { $0.run = run }
        for await first in started {
            if case .failure(let failure) = first { throw failure }
            return load
        }
        throw SpawnFailure(description: "the command ended before it started")
    }

    /// Where the command's output and errors go: one file for both, or this process's own.
    private static func streams(log: String?) throws(SpawnFailure) -> (FileDescriptorOutput, FileDescriptorOutput) {
        guard let log else { return (.currentStandardOutput, .currentStandardError) }
        do {
            let file = try FileDescriptor.open(FilePath(log), .writeOnly, options: [.create, .truncate],
                                               permissions: [.ownerReadWrite, .groupRead, .otherRead])
            let errors = try file.duplicate()
            return (.fileDescriptor(file, closeAfterSpawningProcess: true), .fileDescriptor(errors, closeAfterSpawningProcess: true))
        } catch {
            throw SpawnFailure(description: "cannot write \(log): \(error)")
        }
    }

    /// Why the command could not be started.
    public struct SpawnFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The exit status once the command has ended (nil while it runs).
    public func exitStatus() -> Int32? { state.withLock { $0.status } }

    /// Waits for the command to end and returns its exit status (128 + N for signal N).
    public func wait() async -> Int32 {
        await state.withLock { $0.run }?.value
        return state.withLock { $0.status } ?? 128 + SIGKILL
    }

    /// Stops the whole process group: SIGTERM, then SIGKILL after ``graceTime``; returns the
    /// command's exit status.
    public func stop() async -> Int32 {
        state.withLock { $0.run }?.cancel()
        return await wait()
    }
}
