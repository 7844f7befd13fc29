import Benchmark
import Bench
import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import Simulator

/// A controller with 3 sensors and 2 fans, as on a card with a blower and a chassis fan.
func makeController() -> Controller {
    let curve = FanCurve(shape: .linear([CurvePoint(celsius: 40, percent: 25), CurvePoint(celsius: 70, percent: 60),
                                         CurvePoint(celsius: 88, percent: 100)]),
                         critical: Temperature(celsius: 95), hysteresis: Hysteresis(deadband: 3, spinDownDelay: TimeSpan(seconds: 15), minimumStep: 0.02),
                         smoothing: DownSmoothing(timeConstant: TimeSpan(seconds: 10)))
    let plan = ControlPlan(
        sensors: [SensorSpec(name: "mi50.edge", kind: .temperature), SensorSpec(name: "mi50.junction", kind: .temperature),
                  SensorSpec(name: "mi50.mem", kind: .temperature)],
        fans: [FanPlan(name: "blower", selections: [SensorSelection(name: "j", sensors: [1], curve: curve),
                                                    SensorSelection(name: "m", sensors: [2], curve: curve)],
                       limits: FanLimits(minimum: Duty(percent: 25), startDuty: Duty(percent: 40), kickTime: TimeSpan(seconds: 2))),
               FanPlan(name: "chassis", selections: [SensorSelection(name: "e", sensors: [0], curve: curve)])])
    return Controller(plan: plan)
}

/// A virtual MI50's tree on tmpfs (/dev/shm when there is one) and the real control loop over it.
final class TreeFixture {
    let root: String
    let run: SimulatedRun
    init() throws {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        root = base + "/mi50fan-bench-\(getpid())-\(UUID().uuidString)"
        run = try SimulatedRun(root: root, profile: .inference, curve: "mi50-blower-balanced", seed: 1)
        for _ in 0..<30 { run.step() }
    }
    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// The files one control tick reads and writes, for the floor loop.
    var files: [String] {
        let hwmon = run.card.layout.gpuHwmonPath, chip = run.card.layout.chipPath
        return [hwmon + "/temp2_input", hwmon + "/temp3_input", chip + "/pwm2", chip + "/pwm2_enable", chip + "/fan2_input"]
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(2))

    Benchmark("Harness: an empty loop (its own allocations and syscalls)") { benchmark in
        for iteration in benchmark.scaledIterations { blackHole(iteration) }
    }

    // A thousand ticks per measurement, so that allocations per tick read as mallocs / 1000
    // beside the harness's own.
    Benchmark("Controller.tick x1000 (3 sensors, 2 fans)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var controller = makeController()
        var time = 0.0
        var readings: [Reading] = [.value(60, at: Timestamp(seconds: 0)), .value(75, at: Timestamp(seconds: 0)), .value(66, at: Timestamp(seconds: 0))]
        for _ in 0..<10 { time += 1; blackHole(controller.tick(readings: readings, now: Timestamp(seconds: time)).count) }
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            time += 1
            let wobble = Double(iteration % 7)
            readings[1] = .value(70 + wobble, at: Timestamp(seconds: time))
            blackHole(controller.tick(readings: readings, now: Timestamp(seconds: time)).count)
        }
    }

    Benchmark("Full control tick on a tmpfs tree (read, decide, write)") { benchmark in
        let fixture = try TreeFixture()
        var time = fixture.run.card.time
        // The simulator's last step replaced the files: the first ticks open them again.
        for _ in 0..<3 { time += 1; blackHole(fixture.run.loop.tick(now: Timestamp(seconds: time)).decisions.count) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            time += 1
            blackHole(fixture.run.loop.tick(now: Timestamp(seconds: time)).decisions.count)
        }
        benchmark.stopMeasurement()   // before the tree is removed
    }

    Benchmark("Floor: the same files with open/pread/close, no parsing") { benchmark in
        let fixture = try TreeFixture()
        let files = fixture.files
        var buffer = [UInt8](repeating: 0, count: 64)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for file in files {
                let descriptor = open(file, O_RDONLY)
                blackHole(pread(descriptor, &buffer, buffer.count, 0))
                close(descriptor)
            }
        }
        benchmark.stopMeasurement()
    }

    Benchmark("Floor: the same files with pread on kept descriptors") { benchmark in
        let fixture = try TreeFixture()
        let descriptors = fixture.files.map { open($0, O_RDONLY) }
        var buffer = [UInt8](repeating: 0, count: 64)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for descriptor in descriptors { blackHole(pread(descriptor, &buffer, buffer.count, 0)) }
        }
        benchmark.stopMeasurement()
        descriptors.forEach { close($0) }
    }

    Benchmark("Floor: the same files with fstat + pread on kept descriptors (a fixture tree's handles)") { benchmark in
        let fixture = try TreeFixture()
        let descriptors = fixture.files.map { open($0, O_RDONLY) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var status = stat()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for descriptor in descriptors {
                blackHole(fstat(descriptor, &status))
                blackHole(pread(descriptor, &buffer, buffer.count, 0))
            }
        }
        benchmark.stopMeasurement()
        descriptors.forEach { close($0) }
    }

    Benchmark("Telemetry sample (one card, every file, kept descriptors)") { benchmark in
        let fixture = try TreeFixture()
        let root = fixture.run.card.root
        let sampler = TelemetrySampler(root: root, cards: TelemetrySampler.cards(root: root, config: nil, slot: nil), config: nil)
        blackHole(sampler.sample(at: 0))   // opens the files
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations { blackHole(sampler.sample(at: Double(iteration))) }
        benchmark.stopMeasurement()
    }

    Benchmark("gpu_metrics decode (v1.0)") { benchmark in
        let blob = GPUMetrics.encodeV1_0(edge: 60, hotspot: 78, mem: 66, gfxActivity: 97, gfxClock: 1725, memClock: 1000, throttleStatus: 0x2000)
        for _ in benchmark.scaledIterations { blackHole(try? GPUMetrics.decode(blob).get()) }
    }

    Benchmark("pp_dpm_sclk parse (9 levels, bytes as read)") { benchmark in
        let bytes = Array("0: 925Mhz \n1: 930Mhz \n2: 1032Mhz \n3: 1143Mhz \n4: 1282Mhz \n5: 1386Mhz \n6: 1485Mhz \n7: 1606Mhz *\n8: 1725Mhz \n".utf8)
        for _ in benchmark.scaledIterations { blackHole(DPMLevels.parse(bytes: bytes)) }
    }
}
