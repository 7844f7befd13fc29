import ArgumentParser
import ConfigFiles
import Foundation
import Service

/// `mi50fan curve confirm`: keep the change made with --confirm.
struct CurveConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "confirm", abstract: "Keep a curve change made with --confirm.")

    @OptionGroup var options: CurveOptions

    func run() async throws {
        try await reportingFailures {
            switch try CurveConfirmation.confirm(in: options.directory) {
            case .nonePending:
                throw CurveFailure("no change awaits confirmation in \(options.directory)")
            case .expired(let name):
                print(ServiceReload.request(stateDirectory: options.global.stateDirectory).message)
                throw CurveFailure("too late: the change to `\(name)` was not confirmed in time and is reverted")
            case .kept(let name, let watcher):
                if let watcher { kill(watcher, SIGTERM) }
                print("kept the change to `\(name)`")
            }
        }
    }
}
