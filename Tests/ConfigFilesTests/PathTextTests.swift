@testable import ConfigReading
import Glibc
import Testing

/// Paths and what `PathText` takes from them: (path, directory, last component).
private let paths: [(String, String, String)] = [
    ("/etc/mi50fan/config.yaml", "/etc/mi50fan", "config.yaml"),
    ("/config.yaml", "/", "config.yaml"),
    ("config.yaml", "", "config.yaml"),
    ("curves/quiet.yaml", "curves", "quiet.yaml"),
    ("/etc/mi50fan/", "/etc", "mi50fan"),
    ("//srv//mi50fan//status.json//", "//srv//mi50fan", "status.json"),
    ("/", "/", "/"),
    ("/état/courbe é.yaml", "/état", "courbe é.yaml"),
    ("/run/風扇/status.json", "/run/風扇", "status.json"),
]

@Suite("PathText: directory and last component of a path, on its bytes")
struct PathTextTests {
    @Test("the directory and the last component, trailing slashes ignored, multi-byte names kept whole", arguments: paths.indices)
    func parts(index: Int) {
        let (path, directory, last) = paths[index]
        #expect(PathText.directory(of: path) == directory, "\(path)")
        #expect(PathText.lastComponent(of: path) == last, "\(path)")
    }

    @Test("a file is written through a hidden temporary file beside it, named with the writer's PID")
    func temporaryPath() {
        let pid = String(getpid())
        #expect(AtomicFile.temporaryPath(for: "/run/mi50fan/status.json") == "/run/mi50fan/.status.json.\(pid).tmp")
        #expect(AtomicFile.temporaryPath(for: "status.json") == "./.status.json.\(pid).tmp")
        #expect(AtomicFile.temporaryPath(for: "/status.json") == "/.status.json.\(pid).tmp")
    }
}
