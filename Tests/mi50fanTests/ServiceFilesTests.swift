import Foundation
import Testing
import TestSupport

private let unit = repositoryRoot.appendingPathComponent("systemd/mi50fan.service").path
private let rules = repositoryRoot.appendingPathComponent("udev/70-mi50fan.rules").path

/// The unit with its binary path pointed at the built binary, as `make install` does.
private func installedUnit() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-unit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let text = try String(contentsOfFile: unit, encoding: .utf8).replacingOccurrences(of: "/usr/local/bin/mi50fan", with: mi50fanBinary.path)
    let path = directory.appendingPathComponent("mi50fan.service").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Whether systemd-analyze is here to check the unit.
private let haveSystemdAnalyze = MachineRequirement.runs(MachineRequirement.systemdAnalyze)

@Test("systemd-analyze verify accepts the unit without a single warning", .enabled(if: haveSystemdAnalyze, "no systemd-analyze on this machine"))
func unitVerifies() throws {
    let path = try installedUnit()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let result = try runTool("/usr/bin/systemd-analyze", ["verify", path])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty, "systemd-analyze only warns on unknown keys: \(result.stderr)")
}

@Test("the unit is hardened: systemd-analyze security rates it SAFE, exposure 0.4 or less", .enabled(if: haveSystemdAnalyze, "no systemd-analyze on this machine"))
func unitExposure() throws {
    let path = try installedUnit()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let result = try runTool("/usr/bin/systemd-analyze", ["security", "--offline=true", path])
    let line = try #require((result.stdout + result.stderr).split(separator: "\n").first { $0.contains("Overall exposure level") })
    #expect(line.contains("SAFE"), "\(line)")
    // 0.5 before UMask=0077 and PrivateUsers=yes; it must not creep back up.
    let exposure = line.split(separator: " ").compactMap { Double($0) }.first
    #expect(exposure.map { $0 <= 0.4 } == true, "\(line)")
}

@Test("the unit has what the service relies on")
func unitContents() throws {
    let text = try String(contentsOfFile: unit, encoding: .utf8)
    for line in ["Type=notify", "ExecStart=/usr/local/bin/mi50fand --config /etc/mi50fan/config.yaml", "WatchdogSec=", "ExecReload=/bin/kill -HUP $MAINPID", "ExecStopPost=/usr/local/bin/mi50fan release",
                 "Restart=on-failure", "RestartPreventExitStatus=78", "User=mi50fan", "ProtectSystem=strict", "NoNewPrivileges=yes",
                 "SystemCallFilter=@system-service", "PrivateNetwork=yes", "RuntimeDirectory=mi50fan", "UMask=0077", "PrivateUsers=yes",
                 "DevicePolicy=closed", "DeviceAllow=char-gpiochip rw"] {
        #expect(text.contains(line), "missing \(line)")
    }
}

/// The operators udev accepts, longest first.
private let operators = ["==", "!=", "+=", "-=", ":=", "="]
private let matchKeys: Set<String> = ["ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM", "SUBSYSTEMS",
                                      "DRIVER", "DRIVERS", "ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TAG", "TAGS", "TEST", "PROGRAM", "RESULT"]
private let assignKeys: Set<String> = ["NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV", "TAG",
                                       "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS"]

/// Checks one rule line the way udev parses it; returns the problems found.
func udevProblems(in line: String) -> [String] {
    var problems: [String] = []
    var rest = Substring(line)
    while !rest.isEmpty {
        rest = rest.drop { $0 == " " || $0 == "," }
        guard !rest.isEmpty else { break }
        let keyEnd = rest.firstIndex { "=!+-:".contains($0) } ?? rest.endIndex
        let fullKey = String(rest[..<keyEnd])
        let key = String(fullKey.prefix { $0 != "{" })
        if fullKey.contains("{") && !fullKey.hasSuffix("}") { problems.append("`\(fullKey)`: unclosed {") }
        rest = rest[keyEnd...]
        guard let op = operators.first(where: { rest.hasPrefix($0) }) else {
            problems.append("`\(fullKey)`: no operator")
            break
        }
        rest = rest.dropFirst(op.count)
        let isMatch = op == "==" || op == "!="
        if isMatch && !matchKeys.contains(key) { problems.append("`\(key)` cannot be matched") }
        if !isMatch && !assignKeys.contains(key) { problems.append("`\(key)` cannot be assigned") }
        guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else {
            problems.append("`\(fullKey)`: value not in double quotes")
            break
        }
        let value = rest[rest.index(after: rest.startIndex)..<close]
        if key == "RUN" && !value.hasPrefix("/") { problems.append("RUN needs an absolute program path") }
        rest = rest[rest.index(after: close)...]
        if let next = rest.first, next != "," { problems.append("expected `,` after `\(fullKey)`") }
    }
    return problems
}

/// Whether this udevadm can lint rules (`udevadm verify`, systemd 254 and later).
private let udevadmVerifies: Bool = {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/udevadm"),
          let help = try? runTool("/usr/bin/udevadm", ["--help"]) else { return false }
    return help.stdout.contains("verify")
}()

/// Checks every rule line of `text`, and lints the file with `udevadm verify` where it can.
private func expectValidRules(_ text: String, file: String) throws {
    let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    #expect(!lines.isEmpty)
    for (index, line) in lines.enumerated() {
        #expect(udevProblems(in: line).isEmpty, "rule \(index + 1): \(udevProblems(in: line))")
    }
    if udevadmVerifies {
        let verified = try runTool("/usr/bin/udevadm", ["verify", "--no-style", file])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}

@Test("the shipped udev rules parse, start the service with the card, and grant no write access")
func udevRulesParse() throws {
    let text = try String(contentsOfFile: rules, encoding: .utf8)
    try expectValidRules(text, file: rules)
    #expect(text.contains("SYSTEMD_WANTS}+=\"mi50fan.service\""))
    #expect(text.contains("0x66a1"))
    let grants = text.split(separator: "\n").filter { !$0.hasPrefix("#") && ["chgrp", "chmod", "GROUP=", "MODE="].contains(where: $0.contains) }
    #expect(grants.isEmpty, "\(grants)")
}

@Test("detect --udev-rules writes valid rules for the config's one header only")
func generatedUdevRules() throws {
    let workspace = try CurveWorkspace()
    let fixture = workspace.directory + "/machine"
    _ = try runTool("/bin/cp", ["-a", repositoryRoot.appendingPathComponent("Tests/Fixtures/two-gpus-nct6798").path, fixture])
    let output = workspace.directory + "/71-mi50fan-outputs.rules"
    let result = try workspace.run(["detect", "--root", fixture, "--udev-rules", output])
    #expect(result.status == 0, "\(result.stderr)")
    let text = try String(contentsOfFile: output, encoding: .utf8)
    try expectValidRules(text, file: output)
    #expect(text.contains("DEVPATH==\"/devices/platform/nct6775.656/hwmon/hwmon*\""))
    #expect(text.contains("/sys%p/pwm2 /sys%p/pwm2_enable"))
    #expect(!text.contains("pwm[0-9]") && !text.contains("pwm1") && !text.contains("gpiochip"))
}

@Test("the rule checker itself catches broken rules", arguments: [
    "ACTION==\"add\" SUBSYSTEM==\"hwmon\"", "ACTON==\"add\"", "ACTION=\"add", "RUN+=\"chmod g+w x\"", "MODE==\"0660\"", "ATTR{name==\"x\"",
])
func ruleCheckerFindsProblems(line: String) {
    #expect(!udevProblems(in: line).isEmpty)
}
