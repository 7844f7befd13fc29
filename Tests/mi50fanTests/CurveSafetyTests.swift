import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The watcher pid `curve set --confirm` printed.
private func printedWatcher(_ output: String) -> Int32? {
    guard let range = output.range(of: "watcher pid ") else { return nil }
    return Int32(output[range.upperBound...].prefix { $0.isNumber })
}

/// The executable process `pid` runs, as the kernel sees it.
private func executable(of pid: Int32) -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/\(pid)/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// What `pid` runs once it has left the shell that started it: the launcher prints the pid of
/// its background child before that child has `exec`ed, so for a moment it is still the shell.
private func executableAfterExec(of pid: Int32, shell: String = "/usr/bin/dash") -> String? {
    let deadline = Date().addingTimeInterval(10)
    var seen = executable(of: pid)
    while seen.map({ $0 == shell || $0.hasSuffix("/sh") }) ?? false, Date() < deadline {
        sched_yield()
        seen = executable(of: pid)
    }
    return seen
}

@Test("the revert watcher is the running executable, never a ./mi50fan planted in the working directory")
func watcherIgnoresPlantedBinary() throws {
    let workspace = try CurveWorkspace()
    let planted = workspace.directory + "/mi50fan"
    try "#!/bin/sh\ntouch '\(workspace.directory)/planted-ran'\nexec sleep 30\n".write(toFile: planted, atomically: true, encoding: .utf8)
    chmod(planted, 0o755)
    // As a user would type it from that directory: argv[0] is `./mi50fan`.
    let result = try runTool("/bin/bash", ["-c", "cd \"$1\" && exec -a ./mi50fan \"$2\" curve set mi50-blower-max 40 45% --confirm 30s --config \"$3\"",
                                           "mi50fan-test", workspace.directory, mi50fanBinary.path, workspace.config])
    #expect(result.status == 0, "\(result.stderr)")
    let pid = try #require(printedWatcher(result.stdout))
    defer { kill(pid, SIGTERM) }
    let real = try #require(realpath(mi50fanBinary.path, nil)).withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    #expect(executableAfterExec(of: pid) == real)
    #expect(try workspace.run(["curve", "confirm"]).status == 0)
}

@Test("a bad --confirm value is refused before anything is saved", arguments: ["5x", "0s", "2h"])
func badConfirmChangesNothing(_ value: String) throws {
    let workspace = try CurveWorkspace()
    let before = workspace.curve("mi50-blower-max")
    let result = try workspace.run(["curve", "set", "mi50-blower-max", "40", "45%", "--confirm", value])
    #expect(result.status == 1)
    #expect(result.stderr.contains("--confirm `\(value)` must be a duration from 1s to 1h"))
    #expect(workspace.curve("mi50-blower-max") == before)
    #expect(!FileManager.default.fileExists(atPath: workspace.curves + "/mi50-blower-max.yaml~"))
}

@Test("curve edit works in a fresh private directory, never one made beforehand by someone else")
func editScratchIsPrivate() throws {
    let workspace = try CurveWorkspace()
    let temporary = workspace.directory + "/tmp"
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    // Directories another user could have made for the next few hundred pids, each with a planted file.
    let last = Int((try? String(contentsOfFile: "/proc/sys/kernel/ns_last_pid", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    for pid in last..<(last + 300) {
        let directory = temporary + "/mi50fan-edit-\(pid)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "planted\n".write(toFile: directory + "/planted", atomically: true, encoding: .utf8)
    }
    let replacement = workspace.directory + "/replacement.yaml"
    try "points:\n  - [50, 40%]\n  - [80, 100%]\ncritical: 90\n".write(toFile: replacement, atomically: true, encoding: .utf8)
    let editor = workspace.directory + "/editor.sh"
    try """
        #!/bin/sh
        d=$(dirname "$1")
        echo "$d" > '\(workspace.directory)/scratch-path'
        stat -c %a "$d" > '\(workspace.directory)/scratch-mode'
        ls -A "$d" > '\(workspace.directory)/scratch-listing'
        cp '\(replacement)' "$1"

        """.write(toFile: editor, atomically: true, encoding: .utf8)
    chmod(editor, 0o755)
    let result = try workspace.run(["curve", "edit", "dual-40mm"], environment: ["EDITOR": editor, "VISUAL": "", "TMPDIR": temporary])
    #expect(result.status == 0, "\(result.stderr)")
    let read = { (name: String) in (try? String(contentsOfFile: workspace.directory + "/" + name, encoding: .utf8)) ?? "" }
    #expect(read("scratch-mode") == "700\n")
    #expect(read("scratch-listing") == "dual-40mm.yaml\n")
    let scratch = read("scratch-path").trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(scratch.hasPrefix(temporary + "/"))
    #expect(!FileManager.default.fileExists(atPath: scratch))
    #expect(workspace.curve("dual-40mm") == "points:\n  - [50, 40%]\n  - [80, 100%]\ncritical: 90\n")
}

@Test("curve edit refuses an edited copy replaced by a link, and saves nothing")
func editRefusesLink() throws {
    let workspace = try CurveWorkspace()
    let before = workspace.curve("dual-40mm")
    let elsewhere = workspace.directory + "/elsewhere.yaml"
    try "points:\n  - [40, 0%]\n  - [149, 1%]\n".write(toFile: elsewhere, atomically: true, encoding: .utf8)
    let editor = workspace.directory + "/editor.sh"
    try "#!/bin/sh\nrm -f \"$1\" && ln -s '\(elsewhere)' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
    chmod(editor, 0o755)
    let result = try workspace.run(["curve", "edit", "dual-40mm"], environment: ["EDITOR": editor, "VISUAL": ""])
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot read the edited copy"))
    #expect(workspace.curve("dual-40mm") == before)
}
