import ArgumentParser
import ConfigFiles
import FanControl
import Hardware
import Service

/// `mi50fan config check [PATH...]`: validates config and curve files and lists every problem.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check config and curve files; print every problem with file, line and column.",
        discussion: "Config and curve files are told apart by their content. Exits 1 if any file has a problem."
    )

    @Argument(help: "Files to check (default: \(ConfigLoader.defaultPath)).")
    var paths: [String] = []

    @Option(name: .customLong("curves-dir"), help: "Where named curves are found (default: the config's curves_dir, or curves/ beside it).")
    var curvesDirectory: String?

    @Option(help: ArgumentHelp("A config to check, as every other command names it (same as giving its path).", valueName: "path"))
    var config: String?

    @Option(help: ArgumentHelp("Where to look for the outputs the config names, to find two fans on one output (a fixture tree or the simulator's root).", valueName: "dir"))
    var root: String = "/"

    func run() async throws {
        var failed = false
        let named = paths + (config.map { [$0] } ?? [])
        for path in named.isEmpty ? [ConfigLoader.defaultPath] : named {
            let (kind, found) = ConfigLoader.check(path: path, curvesDirectory: curvesDirectory)
            var problems = found
            if problems.isEmpty, kind == .config, case .success(let loaded) = ConfigLoader.load(path: path, curvesDirectory: curvesDirectory) {
                problems = OutputOwnership.conflicts(in: loaded.config, root: SysfsRoot(root))
            }
            if problems.isEmpty {
                print("\(path): ok (\(kind == .curve ? "curve" : "config"))")
            } else {
                failed = true
                for problem in problems { printError("\(problem.location): error: \(problem.message)" + (problem.fix.isEmpty ? "" : "\n    fix: \(problem.fix)")) }
                printError("\(path): \(ConfigProblems.countText(problems.count))")
            }
        }
        if failed { throw ExitCode.failure }
    }
}
