import FanControl
import Foundation
@testable import Hardware
import Testing

@Test("the MI50's gpu_metrics v1.0 blob decodes to the documented values")
func realBlob() throws {
    let fixture = try FixtureRoot()
    let bytes = try fixture.root.readBytes(fixture.path + "/sys/devices/" + mi50Device + "/gpu_metrics").get()
    let metrics = try GPUMetrics.decode(bytes).get()
    #expect(metrics.formatRevision == 1 && metrics.contentRevision == 0)
    #expect(metrics.edge == 62 && metrics.hotspot == 78 && metrics.mem == 66)
    #expect(metrics.gfxActivity == 97)
    #expect(metrics.currentGfxClock == 1725)
    #expect(metrics.throttleStatus == 0x2000)
    #expect(metrics.throttleReasons == .power)
}

private let vega20Bits: [(UInt32, ThrottleReasons)] = [
    (0, []), (1 << 2, .thermalJunction), (0b1010, [.thermalEdge, .thermalMemory]),
    (1 << 13, .power), (1 << 11, .current), (1 << 5, .thermalRegulator), (1 << 9, .thermalOther), (1 << 15, .other),
]

@Test("v1.0 encode and decode agree, and Vega20's throttle bits map to reasons", arguments: vega20Bits)
func roundTrip(status: UInt32, reasons: ThrottleReasons) throws {
    let blob = GPUMetrics.encodeV1_0(edge: 70, hotspot: 95, mem: 80, gfxActivity: 100, gfxClock: 1400, memClock: 1000,
                                     throttleStatus: status)
    let metrics = try GPUMetrics.decode(blob).get()
    #expect(metrics.hotspot == 95 && metrics.edge == 70 && metrics.mem == 80 && metrics.currentMemClock == 1000)
    #expect(metrics.throttleReasons == reasons)
}

@Test("other layouts: 1.1-1.3 decoded at their offsets, unknown versions unavailable, garbage refused")
func otherVersions() throws {
    var v13 = [UInt8](repeating: 0, count: 120)
    v13[0] = 120; v13[2] = 1; v13[3] = 3
    v13[4] = 50; v13[6] = 85; v13[8] = 70          // edge, hotspot, mem
    v13[54] = 0xD0; v13[55] = 0x07                 // 2000 MHz
    v13[112 + 4] = 0x10                            // bit 36: hotspot
    let metrics = try GPUMetrics.decode(v13).get()
    #expect(metrics.hotspot == 85 && metrics.currentGfxClock == 2000)
    #expect(metrics.throttleReasons == .thermalJunction)

    var v21 = [UInt8](repeating: 0, count: 120)
    v21[0] = 120; v21[2] = 2; v21[3] = 1
    #expect(GPUMetrics.decode(v21).failure == .unsupported(format: 2, content: 1))
    #expect(GPUMetrics.decode([1, 2]).failure == .tooShort(2))
    var short = GPUMetrics.encodeV1_0(edge: 1, hotspot: 1, mem: 1, gfxActivity: 1, gfxClock: 1, memClock: 1, throttleStatus: 0)
    short.removeLast(10)
    #expect(GPUMetrics.decode(short).failure == .sizeMismatch(header: 80, read: 70, expected: 80))
    #expect(GPUMetrics.decode([UInt8](repeating: 0xFF, count: 80)).failure != nil)
}

@Test("pp_dpm_* files", arguments: [
    ("0: 925Mhz \n1: 930Mhz *\n2: 1725Mhz \n", [925, 930, 1725], 1 as Int?, false),
    ("0: 350Mhz *\n1: 800Mhz \n2: 1000Mhz \n", [350, 800, 1000], 0, false),
    ("0: 925Mhz \n1: 1725Mhz \n", [925, 1725], nil, false),
    ("0: 1725Mhz * (DPM disabled)\n", [1725], 0, true),
    ("0: 2.5GT/s, x16 619Mhz \n1: 16.0GT/s, x16 619Mhz *\n", [619, 619], 1, false),
    (" 1 : 800MHZ\n0:  350mhz   *  \nnoise\n3: 12Mhzz\n2: Mhz\n", [350, 800], 0, false),
    ("1: 930Mhz *", [0, 930], 1, false),
])
func dpm(text: String, levels: [Int], current: Int?, disabled: Bool) throws {
    let parsed = try #require(DPMLevels.parse(text))
    #expect(parsed.levels == levels)
    #expect(parsed.current == current)
    #expect(parsed.disabled == disabled)
}

@Test("pp_dpm garbage gives nothing", arguments: ["", "garbage\n", "x: 5Mhz\n", "64: 925Mhz\n", "0 925Mhz\n", ":\n", "0:\n"])
func dpmGarbage(text: String) { #expect(DPMLevels.parse(text) == nil) }

@Test("telemetry of the MI50 fixture")
func telemetry() throws {
    let fixture = try FixtureRoot()
    let gpu = try GPUDiscovery.find(.pciSlot("0000:44:00.0"), in: GPUDiscovery(root: fixture.root).scan()).get()
    let telemetry = TelemetryReader(root: fixture.root).read(gpu)
    #expect(telemetry.junction == 46 && telemetry.power == 19 && telemetry.powerCap == 225)
    #expect(telemetry.sclk == 938 && telemetry.mclk == 350)
    #expect(telemetry.sclkLevels?.currentMHz == 930 && telemetry.sclkLevels?.maximumMHz == 1725)
    #expect(telemetry.vramTotal == 17_163_091_968)
    #expect(telemetry.throttleReasons == .power)
    let vega = try GPUDiscovery.find(.pciSlot("0000:0b:00.0"), in: GPUDiscovery(root: fixture.root).scan()).get()
    let other = TelemetryReader(root: fixture.root).read(vega)
    #expect(other.metrics == nil)
    #expect(other.metricsUnavailable == "unavailable (sensor file missing)")
}

@Test("a card reader that keeps its files open sees every change, in place or by a new file")
func keptTelemetryReader() throws {
    let fixture = try FixtureRoot()
    let gpu = try GPUDiscovery.find(.pciSlot("0000:44:00.0"), in: GPUDiscovery(root: fixture.root).scan()).get()
    let reader = CardTelemetryReader(root: fixture.root, device: gpu)
    #expect(reader.read() == TelemetryReader(root: fixture.root).read(gpu), "the same values as a one-off read")
    try fixture.write(mi50Hwmon + "/temp2_input", "91000\n")   // in place
    let device = "sys/devices/" + mi50Device
    try FileManager.default.removeItem(atPath: fixture.path + "/" + device + "/pp_dpm_sclk")   // a new file
    try fixture.write(device + "/pp_dpm_sclk", "0: 925Mhz \n1: 1725Mhz *\n")
    let blob = GPUMetrics.encodeV1_0(edge: 70, hotspot: 91, mem: 80, gfxActivity: 100, gfxClock: 1400, memClock: 1000,
                                     throttleStatus: 1 << 2)
    try Data(blob).write(to: URL(fileURLWithPath: fixture.path + "/" + device + "/gpu_metrics"))
    let after = reader.read()
    #expect(after.junction == 91)
    #expect(after.sclkLevels?.currentMHz == 1725)
    #expect(after.throttleReasons == .thermalJunction)
    try FileManager.default.removeItem(atPath: fixture.path + "/" + device + "/gpu_metrics")
    #expect(reader.read().metricsUnavailable == "unavailable (sensor file missing)")
}
