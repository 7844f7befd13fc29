import ArgumentParser
import ConfigFiles
import Foundation
import Hardware
import Service

/// `mi50fan release`: put every output the service held in a safe state, even after the
/// service was killed (systemd runs it as `ExecStopPost`).
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Put the fans the service held at full speed (or back under firmware control) after a crash.",
        discussion: """
            Reads the record the service keeps in its state directory while it holds outputs. A service \
            that stopped cleanly gave them back itself and removed the record: then this does nothing. \
            After a crash or SIGKILL it sets each output to full speed, or with --restore to the mode the \
            firmware had before (uninstalling: leave the fans to the board).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Give hwmon headers back to the firmware's saved mode instead of full speed.")
    var restore = false

    @Option(help: "The state directory (default: the directory of the config's status_file).")
    var stateDir: String?

    func run() async throws {
        let directory = stateDir ?? stateDirectoryFromConfig()
        guard let state = OutputState.read(from: directory) else {
            print("nothing to release: no outputs recorded in \(directory) (the service gave them back, or never held them)")
            return
        }
        var failed = false
        for record in state.outputs {
            switch record.makeSafe(restoreFirmware: restore) {
            case .success(let message): print(message)
            case .failure(let error):
                failed = true
                printError("error: \(error)")
            }
        }
        if failed { throw ExitCode.failure }
        if restore { OutputState.remove(from: directory) }
    }

    private func stateDirectoryFromConfig() -> String {
        let statusFile: String
        if case .success(let node) = ConfigLoader.document(at: global.config), case .success(let config) = ConfigDecoder.decode(node) {
            statusFile = config.statusFile
        } else {
            statusFile = Config.defaultStatusFile
        }
        return (statusFile as NSString).deletingLastPathComponent
    }
}

import FanControl
