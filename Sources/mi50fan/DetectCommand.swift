import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Hardware
import JSONText

/// `mi50fan detect`: what this machine has, and a starting config for it.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "List the cards, motherboard PWM outputs, GPIO and PWM chips, and print a starting config.",
        discussion: "Cards are named by PCI slot, chips by hwmon name and device: the numbers in cardN and hwmonN change across boots."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the findings as JSON.")
    var json = false

    @Flag(help: "Also read the cards' temperatures through libsensors (honours sensors.conf; real machine only).")
    var libsensors = false

    @Flag(help: "Save the starting config to --config (never overwrites without --force, except an untouched copy of the shipped example).")
    var write = false

    @Flag(help: "With --write: replace an existing config (the old one is kept as config.yaml~).")
    var force = false

    @Option(name: .customLong("udev-rules"), help: ArgumentHelp(
        "Write the udev rules that let the service write the config's fan outputs, and only those (with --write: \(UdevRules.defaultPath)).",
        valueName: "file"))
    var udevRules: String?

    func run() async throws {
        if let udevRules, !write {
            try writeRules(to: udevRules)
            return
        }
        var source: LibSensorsSource?
        if libsensors {
            do { source = try LibSensorsSource() } catch { printError("libsensors: \(error); showing sysfs readings only") }
        }
        let inventory = MachineInventory.scan(root: global.sysfsRoot, libsensors: source)
        if json {
            print(try JSONWriter.encode(inventory), terminator: "")
        } else {
            print(DetectReport.text(inventory), terminator: "")
        }
        let config = StartingConfig.yaml(for: inventory)
        if write {
            do { try StartingConfigFile.write(config, to: global.config, force: force) } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
            printError("wrote \(global.config); check it with `\(global.command("config check"))`")
            if let udevRules {
                try writeRules(to: udevRules)
            } else if global.root == "/" {
                do { try writeRules(to: UdevRules.defaultPath) } catch {
                    printError("the config is written; write the udev rules as root: `\(global.command("detect --udev-rules \(UdevRules.defaultPath)"))`")
                }
            } else {
                printError("no udev rules written for a --root machine; pass --udev-rules FILE to write them")
            }
        } else if !json {
            print("\nStarting config (save it with `\(global.command("detect --write"))`):\n")
            print(config, terminator: "")
        }
    }

    /// Writes the udev rules for the fan outputs of the config at --config.
    private func writeRules(to path: String) throws {
        let config: Config
        switch ConfigLoader.document(at: global.config).flatMap(ConfigDecoder.decode) {
        case .success(let decoded): config = decoded
        case .failure(let problems):
            printError("\(problems)\nno udev rules written: fix the config first (`\(global.command("config check"))`)")
            throw ExitCode.failure
        }
        let (text, skipped) = UdevRules.render(outputs: config.fans.map { ($0.name, $0.output) }, root: global.sysfsRoot)
        for skip in skipped { printError("warning: \(skip)") }
        do { try AtomicFile.write(text, to: path) } catch {
            printError("\(error); as root: `\(global.command("detect --udev-rules \(path)"))`")
            throw ExitCode.failure
        }
        printError("wrote \(path); apply it with `udevadm control --reload && udevadm trigger --action=add`")
    }
}
