import ArgumentParser
import FanControl
import Foundation
import GPIOShim
import Hardware

/// `mi50fan gpio CHIP LINE on|off`: switch a GPIO fan line by hand to check the wiring.
struct GPIOCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpio",
        abstract: "Switch a GPIO fan line on or off to check the wiring (the line is left on when done).",
        discussion: "Requests the line through libgpiod, sets it, reads it back, holds it for --hold, then releases it at the safe level (on)."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The GPIO chip: its label, or its name like gpiochip0.")
    var chip: String

    @Argument(help: "The line offset.")
    var line: Int

    /// What to set the line to.
    enum State: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @Argument(help: "on or off.")
    var state: State

    @Flag(help: "The line is low while the fan runs.")
    var activeLow = false

    @Option(help: "How long to hold the state before releasing, like 5s.", transform: durationArgument)
    var hold: TimeSpan = TimeSpan(seconds: 0)

    func run() async throws {
        let info: GPIOChipInfo
        if chip.hasPrefix("gpiochip") {
            info = GPIOChipInfo(name: chip, label: chip, lines: 0, devicePath: global.sysfsRoot.dev(chip))
        } else {
            switch GPIODiscovery.find(chip, in: GPIODiscovery(root: global.sysfsRoot).scan()) {
            case .success(let found): info = found
            case .failure(let error):
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
        let output = GPIOOutput(chip: info, line: line, activeLow: activeLow, pwmFrequency: nil)
        do {
            try output.takeControl()
            try output.write(state == .on ? .full : .off)
            let readBack = output.isOn().map { $0 ? "on" : "off" } ?? "unreadable"
            print("\(info.name) line \(line): set \(state.rawValue), reads back \(readBack) (libgpiod \(mi50fan_gpio_api_version()).x)")
            let seconds = hold.seconds
            if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
            try output.release()
            print("released at the safe level (on)")
        } catch let error as OutputError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
