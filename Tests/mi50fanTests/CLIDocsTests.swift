import Foundation
import Testing

@Test("docs/cli.md lists the commands exactly as the binary's --help does")
func cliDocListsEveryCommand() throws {
    let help = try runMI50Fan(["--help"]).stdout
    let listing = try #require(help.range(of: "SUBCOMMANDS:").map { String(help[$0.lowerBound...]) })
    let commands = try #require(listing.components(separatedBy: "\n\n").first)
    let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
    #expect(doc.contains("$ mi50fan --help\n" + commands + "\n```"), "regenerate the listing in docs/cli.md from `mi50fan --help`")
}

@Test("docs/cli.md shows bench's and report's usage and options exactly as their --help does")
func cliDocShowsBenchOptions() throws {
    let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/cli.md"), encoding: .utf8)
    for command in ["bench", "report"] {
        let help = try runMI50Fan([command, "--help"]).stdout
        let usage = try #require(help.range(of: "USAGE:").map { String(help[$0.lowerBound...]) }?.trimmingCharacters(in: .newlines))
        #expect(doc.contains("$ mi50fan \(command) --help\n" + usage + "\n```"), "regenerate the \(command) block in docs/cli.md from `mi50fan \(command) --help`")
    }
}

@Test("README.md opens with its title, then the two commands a new user runs first: make demo and make test")
func readmeOpensWithTitle() throws {
    let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(readme.hasPrefix("# mi50fan\n"), "\(readme.prefix(120))")
    let lines = readme.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(lines.count > 2 && lines[0].hasPrefix("make demo ") && lines[1].hasPrefix("make test "), "\(lines.prefix(2))")
}
