import ArgumentParser
import ConfigFiles
import Foundation
import Service

/// The detached watcher behind --confirm (not for direct use).
struct CurveRevertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_revert", abstract: "Revert an unconfirmed curve change at its deadline.",
                                                    shouldDisplay: false)

    @OptionGroup var options: CurveOptions

    @Option var token: String

    func run() async throws {
        signal(SIGHUP, SIG_IGN)   // outlive the terminal that made the change
        if try await CurveConfirmation.revertAtDeadline(token: token, in: options.directory) {
            _ = ServiceReload.request(stateDirectory: options.global.stateDirectory)
        }
    }
}
