import ConfigFiles
import FanControl
import Foundation
import Hardware
import Synchronization

/// What `stress` and `bench` share: the sampler running beside the load, and the run
/// directory written at the end.
public final class RunSession: Sendable {
    /// What the run recorded: samples, requests, throttle episodes.
    public let recorder = RunRecorder()
    /// The monotonic time the run started at.
    public let origin = monotonicSeconds()
    /// The wall-clock start, ISO 8601.
    public let started = ISO8601DateFormatter().string(from: Date())
    /// The sampler of the run's cards.
    public let sampler: TelemetrySampler
    /// Samples per second.
    public let rate: Double
    /// The config the cards are named by, when it loaded.
    public let loaded: LoadedConfig?
    private let stopped = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Why a run cannot start.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// A run sampling the cards under `root` (named by the config at `configPath` when it
    /// loads) `rate` times a second; `slot` limits it to one card.
    public init(root: SysfsRoot, configPath: String, rate: Double, slot: String?) throws(Refusal) {
        guard rate > 0, rate <= 1000 else { throw Refusal(description: "--rate must be above 0 and at most 1000 samples per second") }
        self.rate = rate
        loaded = try? ConfigLoader.load(path: configPath).get()
        let cards = TelemetrySampler.cards(root: root, config: loaded, slot: slot)
        if let slot, cards.isEmpty { throw Refusal(description: "no amdgpu card at \(slot); `\(root.suggestion("detect"))` lists them") }
        sampler = TelemetrySampler(root: root, cards: cards, config: loaded)
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    /// Seconds since the run started.
    public var now: Double { monotonicSeconds() - origin }

    /// Starts sampling beside the load.
    public func startSampling() {
        let loop = Task.detached { [self] in
            await SamplingLoop.run(sampler: sampler, rate: rate, origin: origin, recorder: recorder) { self.isStopped }
        }
        task.withLock { $0 = loop }
    }

    /// Stops sampling and writes the run directory.
    public func finish(kind: String, label: String, settings: [String: String], exitStatus: Int32?, interrupted: Bool? = nil, server: ServerMetadata? = nil,
                       sizes: [SizeResult]? = nil, serving: [ServingLevel]? = nil, to directory: String) async throws -> RunReport {
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
            episodes: await recorder.episodes(closingAt: end), requests: await recorder.requests, exitStatus: exitStatus, interrupted: interrupted, server: server,
            sizes: sizes, serving: serving)
        try RunDirectory.write(report, samples: samples, to: directory)
        return report
    }
}
