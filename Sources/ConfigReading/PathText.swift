import Glibc

/// The few path operations the config and state files need, on path text, without Foundation.
public enum PathText {
    /// The directory part of `path`: `/etc/mi50fan` for `/etc/mi50fan/config.yaml`, `/` for
    /// `/config.yaml`, empty for a bare file name. Trailing slashes are ignored.
    public static func directory(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty && trimmed.hasPrefix("/") ? "/" : head
    }

    /// The last component of `path`: `config.yaml` for `/etc/mi50fan/config.yaml`.
    public static func lastComponent(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.utf8.lastIndex(of: UInt8(ascii: "/")) else { return trimmed }
        let name = String(trimmed[trimmed.index(after: slash)...])
        return name.isEmpty ? "/" : name
    }

    /// `name` inside `directory`, with one slash between them.
    public static func joining(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Whether something exists at `path` (following links, as `stat` does).
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Creates `path` and any missing parents with `mode`; true when it exists afterwards.
    @discardableResult
    public static func createDirectories(_ path: String, mode: mode_t = 0o755) -> Bool {
        if exists(path) { return true }
        let parent = directory(of: path)
        if !parent.isEmpty, parent != path { createDirectories(parent, mode: mode) }
        return mkdir(path, mode) == 0 || errno == EEXIST
    }

    /// `path` without its trailing slashes, but for a first one (`/` stays `/`). Done on the
    /// UTF-8 bytes: a slash is never part of a multi-byte character.
    private static func trimmingTrailingSlashes(_ path: String) -> String {
        let bytes = path.utf8
        var end = bytes.endIndex
        while end != bytes.startIndex {
            let last = bytes.index(before: end)
            guard last != bytes.startIndex, bytes[last] == UInt8(ascii: "/") else { break }
            end = last
        }
        return end == bytes.endIndex ? path : String(path[..<end])
    }
}
