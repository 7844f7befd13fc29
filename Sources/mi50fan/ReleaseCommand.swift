import ArgumentParser
import ConfigFiles
import FanControl
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
            Reads the record the service keeps in its state directory (/run/mi50fan) while it holds \
            outputs, finds each output again by its identity (chip name and device, GPIO chip label and \
            line, PWM chip and channel) and writes only that output's own attributes. A service that \
            stopped cleanly gave them back itself and removed the record: then this does nothing. After a \
            crash, SIGKILL or a watchdog kill it sets each output to full speed, or with --restore to the \
            mode the firmware had before (uninstalling: leave the fans to the board). When the service \
            could not write its record and did not stop cleanly (systemd's SERVICE_RESULT), or with \
            --from-config, the config's outputs go to full speed.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Give hwmon headers back to the firmware's saved mode instead of full speed.")
    var restore = false

    @Flag(help: "Release the outputs the config names, not the service's record (no saved modes: full speed).")
    var fromConfig = false

    @Option(help: "The service's state directory (default: /run/mi50fan below --root).")
    var stateDir: String?

    func run() async throws {
        let directory = stateDir ?? StateDirectory.defaultPath(root: global.sysfsRoot)
        var config: Config?
        if case .success(let node) = ConfigLoader.document(at: global.config), case .success(let decoded) = ConfigDecoder.decode(node) {
            config = decoded
        }
        let serviceResult = ProcessInfo.processInfo.environment["SERVICE_RESULT"]
        let records: [OutputRecord]
        switch OutputRelease.plan(stateDirectory: directory, config: config, serviceResult: serviceResult, fromConfig: fromConfig) {
        case .nothing(let why):
            print(why)
            return
        case .refused(let why):
            printError("error: \(why)")
            throw ExitCode.failure
        case .release(let found, let fromConfig):
            if fromConfig { print("no record of held outputs in \(directory): releasing the outputs \(global.config) names") }
            records = found
        }
        var failed = false
        for result in OutputRelease.release(records, root: global.sysfsRoot, restoreFirmware: restore, config: config) {
            switch result {
            case .success(let message): print(message)
            case .failure(let error):
                failed = true
                printError("error: \(error)")
            }
        }
        if failed { throw ExitCode.failure }
        if restore { OutputState.remove(from: directory) }
    }
}
