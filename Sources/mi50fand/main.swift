import Glibc
import Hardware
import Logging
import Service

// The fan service alone: what systemd starts. It links no Foundation and no argument-parsing
// library, so it starts and idles in a few megabytes; `mi50fan run` runs the same Daemon.

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let text = String(cString: pointer)
    if let equals = text.firstIndex(of: "=") { environment[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
    entry += 1
}

let request: DaemonArguments.Request
do {
    request = try DaemonArguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let message = Array("mi50fand: \(error)\n".utf8)
    _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(64)
}
switch request {
case .help:
    print(DaemonArguments.usage)
case .version:
    print("mi50fand \(BuildInfo.version)")
case .run(let arguments):
    let journald = LogOutput.underSystemd(environment)
    LoggingSystem.bootstrap { _ in LogOutput(journald: journald, level: arguments.logLevel) }
    let daemon = Daemon(configPath: arguments.config, root: SysfsRoot(arguments.root),
                        stateDirectory: arguments.resolvedStateDirectory,
                        environment: environment, logger: Logger(label: "mi50fan"))
    exit(daemon.runOnThisThread().rawValue)
}
