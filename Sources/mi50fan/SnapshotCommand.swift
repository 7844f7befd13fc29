import ArgumentParser
import Hardware
import Service

/// `mi50fan snapshot`: the sysfs of this machine's cards and fan chips in a tarball, to send
/// in so that the machine becomes a test fixture.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Save what mi50fan reads of this machine's cards and fan chips to a tarball (serials and unique ids left out).",
        discussion: """
            The tarball holds the cards' PCI attributes, DRM and hwmon directories and every hwmon chip \
            with fan headers, as sysfs shapes them; no host name, serial number or unique id. Attach it \
            to a bug report: `make fixture SNAPSHOT=FILE NAME=NAME` turns it into a test fixture.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The directory that stands for / (a fixture tree or the simulator's root).", valueName: "dir"))
    var root: String = "/"

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the tarball.", valueName: "file"))
    var output: String = "mi50fan-snapshot.tar"

    func run() throws {
        let snapshot = SysfsSnapshot.capture(root: SysfsRoot(root))
        guard !snapshot.cards.isEmpty || !snapshot.chips.isEmpty else {
            printError("no GPU and no fan chip under \(root)/sys: nothing to snapshot. `mi50fan detect` shows what this machine has.")
            throw ExitCode.failure
        }
        do { try snapshot.writeArchive(to: output, version: BuildInfo.version) } catch {
            printError("cannot write the snapshot: \(error)")
            throw ExitCode.failure
        }
        print("wrote \(output)")
        print(snapshot.note(version: BuildInfo.version), terminator: "")
        print("Check it with `tar -tvf \(output)`, then attach it to a bug report (docs/hardware.md, \"Sending a snapshot\").")
    }
}
