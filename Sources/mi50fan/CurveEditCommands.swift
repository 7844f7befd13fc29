import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve set NAME TEMP DUTY`: add a point, or change the duty of the point at TEMP.
struct CurveSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Add a point, or change the duty at a temperature.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Argument(help: "Temperature, like 70 or 70C.") var temperature: String
    @Argument(help: "Duty, like 45%.") var duty: String
    @Option(help: "Revert after this long unless `mi50fan curve confirm` follows, like 30s.") var confirm: String?

    func run() async throws {
        let temperature = try temperatureArgument(self.temperature), duty = try dutyArgument(self.duty)
        try reportingFailures {
            let window = try options.confirmationWindow(confirm)
            var document = try options.load(name)
            var points = try linearPoints(document)
            if let index = points.firstIndex(where: { $0.temperature == temperature }) {
                points[index].duty = duty
            } else {
                points.append(CurvePoint(temperature, duty))
                points.sort { $0.temperature < $1.temperature }
            }
            document.curve.shape = .linear(points)
            try options.commit(document, confirm: window)
        }
    }
}

/// `mi50fan curve remove NAME TEMP`: remove the point at TEMP.
struct CurveRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove the point at a temperature.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Argument(help: "Temperature of the point.") var temperature: String
    @Option(help: "Revert after this long unless confirmed.") var confirm: String?

    func run() async throws {
        let temperature = try temperatureArgument(self.temperature)
        try reportingFailures {
            let window = try options.confirmationWindow(confirm)
            var document = try options.load(name)
            var points = try linearPoints(document)
            guard let index = points.firstIndex(where: { $0.temperature == temperature }) else {
                throw CurveFailure("`\(name)` has no point at \(temperature); its points are at \(points.map { "\($0.temperature)" }.joined(separator: ", "))")
            }
            guard points.count > 1 else { throw CurveFailure("`\(name)` needs at least one point") }
            points.remove(at: index)
            document.curve.shape = .linear(points)
            try options.commit(document, confirm: window)
        }
    }
}

/// `mi50fan curve hysteresis NAME ...`: show or change how the duty falls.
struct CurveHysteresisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hysteresis", abstract: "Show or set a curve's hysteresis and smoothing.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "Temperature deadband, like 3C.") var temperature: String?
    @Option(help: "Spin-down delay, like 15s.") var spinDownDelay: String?
    @Option(help: "Minimum step, like 2%.") var minStep: String?
    @Option(help: "Smoothing time constant on the way down, like 10s.") var smoothing: String?
    @Option(help: "Revert after this long unless confirmed.") var confirm: String?

    func run() async throws {
        try reportingFailures {
            var document = try options.load(name)
            let changes = [temperature, spinDownDelay, minStep, smoothing].compactMap { $0 }
            if changes.isEmpty {
                print(CurveText.hysteresis(document.curve))
                return
            }
            let window = try options.confirmationWindow(confirm)
            if let temperature {
                guard let value = UnitParsing.temperature(temperature), (0...50).contains(value.celsius) else {
                    throw CurveFailure("--temperature `\(temperature)` must be 0 to 50 degrees, like 3C")
                }
                document.curve.hysteresis.deadband = value.celsius
            }
            if let spinDownDelay {
                guard let value = UnitParsing.timeSpan(spinDownDelay) else { throw CurveFailure("--spin-down-delay `\(spinDownDelay)` is not a duration") }
                document.curve.hysteresis.spinDownDelay = value
            }
            if let minStep {
                guard let value = UnitParsing.duty(minStep) else { throw CurveFailure("--min-step `\(minStep)` is not a duty, like 2%") }
                document.curve.hysteresis.minimumStep = value.fraction
            }
            if let smoothing {
                guard let value = UnitParsing.timeSpan(smoothing) else { throw CurveFailure("--smoothing `\(smoothing)` is not a duration") }
                document.curve.smoothing = DownSmoothing(timeConstant: value)
            }
            try options.commit(document, confirm: window)
        }
    }
}

/// `mi50fan curve new NAME --from PRESET`.
struct CurveNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Make a new curve from a shipped or existing one.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The new curve's name.") var name: String
    @Option(help: "The curve to start from.") var from: String = "mi50-blower-balanced"
    @Flag(help: "Replace an existing curve of that name.") var force = false

    func run() async throws {
        try reportingFailures {
            guard CurveNames.isValid(name) else {
                throw CurveFailure("curve name `\(name)` may only hold letters, digits, `-` and `_` (up to 64)")
            }
            if options.store.exists(name) && !force { throw CurveFailure("`\(name)` exists; pick another name or add --force") }
            let source: String
            switch CurveLocator.find(from, curvesDirectory: options.directory, option: "--from") {
            case .failure(let problems): throw CurveFailure(CurveLocator.message(problems))
            case .success(let found): source = found.text ?? (BuiltInCurves.files[found.name].map { $0 + "\n" } ?? "")
            }
            guard case .success(var document) = CurveDocument.parse(source, path: name + ".yaml") else {
                throw CurveFailure("`\(from)` does not parse")
            }
            document.name = name
            document.comment = ["\(name): made from \(from) by `mi50fan curve new`. Say here when to use it."]
            try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
            _ = try options.store.save(document)
            print("created \(options.store.path(name)) from \(from)")
        }
    }
}

/// `mi50fan curve use NAME --fan FAN`: make a fan follow a curve.
struct CurveUseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "use", abstract: "Make a fan follow a curve (edits the config).")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "The fan's name in the config.") var fan: String

    func run() async throws {
        try reportingFailures {
            _ = try options.load(name)
            do {
                try ConfigEditor.setFanCurve(configPath: options.global.config, fan: fan, curve: name, curvesDirectory: options.curvesDirectory)
            } catch let problems as ConfigProblems {
                throw CurveFailure("the config was not changed:\n" + problems.description)
            } catch let error as ConfigEditor.EditError {
                throw CurveFailure(error.message)
            }
            print("fan \(fan) now follows \(name) (\(options.global.config); previous version kept as \(options.global.config)~)")
            print(ServiceReload.request(stateDirectory: options.global.stateDirectory).message)
        }
    }
}

/// `mi50fan curve undo NAME`: go back to the previous version.
struct CurveUndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Go back to a curve's previous version (again: redo).")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String

    func run() async throws {
        try reportingFailures {
            _ = try options.load(name)
            guard try options.store.undo(name) else { throw CurveFailure("`\(name)` has no previous version") }
            print("\(options.store.path(name)) is back at its previous version")
            print(ServiceReload.request(stateDirectory: options.global.stateDirectory).message)
        }
    }
}

/// A linear curve's points; step curves are edited as text (`curve edit`).
private func linearPoints(_ document: CurveDocument) throws -> [CurvePoint] {
    guard case .linear(let points) = document.curve.shape else {
        throw CurveFailure("`\(document.name)` is a step curve: edit its levels with `mi50fan curve edit \(document.name)`")
    }
    return points
}
