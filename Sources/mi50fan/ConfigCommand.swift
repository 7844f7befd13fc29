import ArgumentParser

/// `mi50fan config ...`: work with config and curve files.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check config and curve files.",
        subcommands: [ConfigCheckCommand.self]
    )
}
