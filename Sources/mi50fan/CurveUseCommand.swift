import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve use NAME --fan FAN`: make a fan follow a curve.
struct CurveUseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "use", abstract: "Make a fan follow a curve (edits the config).")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "The fan's name in the config.") var fan: String

    func run() async throws {
        try await reportingFailures {
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
