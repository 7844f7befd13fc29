import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Test("the fan service binary links no Foundation: nothing of it is in the file")
func serviceBinaryWithoutFoundation() throws {
    let bytes = try Data(contentsOf: mi50fandBinary)
    for marker in ["10Foundation", "libFoundation", "ArgumentParser", "4Yams"] {
        #expect(bytes.range(of: Data(marker.utf8)) == nil, "mi50fand holds \(marker)")
    }
    // The same search finds Foundation in the CLI, so it can fail.
    #expect(try Data(contentsOf: mi50fanBinary).range(of: Data("10Foundation".utf8)) != nil)
}

@Test("mi50fand answers --help and --version, and refuses an unknown argument with exit 64 and what to do")
func serviceBinaryCommandLine() throws {
    let help = try runTool(mi50fandBinary.path, ["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("--config <path>") && help.stdout.contains("--state-dir <dir>"))
    let version = try runTool(mi50fandBinary.path, ["--version"])
    #expect(version.status == 0 && version.stdout.hasPrefix("mi50fand "))
    let wrong = try runTool(mi50fandBinary.path, ["--confg", "x"])
    #expect(wrong.status == 64)
    #expect(wrong.stderr == "mi50fand: unknown argument `--confg`; `mi50fand --help` lists the options\n")
}

@Test("mi50fand and mi50fan run are one service: each refuses to start while the other runs, and both give the header back")
func serviceBinaryAndRunShareTheLock() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    #expect(harness.read(harness.chip + "/pwm2_enable") == "1")
    let second = try runMI50Fan(["run", "--root", harness.root, "--config", harness.configPath])
    #expect(second.status == 75)
    harness.signal(SIGTERM)
    #expect(harness.finish().0 == 0)
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "the firmware's mode is back")

    let viaCLI = try DaemonHarness()
    try viaCLI.start(viaCLI: true)
    #expect(viaCLI.waitForNotify { $0.contains("READY=1") } != nil)
    let service = try runTool(mi50fandBinary.path, ["--root", viaCLI.root, "--config", viaCLI.configPath])
    #expect(service.status == 75)
    #expect(service.stderr.contains("another mi50fan is already running"))
    viaCLI.signal(SIGTERM)
    #expect(viaCLI.finish().0 == 0)
}

@Test("mi50fand takes SIGUSR1, SIGUSR2, SIGALRM and SIGPIPE without dying, and gives the header back on SIGQUIT")
func serviceBinaryOtherSignals() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    for number in [SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE] { harness.signal(number) }
    #expect(harness.waitForNotify { $0.contains("WATCHDOG=1") } != nil, "still ticking")
    #expect(harness.process?.isRunning == true)
    harness.signal(SIGQUIT)
    #expect(harness.finish().0 == 0)
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "the firmware's mode is back")
}

@Test("status reads a forged status file with numbers out of any range without crashing")
func statusWithForgedNumbers() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    harness.signal(SIGSTOP)
    defer { harness.signal(SIGCONT); harness.signal(SIGTERM); _ = harness.finish() }
    var text = harness.read(harness.statusPath)
    for (key, forged) in [("\"started\" : ", "-1e300"), ("\"dutyPercent\" : ", "1e300"), ("\"junction\" : ", "1e999")] {
        guard let range = text.range(of: key) else {
            Issue.record("the status file has no \(key): nothing forged, so the test would prove nothing")
            continue
        }
        let valueEnd = text[range.upperBound...].firstIndex(where: { $0 == "," || $0 == "\n" || $0 == "}" }) ?? text.endIndex
        text.replaceSubrange(range.upperBound..<valueEnd, with: forged)
    }
    try harness.write(text, to: harness.statusPath)
    let status = try runMI50Fan(["status", "--root", harness.root, "--config", harness.configPath])
    #expect((0...9).contains(status.status), "exit \(status.status): \(status.stderr)")
}
