import Foundation
import Testing
import TestSupport

@Test("saving a curve or config on a full or read-only disk leaves the old file intact and says so",
      .enabled(if: MachineRequirement.runs(MachineRequirement.mountNamespace), "no mount namespace here for a small disk"), arguments: [
    ("full", ["curve", "set", "mi50-blower-balanced", "62", "45%"]), ("readonly", ["curve", "set", "mi50-blower-balanced", "62", "45%"]),
    ("full", ["curve", "use", "mi50-blower-max", "--fan", "blower"]), ("readonly", ["curve", "hysteresis", "dual-40mm", "--temperature", "5C"]),
])
func diskFailures(mode: String, arguments: [String]) throws {
    let workspace = try CurveWorkspace()
    let before = try runTool("/bin/sh", ["-c", "for f in \(workspace.curves)/*.yaml \(workspace.config); do echo \"=== $f\"; cat \"$f\"; done"]).stdout
    let script = repositoryRoot.appendingPathComponent("Tests/Support/on-small-disk.sh").path
    let result = try runTool("/bin/sh", [script, workspace.directory, mode, "--", mi50fanBinary.path] + arguments + ["--config", workspace.config])
    if result.status == 77 {
        Issue.record("no mount namespace for a small disk here: \(result.stderr)")
        return
    }
    #expect(result.status != 0)
    let cause = mode == "full" ? "No space left on device" : "Read-only file system"
    #expect(result.stderr.contains("\(cause); the previous file is unchanged"), "\(result.stderr)")
    let after = result.stdout.components(separatedBy: "=== ").dropFirst().joined(separator: "=== ")
    #expect("=== " + after == before, "every file on the disk is as it was")
}
