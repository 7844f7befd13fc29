import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve ...`: list, show, create, edit and try fan curves.
struct CurveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curve",
        abstract: "List, show, create, edit and try fan curves.",
        discussion: """
            Every edit is validated first (nothing changes on disk when it fails), written atomically, \
            keeps the previous version for `curve undo`, and reloads the running service. With \
            --confirm 30s an edit reverts by itself unless `mi50fan curve confirm` follows in time.
            """,
        subcommands: [
            CurveListCommand.self, CurveShowCommand.self, CurveNewCommand.self, CurveSetCommand.self,
            CurveRemoveCommand.self, CurveHysteresisCommand.self, CurveEditCommand.self, CurveUseCommand.self,
            CurveExportCommand.self, CurveUndoCommand.self, CurveConfirmCommand.self, CurveSimulateCommand.self,
            CurveRevertCommand.self,
        ]
    )
}

/// Options every curve command shares.
struct CurveOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("curves-dir"), help: ArgumentHelp("The curves directory (default: the config's).", valueName: "dir"))
    var curvesDirectory: String?

    /// The curves directory: the option, the config's `curves_dir`, or `curves/` beside the config.
    var directory: String {
        if let curvesDirectory { return curvesDirectory }
        if case .success(let node) = ConfigLoader.document(at: global.config), case .success(let config) = ConfigDecoder.decode(node) {
            return ConfigLoader.curvesDirectory(for: config, at: global.config)
        }
        return ((global.config as NSString).deletingLastPathComponent as NSString).appendingPathComponent("curves")
    }

    var store: CurveStore { CurveStore(directory: directory) }

    /// Whether `name` is a shipped curve with no file of its own in the curves directory.
    func isBuiltIn(_ name: String) -> Bool { !store.exists(name) && BuiltInCurves.files[name] != nil }

    /// `mi50fan curve ARGUMENTS` as a suggestion that works as printed: with this command's
    /// --config and --curves-dir.
    func command(_ arguments: String) -> String {
        global.command("curve \(arguments)") + (curvesDirectory.map { " --curves-dir \($0)" } ?? "")
    }

    /// Loads curve `name`, or fails with its problems. An unconfirmed change whose time is up
    /// is reverted first.
    func load(_ name: String) throws -> CurveDocument {
        do { if let line = try CurveConfirmation.settle(in: directory) { print(line) } } catch {
            printError("warning: an unconfirmed change has expired but cannot be put back (\(error)); run a curve command as root")
        }
        if !store.exists(name), let text = BuiltInCurves.files[name] {
            // A shipped curve: edits save a copy into the curves directory, which then wins.
            switch CurveDocument.parse(text + "\n", path: store.path(name)) {
            case .success(let document): return document
            case .failure(let problems): throw CurveFailure(problems.description)
            }
        }
        guard store.exists(name) else {
            throw CurveFailure("no curve `\(name)` in \(directory) and no shipped curve of that name; `\(command("list"))` shows the curves, `\(command("new \(name) --from mi50-blower-balanced"))` makes one")
        }
        switch store.load(name) {
        case .success(let document): return document
        case .failure(let problems): throw CurveFailure(problems.description)
        }
    }

    /// Checks a `--confirm` value and that no other change awaits confirmation; called before
    /// anything is saved.
    func confirmationWindow(_ text: String?) throws -> TimeSpan? {
        guard let text else { return nil }
        let window = try CurveConfirmation.window(text)
        try CurveConfirmation.checkNonePending(in: directory)
        return window
    }

    /// Saves an edited curve (validated, atomic, previous kept), arms the confirm timer when
    /// asked, and reloads the service. Prints what happened.
    func commit(_ document: CurveDocument, confirm: TimeSpan?) async throws {
        let previous = try? String(contentsOfFile: store.path(document.name), encoding: .utf8)
        do { _ = try store.save(document) } catch let problems as ConfigProblems {
            let reasons = problems.problems.map { "  " + $0.message + ($0.fix.isEmpty ? "" : "; " + $0.fix) }
            throw CurveFailure("the change was not saved; \(store.path(document.name)) is unchanged:\n" + reasons.joined(separator: "\n"))
        }
        print("saved \(store.path(document.name)) (previous version kept as \(store.backupPath(document.name)))")
        try await afterSave(name: document.name, previous: previous, confirm: confirm)
    }

    /// What follows every save: the confirm timer, then the reload.
    func afterSave(name: String, previous: String?, confirm: TimeSpan?) async throws {
        if let confirm {
            let arguments = ["curve", "_revert", "--curves-dir", directory, "--config", global.config]
            let pending = try await CurveConfirmation.arm(name: name, previous: previous, window: confirm, in: directory) { token in
                try await RevertWatcher.launch(arguments: arguments + ["--token", token])
            }
            print("applied for \(confirm): run `\(command("confirm"))` to keep it, or it reverts (watcher pid \(pending.watcherPID ?? 0))")
        }
        print(ServiceReload.request(stateDirectory: global.stateDirectory).message)
    }
}

/// A curve command's failure: the message goes to standard error and the exit status is 1.
struct CurveFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Parses a temperature argument (a `transform:`: the parser names the value and the argument).
func temperatureArgument(_ text: String) throws -> Temperature {
    guard let value = UnitParsing.temperature(text) else {
        throw ValidationError("not a temperature; write degrees Celsius like 70 or 70C")
    }
    guard value.isPlausible else {
        let range = Temperature.plausibleRange
        throw ValidationError("outside \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound)) °C, the range a sensor can report")
    }
    return value
}

/// Parses a duration argument (`40us`, `500ms`, `5s`, `2m`; a `transform:`).
func durationArgument(_ text: String) throws -> TimeSpan {
    guard let value = UnitParsing.timeSpan(text) else {
        throw ValidationError("not a duration; write it like 500ms, 5s or 2m")
    }
    return value
}

/// Parses a duty argument (a `transform:`).
func dutyArgument(_ text: String) throws -> Duty {
    guard let value = UnitParsing.duty(text) else {
        throw ValidationError("not a duty from 0% to 100%; write it like 45% or 0.45")
    }
    return value
}

/// Runs a curve command body, turning failures into a message and exit status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let failure as CurveFailure {
        printError("error: \(failure.description)")
        throw ExitCode.failure
    } catch let failure as CurveConfirmation.Failure {
        printError("error: \(failure.description)")
        throw ExitCode.failure
    }
}
