import Foundation
import Testing
import Simulator

@Test("config check accepts every shipped curve and example config")
func acceptsShippedFiles() throws {
    let curves = repositoryRoot.appendingPathComponent("curves").path
    let files = try FileManager.default.contentsOfDirectory(atPath: curves).filter { $0.hasSuffix(".yaml") }.map { curves + "/" + $0 }
    let examples = repositoryRoot.appendingPathComponent("docs/examples/config.yaml").path
    let result = try runMI50Fan(["config", "check", "--curves-dir", curves, examples] + files)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("config.yaml: ok (config)"))
    #expect(result.stdout.contains("mi50-blower-balanced.yaml: ok (curve)"))
}

@Test("config check rejects a broken file with every problem, positions and fixes, and exit 1")
func rejectsBrokenFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("x.yaml").path
    try "points:\n  - [40, 30%]\n  - [75, 60%]\n  - [70, 70%]\nsmoothing: soon\n".write(toFile: path, atomically: true, encoding: .utf8)
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let result = try runMI50Fan(["config", "check", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(path):4:5: error: points must rise in temperature: 70 after 75"))
    #expect(result.stderr.contains("\(path):5:12: error: smoothing `soon` is not a duration"))
    #expect(result.stderr.contains("fix: put the points in order of temperature"))
    #expect(result.stderr.contains("2 problems"))
    #expect(result.stdout.isEmpty)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "checking changes nothing")
}

@Test("config check on a missing file says so and what to do")
func missingFile() throws {
    let result = try runMI50Fan(["config", "check", "/nonexistent/mi50fan.yaml"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("/nonexistent/mi50fan.yaml:1:1: error: no such file"))
    #expect(result.stderr.contains("mi50fan detect --write"))
}

@Test("detect on the fixture lists cards, headers and chips, and its starting config validates")
func detectFixture() throws {
    let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/two-gpus-nct6798").path
    let result = try runMI50Fan(["detect", "--root", fixture])
    #expect(result.status == 0)
    #expect(result.stdout.contains("0000:44:00.0  AMD Instinct MI50/MI60 (Vega20)  [1002:66a1]"))
    #expect(result.stdout.contains("edge 45°C (crit 100)  junction 46°C (crit 110)  mem 44°C (crit 95)"))
    #expect(result.stdout.contains("pwm2  128 (50%)  mode automatic (5)  fan2 2350 RPM"))
    #expect(result.stdout.contains("gpiochip0 [fake-fan-gpio] 8 lines"))
    #expect(result.stdout.contains("1c21400.pwm (pwmchip0) 2 channels"))

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-detect-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("config.yaml").path
    let rules = directory.appendingPathComponent("71-mi50fan-outputs.rules").path
    let written = try runMI50Fan(["detect", "--root", fixture, "--write", "--config", config, "--udev-rules", rules])
    #expect(written.status == 0, "\(written.stderr)")
    // The rules grant the one header the written config names.
    let header = try #require(try String(contentsOfFile: config, encoding: .utf8).firstMatch(of: /hwmon: \{chip: nct6798, pwm: (\d)\}/)?.1)
    let granted = (try? String(contentsOfFile: rules, encoding: .utf8)) ?? ""
    #expect(granted.contains("/sys%p/pwm\(header) /sys%p/pwm\(header)_enable"), "\(granted)")
    #expect(granted.components(separatedBy: "RUN+=\"/bin/chgrp").count == 2)
    let check = try runMI50Fan(["config", "check", "--curves-dir", repositoryRoot.appendingPathComponent("curves").path, config])
    #expect(check.status == 0, "\(check.stderr)")
    let again = try runMI50Fan(["detect", "--root", fixture, "--write", "--config", config])
    #expect(again.status == 1, "an existing config is never overwritten without --force")
    #expect(again.stderr.contains("--force"))
}

@Test("detect on a machine with no Super I/O chip says which module to load")
func detectNoChip() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty.appendingPathComponent("sys/class/hwmon"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let result = try runMI50Fan(["detect", "--root", empty.path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("modprobe nct6775"))
    #expect(result.stdout.contains("modprobe it87"))
}

@Test("shell completions come from the parser and know every command", arguments: ["bash", "zsh", "fish"])
func completions(shell: String) throws {
    let result = try runMI50Fan(["--generate-completion-script", shell])
    #expect(result.status == 0)
    for command in ["status", "watch", "curve", "calibrate", "detect", "simulate", "run", "release"] {
        #expect(result.stdout.contains(command), "\(shell) completion lacks \(command)")
    }
}

@Test("config check finds two fans on one output on the machine --root names")
func configCheckFindsSharedOutput() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-check-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
    machine.build()
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let path = SimulatedMachine.configPath(root: root)
    #expect(try runMI50Fan(["config", "check", "--root", root, path]).status == 0)
    let second = "  - name: second\n    output:\n      hwmon: {chip: nct6798, device: platform/nct6775.656, pwm: 2}\n    curve: mi50-blower-quiet\n    sensors: [mi50.edge]\n"
    let before = try String(contentsOfFile: path, encoding: .utf8)
    try (before + second).write(toFile: path, atomically: true, encoding: .utf8)
    let result = try runMI50Fan(["config", "check", "--root", root, path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("fans blower and second both drive nct6798"))
    // The second fan's `output:` is the second line added, indented by four.
    let outputLine = before.filter { $0 == "\n" }.count + 2
    #expect(result.stderr.contains("\(path):\(outputLine):5: error: fans blower and second"), "\(result.stderr)")
    let named = try runMI50Fan(["config", "check", "--root", root, "--config", path])
    #expect(named.status == 1, "--config names the file as for every other command")
    #expect(named.stderr.contains("fans blower and second both drive nct6798"))
}
