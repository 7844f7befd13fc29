import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve undo NAME`: go back to the previous version.
struct CurveUndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "undo", abstract: "Go back to a curve's previous version (again: redo).")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String

    func run() async throws {
        try await reportingFailures {
            _ = try options.load(name)
            guard try options.store.undo(name) else { throw CurveFailure("`\(name)` has no previous version") }
            print("\(options.store.path(name)) is back at its previous version")
            print(ServiceReload.request(stateDirectory: options.global.stateDirectory).message)
        }
    }
}
