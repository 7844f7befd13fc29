import Foundation
import JSONText
@testable import Service
import StatusSchema
import Testing

extension StatusJSON {
    /// The whole file as text, as the daemon writes it (``bytes(of:)``).
    static func render(_ status: ServiceStatus) -> String { String(decoding: bytes(of: status), as: UTF8.self) }
}

private func sampleStatus(name: String = "mi50", why: String = "curve at 62 °C") -> ServiceStatus {
    let card = ServiceStatus.Card(
        name: name, pciSlot: "0000:44:00.0", temperatures: ["edge": 45, "junction": 61.5, "mem": 44],
        faults: ["mem": "read failed: Input/output error"], critical: ["junction": 110], emergency: [:],
        powerWatts: 19.25, powerCapWatts: 225, sclkMHz: 930, mclkMHz: nil, busyPercent: 0,
        vramUsedBytes: 17_179_869_184, vramTotalBytes: nil, throttle: ["power", "thermal-junction"])
    let fans = [
        ServiceStatus.Fan(name: "blower", output: "nct6798 pwm2", dutyPercent: 34.5, rpm: 2140, mode: "curve",
                          curve: "mi50-blower-balanced", why: why, stalled: false, error: nil),
        ServiceStatus.Fan(name: "gpio", output: nil, dutyPercent: 100, rpm: nil, mode: "no output",
                          curve: nil, why: "", stalled: true, error: "pwm: Permission denied"),
    ]
    return ServiceStatus(pid: 4242, started: 1_795_000_000.125, config: "/etc/mi50fan/config.yaml", intervalSeconds: 0.1,
                         cards: [card], fans: fans, faults: ["mi50.mem: read failed"], reloadError: nil,
                         failSafeEvents: ["blower": 2])
}

@Test("the hand-written status file reads back as the status it was written from", arguments: [
    ("mi50", "curve at 62 °C"),
    ("card \"one\"", "a\\b\nc\td\r\u{01}\u{1F} ünïcödé 🌡"),
    ("", ""),
])
func statusJSONRoundTrips(name: String, why: String) throws {
    let status = sampleStatus(name: name, why: why)
    let text = StatusJSON.render(status)
    #expect(text.hasSuffix("}\n"))
    let decoded = try JSONDecoder().decode(ServiceStatus.self, from: Data(text.utf8))
    #expect(decoded == status)
}

@Test("the status file written field by field is the text the one JSON writer encodes from the schema")
func statusJSONMatchesEncoder() throws {
    var status = sampleStatus()
    status.reloadError = "reload failed"
    #expect(StatusJSON.render(status) == (try JSONWriter.encode(status)))
    status.cards[0].emergency = ["junction": 115]
    #expect(StatusJSON.render(status) == (try JSONWriter.encode(status)))
}

@Test("numbers JSON cannot spell are null, and left out of dictionaries")
func statusJSONNonFinite() throws {
    var status = sampleStatus()
    status.cards[0].powerWatts = .nan
    status.cards[0].temperatures["edge"] = .infinity
    let decoded = try JSONDecoder().decode(ServiceStatus.self, from: Data(StatusJSON.render(status).utf8))
    #expect(decoded.cards[0].powerWatts == nil)
    #expect(decoded.cards[0].temperatures == ["junction": 61.5, "mem": 44])
}

@Test("the status shows a new RPM only when the tach moved by more than its jitter", arguments: [
    (1130 as Int?, 1126 as Int?, 1126 as Int?), (1140, 1126, 1140), (1112, 1126, 1112), (1120, nil, 1120),
    (nil, 1126, nil), (0, 1126, 0), (3010, 3000, 3000), (3031, 3000, 3031), (5, 1, 1), (12, 1, 12),
])
func displayedRPM(reading: Int?, shown: Int?, displayed: Int?) {
    #expect(StatusBuilder.displayedRPM(reading, shown: shown) == displayed)
}
