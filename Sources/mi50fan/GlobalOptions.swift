import ArgumentParser
import ConfigFiles
import Hardware
import Service

/// Options every command that touches the machine or the config shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The directory that stands for / (a fixture tree or the simulator's root).", valueName: "dir"))
    var root: String = "/"

    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "path"))
    var config: String = ConfigLoader.defaultPath

    /// The sysfs root.
    var sysfsRoot: SysfsRoot { SysfsRoot(root) }

    /// `mi50fan ARGUMENTS` as a suggestion that works as printed: with this command's --root
    /// and --config when they are not the defaults.
    func command(_ arguments: String) -> String {
        sysfsRoot.suggestion(arguments) + (config == ConfigLoader.defaultPath ? "" : " --config \(config)")
    }

    /// The service's state directory: `/run/mi50fan` below the root.
    var stateDirectory: String { StateDirectory.defaultPath(root: sysfsRoot) }
}
