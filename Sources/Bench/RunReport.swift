import Foundation
import JSONText

/// Everything a run directory holds besides the samples: written as run.json.
public struct RunReport: Sendable, Codable {
    /// `stress` or `bench`.
    public var kind: String
    /// A name for tables: the framework for bench runs, the command for stress runs.
    public var label: String
    /// Wall-clock start, ISO 8601.
    public var started: String
    /// Seconds the run lasted.
    public var duration: Double
    /// The command line, endpoint, API, model, suite, as given.
    public var settings: [String: String]
    /// Host name, kernel.
    public var machine: [String: String]
    /// The cards sampled: name -> "slot model".
    public var cards: [String: String]
    /// The config and the curves the fans follow.
    public var config: String?
    public var curves: [String]
    /// Sampling: rate, samples taken, deadlines missed, mean cost per sample (ms).
    public var sampleRate: Double
    public var samplesTaken: Int
    public var missedDeadlines: Int
    public var meanSampleMilliseconds: Double
    public var episodes: [ThrottleEpisode]
    public var requests: [RequestRecord]
    /// How the load command ended (stress runs).
    public var exitStatus: Int32?
    /// True when Ctrl-C ended the run early: the requests are the ones that ran.
    public var interrupted: Bool?
    /// What the server said it serves (bench runs).
    public var server: ServerMetadata?
    /// Size tests' results (`bench --sizes`).
    public var sizes: [SizeResult]?
    /// Serving levels' results (`bench --concurrency` or `--request-rate`).
    public var serving: [ServingLevel]?

    /// Reads run.json from a run directory.
    public static func load(directory: String) throws -> RunReport {
        guard let data = FileManager.default.contents(atPath: directory + "/run.json") else {
            throw HTTPStream.Failure(description: "\(directory) has no run.json: not a run directory")
        }
        return try JSONValueDecoder().decode(RunReport.self, from: [UInt8](data))
    }

    /// Creates a value.
    public init(kind: String, label: String, started: String, duration: Double, settings: [String: String], machine: [String: String], cards: [String: String], config: String? = nil, curves: [String], sampleRate: Double, samplesTaken: Int, missedDeadlines: Int, meanSampleMilliseconds: Double, episodes: [ThrottleEpisode], requests: [RequestRecord], exitStatus: Int32? = nil, interrupted: Bool? = nil, server: ServerMetadata? = nil, sizes: [SizeResult]? = nil, serving: [ServingLevel]? = nil) {
        self.kind = kind
        self.label = label
        self.started = started
        self.duration = duration
        self.settings = settings
        self.machine = machine
        self.cards = cards
        self.config = config
        self.curves = curves
        self.sampleRate = sampleRate
        self.samplesTaken = samplesTaken
        self.missedDeadlines = missedDeadlines
        self.meanSampleMilliseconds = meanSampleMilliseconds
        self.episodes = episodes
        self.requests = requests
        self.exitStatus = exitStatus
        self.interrupted = interrupted
        self.server = server
        self.sizes = sizes
        self.serving = serving
    }
}

/// Writes and reads a run directory: samples.csv, requests.csv, run.json, summary.md, report.html.
public enum RunDirectory {
    /// Writes every file of a finished run.
    public static func write(_ report: RunReport, samples: [TelemetrySample], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try SampleCSV.render(samples).write(toFile: directory + "/samples.csv", atomically: true, encoding: .utf8)
        let requests = ([RequestRecord.csvHeader] + report.requests.map(\.csvLine)).joined(separator: "\n") + "\n"
        try requests.write(toFile: directory + "/requests.csv", atomically: true, encoding: .utf8)
        try JSONWriter.encode(report).write(toFile: directory + "/run.json", atomically: true, encoding: .utf8)
        try SummaryMarkdown.render([(report, samples)]).write(toFile: directory + "/summary.md", atomically: true, encoding: .utf8)
        try ReportHTML.render([(report, samples)]).write(toFile: directory + "/report.html", atomically: true, encoding: .utf8)
    }

    /// Reads a run back (for `mi50fan report`).
    public static func read(_ directory: String) throws -> (RunReport, [TelemetrySample]) {
        let report = try RunReport.load(directory: directory)
        let text = (try? String(contentsOfFile: directory + "/samples.csv", encoding: .utf8)) ?? ""
        return (report, SampleCSV.parse(text))
    }
}
