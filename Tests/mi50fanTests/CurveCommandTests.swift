import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A config and the shipped curves in a temporary directory.
final class CurveWorkspace {
    let directory: String
    var config: String { directory + "/config.yaml" }
    var curves: String { directory + "/curves" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-curves-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: curves, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("curves").path) {
            try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent("curves/" + name).path, toPath: curves + "/" + name)
        }
        try FileManager.default.copyItem(atPath: repositoryRoot.appendingPathComponent("docs/examples/config.yaml").path, toPath: config)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func curve(_ name: String) -> String { (try? String(contentsOfFile: curves + "/" + name + ".yaml", encoding: .utf8)) ?? "" }

    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> CommandResult {
        try runMI50Fan(arguments + ["--config", config], environment: environment, input: input)
    }
}

/// Waits for a process that is not our child to exit (pidfd: an event, not a sleep).
func waitForExit(pid: Int32, timeout: Double) -> Bool {
    typealias PidfdOpen = @convention(c) (Int32, UInt32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pidfd_open") else { return kill(pid, 0) != 0 }
    let descriptor = unsafeBitCast(symbol, to: PidfdOpen.self)(pid, 0)
    guard descriptor >= 0 else { return kill(pid, 0) != 0 }
    defer { close(descriptor) }
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&poller, 1, Int32(timeout * 1000)) == 1
}

@Test("list shows every curve, its shape and the fans that follow it")
func curveList() throws {
    let workspace = try CurveWorkspace()
    let result = try workspace.run(["curve", "list"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("mi50-blower-balanced     5 points, critical 95°C  [fan blower]"))
    #expect(result.stdout.contains("gpio-on-off              2 levels"))
}

@Test("show prints the points, hysteresis and a plot with the temperature marked")
func curveShow() throws {
    let workspace = try CurveWorkspace()
    let result = try workspace.run(["curve", "show", "mi50-blower-balanced", "--at", "62"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("  55°C     35%"))
    #expect(result.stdout.contains("hysteresis: deadband 3 °C, spin-down delay 30s, minimum step 5%, rise step 8%; smoothing 0s"))
    #expect(result.stdout.contains("| now 62 °C -> 46.7%"))
    #expect(result.stdout.contains("100% │"))
}

@Test("set adds a point, keeps the previous version, and undo brings it back")
func curveSetAndUndo() throws {
    let workspace = try CurveWorkspace()
    let before = workspace.curve("mi50-blower-balanced")
    let result = try workspace.run(["curve", "set", "mi50-blower-balanced", "62", "45%"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(workspace.curve("mi50-blower-balanced").contains("  - [62, 45%]\n  - [70, 60%]"))
    #expect(workspace.curve("mi50-blower-balanced").hasPrefix("# mi50-blower-balanced: the default"), "the comment survives")
    #expect(try String(contentsOfFile: workspace.curves + "/mi50-blower-balanced.yaml~", encoding: .utf8) == before)
    #expect(try workspace.run(["curve", "undo", "mi50-blower-balanced"]).status == 0)
    #expect(workspace.curve("mi50-blower-balanced") == before)
}

@Test("an edit that fails validation changes nothing on disk", arguments: [
    ["set", "mi50-blower-balanced", "75", "50%"], ["remove", "mi50-blower-balanced", "66"],
    ["set", "gpio-on-off", "60", "50%"], ["hysteresis", "mi50-blower-balanced", "--temperature", "80C"],
])
func failedEdit(arguments: [String]) throws {
    let workspace = try CurveWorkspace()
    let name = arguments[1]
    let before = workspace.curve(name)
    let result = try workspace.run(["curve"] + arguments)
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: "))
    #expect(workspace.curve(name) == before)
    #expect(!FileManager.default.fileExists(atPath: workspace.curves + "/\(name).yaml~"))
}

@Test("remove takes a point out; hysteresis shows and sets")
func removeAndHysteresis() throws {
    let workspace = try CurveWorkspace()
    #expect(try workspace.run(["curve", "remove", "mi50-blower-balanced", "55"]).status == 0)
    #expect(!workspace.curve("mi50-blower-balanced").contains("[55, 35%]"))
    let set = try workspace.run(["curve", "hysteresis", "mi50-blower-balanced", "--temperature", "5C", "--spin-down-delay", "30s", "--smoothing", "20s"])
    #expect(set.status == 0, "\(set.stderr)")
    let shown = try workspace.run(["curve", "hysteresis", "mi50-blower-balanced"])
    #expect(shown.stdout.contains("deadband 5 °C, spin-down delay 30s, minimum step 5%, rise step 8%; smoothing 20s"))
}

@Test("new copies a preset and refuses to overwrite; use points a fan at it, keeping the config's comments")
func newAndUse() throws {
    let workspace = try CurveWorkspace()
    let made = try workspace.run(["curve", "new", "my-blower", "--from", "mi50-blower-quiet"])
    #expect(made.status == 0, "\(made.stderr)")
    #expect(workspace.curve("my-blower").contains("- [60, 30%]"))
    #expect(try workspace.run(["curve", "new", "my-blower"]).status == 1)
    let configBefore = try String(contentsOfFile: workspace.config, encoding: .utf8)
    let used = try workspace.run(["curve", "use", "my-blower", "--fan", "blower"])
    #expect(used.status == 0, "\(used.stderr)")
    let configAfter = try String(contentsOfFile: workspace.config, encoding: .utf8)
    #expect(configAfter == configBefore.replacingOccurrences(of: "curve: mi50-blower-balanced", with: "curve: my-blower"))
    let missing = try workspace.run(["curve", "use", "my-blower", "--fan", "nope"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no fan `nope`"))
    #expect(try String(contentsOfFile: workspace.config, encoding: .utf8) == configAfter)
}

@Test("export writes an SVG chart")
func exportSVG() throws {
    let workspace = try CurveWorkspace()
    let result = try workspace.run(["curve", "export", "dual-40mm", "--svg"])
    #expect(result.stdout.hasPrefix("<svg"))
    #expect(result.stdout.contains("<polyline"))
    #expect(result.stdout.contains("critical 90 °C"))
}

/// An $EDITOR that replaces the file with the Nth of the given texts on its Nth run.
private func scriptedEditor(_ texts: [String], in directory: String) throws -> String {
    var script = "#!/bin/sh\ncount=$(cat \(directory)/editor-runs 2>/dev/null || echo 0)\ncount=$((count + 1))\necho $count > \(directory)/editor-runs\n"
    for (index, text) in texts.enumerated() {
        let file = directory + "/edit-\(index + 1).yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        script += "[ $count = \(index + 1) ] && cp \(file) \"$1\"\n"
    }
    script += "exit 0\n"
    let path = directory + "/editor.sh"
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
}

@Test("edit re-opens the editor until the curve validates, as visudo does")
func editUntilValid() throws {
    let workspace = try CurveWorkspace()
    let editor = try scriptedEditor(["points:\n  - [70, 60%]\n  - [60, 40%]\n", "points:\n  - [50, 40%]\n  - [80, 100%]\ncritical: 90\n"], in: workspace.directory)
    let result = try workspace.run(["curve", "edit", "dual-40mm"], environment: ["EDITOR": editor, "VISUAL": ""], input: "e\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("points must rise in temperature: 60 after 70"))
    #expect(result.stderr.contains("(e)dit again"))
    #expect(workspace.curve("dual-40mm") == "points:\n  - [50, 40%]\n  - [80, 100%]\ncritical: 90\n")
}

@Test("edit that stays invalid and is abandoned leaves the file as it was")
func editAbandoned() throws {
    let workspace = try CurveWorkspace()
    let before = workspace.curve("dual-40mm")
    let editor = try scriptedEditor(["points: nonsense\n"], in: workspace.directory)
    let result = try workspace.run(["curve", "edit", "dual-40mm"], environment: ["EDITOR": editor, "VISUAL": ""], input: "x\n")
    #expect(result.status == 1)
    #expect(result.stderr.contains("nothing saved"))
    #expect(workspace.curve("dual-40mm") == before)
}

private func watcherPID(_ output: String) -> Int32? {
    guard let range = output.range(of: "watcher pid ") else { return nil }
    return Int32(output[range.upperBound...].prefix { $0.isNumber })
}

@Test("a change made with --confirm reverts by itself when nobody confirms")
func confirmTimesOut() throws {
    let workspace = try CurveWorkspace()
    let before = workspace.curve("mi50-blower-max")
    let result = try workspace.run(["curve", "set", "mi50-blower-max", "40", "45%", "--confirm", "1s"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(workspace.curve("mi50-blower-max") != before)
    let pid = try #require(watcherPID(result.stdout))
    #expect(waitForExit(pid: pid, timeout: 20))
    #expect(workspace.curve("mi50-blower-max") == before)
    #expect(!FileManager.default.fileExists(atPath: workspace.curves + "/.mi50fan-pending.json"))
}

@Test("a confirmed change stays, and a second --confirm waits for the first")
func confirmKeeps() throws {
    let workspace = try CurveWorkspace()
    let result = try workspace.run(["curve", "set", "mi50-blower-max", "40", "45%", "--confirm", "30s"])
    let changed = workspace.curve("mi50-blower-max")
    let second = try workspace.run(["curve", "set", "mi50-blower-max", "45", "50%", "--confirm", "30s"])
    #expect(second.status == 1)
    #expect(second.stderr.contains("awaits confirmation"))
    #expect(try workspace.run(["curve", "confirm"]).stdout.contains("kept the change to `mi50-blower-max`"))
    let pid = try #require(watcherPID(result.stdout))
    #expect(waitForExit(pid: pid, timeout: 20))
    #expect(workspace.curve("mi50-blower-max") == changed)
}

@Test("curve simulate runs a curve on the virtual card")
func curveSimulate() throws {
    let workspace = try CurveWorkspace()
    let result = try workspace.run(["curve", "simulate", "mi50-blower-quiet", "--duration", "10m"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Simulated 10.0 min of inference load on curve mi50-blower-quiet"))
}
