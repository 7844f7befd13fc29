import Foundation
import Testing
import TestSupport

private let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/two-gpus-nct6798").path

@Test("watch prints one plain line per refresh when not on a terminal")
func watchPlain() throws {
    let result = try runMI50Fan(["watch", "--root", fixture, "--config", "/nonexistent", "--count", "3", "--interval", "100ms"])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { $0.contains("gpu1 45/46/44°C 19W throttle:power") })
}

/// Runs the shell `command` on a pseudo-terminal (util-linux `script`, always through
/// /bin/sh whatever the caller's `$SHELL`: one shell, so a `trap` in `command` covers every
/// process Ctrl-C reaches); once the screen shows `after`, types `keys`. Returns the exit
/// status and everything the terminal received.
private func onTerminal(_ command: String, keys: String, after marker: String) throws -> (Int32, String)? {
    guard MachineRequirement.pseudoTerminal else {
        Issue.record("no /usr/bin/script (util-linux) for a pseudo-terminal")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
    process.environment = ProcessInfo.processInfo.environment.merging(["SHELL": "/bin/sh"]) { $1 }
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var screen = Data()
    var typed = false
    while true {
        let chunk = output.fileHandleForReading.availableData   // blocks until the terminal prints
        if chunk.isEmpty { break }
        screen.append(chunk)
        if !typed, String(decoding: screen, as: UTF8.self).contains(marker) {
            input.fileHandleForWriting.write(Data(keys.utf8))
            typed = true
        }
    }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: screen, as: UTF8.self))
}

@Test("on a terminal watch takes the full screen, draws the cards, quits on q and restores the terminal",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pseudoTerminal), "no /usr/bin/script (util-linux) for a pseudo-terminal"),
      arguments: ["q", "\u{03}"])
func watchOnTerminal(key: String) throws {
    let command = "trap : INT; stty -g; \(mi50fanBinary.path) watch --root \(fixture) --config /nonexistent --interval 200ms; echo exit=$?; stty -g"
    guard let (status, screen) = try onTerminal(command, keys: key, after: "q or Ctrl-C to quit") else { return }
    #expect(status == 0)
    #expect(screen.contains("\u{1B}[?1049h"), "alternate screen entered")
    #expect(screen.contains("gpu1  0000:44:00.0  THROTTLING: power"))
    #expect(screen.contains("junction    46 °C"))
    #expect(screen.contains("\u{1B}[?25h\u{1B}[?1049l"), "cursor and screen restored")
    #expect(screen.contains("exit=0"))
    let settings = screen.matches(of: /[0-9a-f]+(:[0-9a-f]+){30,}/).map { String($0.output.0) }
    #expect(settings.count == 2 && settings.first == settings.last, "stty settings are back as they were")
}
