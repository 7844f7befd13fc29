import Foundation

/// What some tests need from the machine, probed once, for `.enabled(if:)` traits: a test
/// whose need is missing shows as skipped, with the reason. With `MI50FAN_REQUIRE_ALL=1` (set by
/// `make test`, where `make deps` has installed everything) every such test runs, and a
/// missing need fails it instead.
public enum MachineRequirement {
    /// Whether `MI50FAN_REQUIRE_ALL=1` is set.
    public static var requireAll: Bool { ProcessInfo.processInfo.environment["MI50FAN_REQUIRE_ALL"] == "1" }

    /// Whether a test that needs something `available` runs: when it is there, or when every
    /// requirement is demanded (the test then fails on what is missing).
    public static func runs(_ available: Bool) -> Bool { available || requireAll }

    /// A private mount namespace (`unshare -m` as root, `unshare -rm` otherwise).
    public static let mountNamespace: Bool = {
        let arguments = getuid() == 0 ? ["-m", "true"] : ["-rm", "true"]
        return succeeds("/usr/bin/unshare", arguments)
    }()

    /// util-linux `script`, for a pseudo-terminal.
    public static let pseudoTerminal = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// `systemd-analyze`, to check the unit.
    public static let systemdAnalyze = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")

    /// Python 3 able to make a virtual environment (the real llama.cpp server is installed in
    /// one from PyPI).
    public static let pythonVenv = succeeds("/usr/bin/python3", ["-c", "import venv, ensurepip"])

    /// `/usr/bin/python3` with python3-gi and umockdev's typelib, for the gpiochip mock.
    public static let gpioMock = succeeds("/usr/bin/python3", ["-c", "import gi; gi.require_version('UMockdev', '1.0'); from gi.repository import UMockdev"])

    /// `/usr/bin/python3` with Python-Markdown (Debian python3-markdown), to check generated Markdown.
    public static let pythonMarkdown = succeeds("/usr/bin/python3", ["-c", "import markdown"])

    /// Whether `tool` and exits 0.
    private static func succeeds(_ tool: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
