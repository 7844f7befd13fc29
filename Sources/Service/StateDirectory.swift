import ConfigReading
import Glibc
import Hardware

/// The one fixed place for the service's runtime state: the instance lock and the record of
/// held outputs (`outputs.json`). It is `/run/mi50fan` (the unit's `RuntimeDirectory`) below
/// the root, or what `--state-dir` says, and never follows from the config: a config edited
/// while the service runs must not hide the record from `mi50fan release`.
public enum StateDirectory {
    /// `run/mi50fan` below `root`: `/run/mi50fan` on the real machine.
    public static func defaultPath(root: SysfsRoot) -> String { root.path("run/mi50fan") }

    /// Why the directory cannot be used.
    public struct Refusal: Error, CustomStringConvertible {
        /// What is wrong and what to do.
        public var message: String
        public var description: String { message }
    }

    /// Refuses a state directory that is a symbolic link or not a directory; a missing one is
    /// fine (nothing was recorded there). For readers such as `mi50fan release`.
    public static func check(_ path: String) throws(Refusal) {
        var info = stat()
        guard lstat(withoutTrailingSlashes(path), &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            throw Refusal(message: "the state directory \(path) is a symbolic link; refusing to follow it: remove it (systemd recreates /run/mi50fan as a directory)")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw Refusal(message: "the state directory \(path) is not a directory; remove it or point --state-dir elsewhere")
        }
    }

    /// Creates the directory if it is missing, and refuses one that is a symbolic link or is
    /// not a directory (someone may be steering the service's writes elsewhere).
    public static func prepare(_ path: String) throws(Refusal) {
        var info = stat()
        if lstat(withoutTrailingSlashes(path), &info) != 0 {
            guard errno == ENOENT else { throw Refusal(message: "cannot use the state directory \(path): \(String(cString: strerror(errno)))") }
            PathText.createDirectories(PathText.directory(of: withoutTrailingSlashes(path)))
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw Refusal(message: "cannot create the state directory \(path): \(String(cString: strerror(errno))); check that its parent is writable")
            }
            guard lstat(withoutTrailingSlashes(path), &info) == 0 else { throw Refusal(message: "cannot use the state directory \(path): \(String(cString: strerror(errno)))") }
        }
        try check(path)
    }

    /// `path` without trailing slashes: `lstat("link/")` follows the link, `lstat("link")` does not.
    static func withoutTrailingSlashes(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
