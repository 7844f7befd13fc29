import ArgumentParser
import ConfigFiles
import Foundation
import Hardware

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

    @Flag(help: "Save the starting config to --config (never overwrites without --force).")
    var write = false

    @Flag(help: "With --write: replace an existing config (the old one is kept as config.yaml~).")
    var force = false

    func run() async throws {
        var source: LibSensorsSource?
        if libsensors {
            do { source = try LibSensorsSource() } catch { printError("libsensors: \(error); showing sysfs readings only") }
        }
        let inventory = MachineInventory.scan(root: global.sysfsRoot, libsensors: source)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(inventory), as: UTF8.self))
        } else {
            print(DetectReport.text(inventory), terminator: "")
        }
        let config = StartingConfig.yaml(for: inventory)
        if write {
            if FileManager.default.fileExists(atPath: global.config) && !force {
                printError("\(global.config) exists; not overwritten. Use --force to replace it (the old one is kept as \(global.config)~).")
                throw ExitCode.failure
            }
            try? FileManager.default.createDirectory(atPath: (global.config as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            do { try AtomicFile.write(config, to: global.config, backup: true) } catch {
                printError("\(error)")
                throw ExitCode.failure
            }
            printError("wrote \(global.config); check it with `mi50fan config check`")
        } else if !json {
            print("\nStarting config (save it with `mi50fan detect --write`):\n")
            print(config, terminator: "")
        }
    }
}
