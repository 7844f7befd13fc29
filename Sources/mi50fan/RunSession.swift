import Bench
import ConfigFiles
import FanControl
import Foundation
import Hardware
import Synchronization

/// What `stress` and `bench` share: the sampler running beside the load, and the run
/// directory written at the end.
final class RunSession: Sendable {
    let recorder = RunRecorder()
    let origin = monotonicSeconds()
    let started = ISO8601DateFormatter().string(from: Date())
    let sampler: TelemetrySampler
    let rate: Double
    let loaded: LoadedConfig?
    private let stopped = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(global: GlobalOptions, rate: Double, slot: String?) throws {
        guard rate > 0, rate <= 1000 else { throw CurveFailure("--rate must be 1 to 1000 Hz") }
        self.rate = rate
        loaded = try? ConfigLoader.load(path: global.config).get()
        let cards = TelemetrySampler.cards(root: global.sysfsRoot, config: loaded, slot: slot)
        if let slot, cards.isEmpty { throw CurveFailure("no amdgpu card at \(slot); `mi50fan detect` lists them") }
        sampler = TelemetrySampler(root: global.sysfsRoot, cards: cards, config: loaded)
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Seconds since the run started.
    var now: Double { monotonicSeconds() - origin }

    func startSampling() {
        let loop = Task.detached { [self] in
            await SamplingLoop.run(sampler: sampler, rate: rate, origin: origin, recorder: recorder) { self.isStopped }
        }
        task.withLock { $0 = loop }
    }

    /// Stops sampling and writes the run directory.
    func finish(kind: String, label: String, settings: [String: String], exitStatus: Int32?, interrupted: Bool? = nil, server: ServerMetadata? = nil, to directory: String) async throws -> RunReport {
        stopped.store(true, ordering: .relaxed)
        await task.withLock { $0 }?.value
        let samples = await recorder.samples
        let end = now
        var uts = utsname()
        uname(&uts)
        func field<T>(_ value: T) -> String { withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) } }
        let costs = await recorder.samplingSeconds
        let report = RunReport(
            kind: kind, label: label, started: started, duration: end, settings: settings,
            machine: ["hostname": field(uts.nodename), "kernel": field(uts.release), "machine": field(uts.machine)],
            cards: Dictionary(uniqueKeysWithValues: sampler.cards.map { ($0.name, "\($0.device.pciSlot) \($0.device.model)") }),
            config: loaded?.path, curves: loaded.map { Array($0.curves.keys).sorted() } ?? [],
            sampleRate: rate, samplesTaken: samples.count, missedDeadlines: await recorder.missedDeadlines,
            meanSampleMilliseconds: samples.isEmpty ? 0 : costs / Double(samples.count) * 1000,
            episodes: await recorder.episodes(closingAt: end), requests: await recorder.requests, exitStatus: exitStatus, interrupted: interrupted, server: server)
        try RunDirectory.write(report, samples: samples, to: directory)
        return report
    }
}
