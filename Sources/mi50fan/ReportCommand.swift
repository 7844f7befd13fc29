import ArgumentParser
import Bench
import Foundation

/// `mi50fan report DIR...`: rebuild a run's report, or merge several runs into one.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html and summary.md from run directories; several runs merge into one page.")

    @Argument(help: "Run directories (from stress or bench).") var directories: [String]
    @Option(name: .shortAndLong, help: "Where the page goes, its summary beside it as NAME-summary.md (default: the run's own directory for one run, ./mi50fan-report.html for several).")
    var output: String?

    func run() async throws {
        guard !directories.isEmpty else { throw ValidationError("name at least one run directory") }
        var runs: [(RunReport, [TelemetrySample])] = []
        for directory in directories {
            do { runs.append(try RunDirectory.read(directory)) } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
        let html = output ?? (directories.count == 1 ? directories[0] + "/report.html" : "mi50fan-report.html")
        // One run rebuilt in place keeps its summary.md; a page written elsewhere gets its summary beside it.
        let markdown = output == nil && directories.count == 1 ? directories[0] + "/summary.md" : (html as NSString).deletingPathExtension + "-summary.md"
        try ReportHTML.render(runs).write(toFile: html, atomically: true, encoding: .utf8)
        try SummaryMarkdown.render(runs).write(toFile: markdown, atomically: true, encoding: .utf8)
        print("wrote \(html) and \(markdown)")
    }
}
