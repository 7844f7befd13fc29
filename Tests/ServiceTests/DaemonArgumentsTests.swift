import Hardware
import Logging
import Service
import Testing

@Test("the service's command line takes `--name value` and `--name=value`, and defaults like `mi50fan run`")
func daemonArgumentsParse() throws {
    #expect(try DaemonArguments.parse([]) == .run(DaemonArguments()))
    var expected = DaemonArguments()
    expected.config = "/tmp/c.yaml"
    expected.root = "/tmp/root"
    expected.stateDirectory = "/tmp/state"
    expected.logLevel = .debug
    #expect(try DaemonArguments.parse(["--config", "/tmp/c.yaml", "--root=/tmp/root", "--state-dir", "/tmp/state", "--log-level=debug"])
            == .run(expected))
    #expect(expected.resolvedStateDirectory == "/tmp/state")
    #expect(DaemonArguments().resolvedStateDirectory == StateDirectory.defaultPath(root: SysfsRoot("/")))
    #expect(try DaemonArguments.parse(["--config", "x", "--help"]) == .help)
    #expect(try DaemonArguments.parse(["--version"]) == .version)
}

@Test("a wrong service command line is refused with what to do", arguments: [
    (["--confg", "x"], "unknown argument `--confg`"),
    (["--config"], "--config needs a value"),
    (["--root="], "--root needs a value"),
    (["--log-level", "loud"], "--log-level `loud` is not a level"),
    (["run"], "unknown argument `run`"),
])
func daemonArgumentsRefused(arguments: [String], message: String) {
    #expect(throws: DaemonArguments.Problem.self) { try DaemonArguments.parse(arguments) }
    do { _ = try DaemonArguments.parse(arguments) } catch { #expect(error.description.hasPrefix(message), "\(error)") }
}
