import Hardware
import Logging

/// The fan service's command line (`mi50fand`), parsed without an argument library so that
/// the service carries none: the options of `mi50fan run`, in `--name value` or `--name=value`
/// form.
public struct DaemonArguments: Sendable, Equatable {
    /// What the command line asks for.
    public enum Request: Sendable, Equatable {
        /// Run the service.
        case run(DaemonArguments)
        /// Print the usage.
        case help
        /// Print the version.
        case version
    }

    /// The config file.
    public var config = "/etc/mi50fan/config.yaml"
    /// The directory that stands for `/`.
    public var root = "/"
    /// Where the lock and the record of held outputs live; nil: `/run/mi50fan` below the root.
    public var stateDirectory: String?
    /// The lowest level logged.
    public var logLevel: Logger.Level = .info

    /// The defaults: the real machine's config, root and state directory, logging from `info`.
    public init() {}

    /// The state directory in effect.
    public var resolvedStateDirectory: String { stateDirectory ?? StateDirectory.defaultPath(root: SysfsRoot(root)) }

    /// The usage text.
    public static let usage = """
        usage: mi50fand [--config <path>] [--root <dir>] [--state-dir <dir>] [--log-level <level>]

        The mi50fan fan service, as systemd runs it (`mi50fan run` is the same service).
        Refuses to start when the config has problems (exit 78) or another instance runs (exit 75).
        SIGHUP reloads the config; SIGTERM or SIGINT gives every output back to the mode it had.

          --config <path>      the config file (default /etc/mi50fan/config.yaml)
          --root <dir>         the directory that stands for / (a fixture tree or the simulator's root)
          --state-dir <dir>    the lock and the record of held outputs (default /run/mi50fan below --root)
          --log-level <level>  trace, debug, info, notice, warning, error or critical (default info)
          --version            print the version
          -h, --help           print this help
        """

    /// Why a command line was refused, in words for the user.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was wrong and what to do.
        public var description: String
    }

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(Problem) -> Request {
        var result = DaemonArguments()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" { return .help }
            if argument == "--version" { return .version }
            let (name, inline) = split(argument)
            guard ["--config", "--root", "--state-dir", "--log-level"].contains(name) else {
                throw Problem(description: "unknown argument `\(argument)`; `mi50fand --help` lists the options")
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < arguments.count else { throw Problem(description: "\(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            guard !value.isEmpty else { throw Problem(description: "\(name) needs a value") }
            switch name {
            case "--config": result.config = value
            case "--root": result.root = value
            case "--state-dir": result.stateDirectory = value
            default:
                guard let level = Logger.Level(rawValue: value) else {
                    throw Problem(description: "--log-level `\(value)` is not a level: trace, debug, info, notice, warning, error or critical")
                }
                result.logLevel = level
            }
        }
        return .run(result)
    }

    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }
}
