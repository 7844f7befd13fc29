import Foundation
import Testing

/// Runs `mi50fan` against the emulated GPIO chip; nil (with the reason printed) where the
/// mock cannot run on this machine.
private func underGPIOMock(_ arguments: [String]) throws -> (CommandResult, [String])? {
    let python = "/usr/bin/python3"
    guard FileManager.default.isExecutableFile(atPath: python) else {
        print("skipped: no /usr/bin/python3 for the gpiochip mock")
        return nil
    }
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-gpio-\(UUID().uuidString).log").path
    defer { try? FileManager.default.removeItem(atPath: log) }
    let mock = repositoryRoot.appendingPathComponent("Tests/Support/gpiochip-mock.py").path
    let result = try runTool(python, [mock, log, mi50fanBinary.path] + arguments)
    if result.status == 77 {
        print("skipped: the gpiochip mock needs umockdev and python3-gi: \(result.stderr)")
        return nil
    }
    let events = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    return (result, events)
}

@Test("libgpiod drives a line for real: requested on (safe), switched, read back, released on")
func switchLine() throws {
    guard let (result, events) = try underGPIOMock(["gpio", "gpiochip0", "3", "off"]) else { return }
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("gpiochip0 line 3: set off, reads back off"))
    #expect(events == ["request [3] output=1 values=[1] consumer=mi50fan", "set line 3 = 0", "set line 3 = 1", "final 3=1"])
}

@Test("an active-low line is low while the fan runs")
func activeLow() throws {
    guard let (result, events) = try underGPIOMock(["gpio", "gpiochip0", "5", "off", "--active-low"]) else { return }
    #expect(result.status == 0, "\(result.stderr)")
    #expect(events.first == "request [5] output=1 values=[0] consumer=mi50fan")
    #expect(events.last == "final 5=0")
}

@Test("detect asks libgpiod for the chip's label and line count")
func detectGPIOChip() throws {
    guard let (result, _) = try underGPIOMock(["detect", "--json"]) else { return }
    struct Inventory: Decodable {
        struct Chip: Decodable { var name: String; var label: String; var lines: Int }
        var gpioChips: [Chip]
    }
    let inventory = try JSONDecoder().decode(Inventory.self, from: Data(result.stdout.utf8))
    #expect(inventory.gpioChips.map(\.label) == ["mi50fan-test-gpio"])
    #expect(inventory.gpioChips.first?.lines == 8)
}

@Test("a line the chip does not have is an error that says what to check")
func badLine() throws {
    guard let (result, _) = try underGPIOMock(["gpio", "gpiochip0", "99", "on"]) else { return }
    #expect(result.status == 1)
    #expect(result.stderr.contains("GPIO gpiochip0 line 99"))
    #expect(result.stderr.contains("gpioinfo"))
}
