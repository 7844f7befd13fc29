import ArgumentParser
import ConfigFiles
import Hardware

/// Options every command that touches the machine or the config shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory that stands for / (a fixture tree or the simulator's root).", valueName: "dir"))
    var root: String = "/"

    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "path"))
    var config: String = ConfigLoader.defaultPath

    /// The sysfs root.
    var sysfsRoot: SysfsRoot { SysfsRoot(root) }
}
