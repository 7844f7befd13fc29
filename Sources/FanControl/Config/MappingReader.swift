/// Reads one mapping of a document: hands out values by key, remembers which keys were asked
/// for, and reports every other key as unknown (a typo must never silently drop a setting).
struct MappingReader {
    let entries: [ConfigEntry]
    let location: SourceLocation
    let context: String
    private let log: ProblemLog
    private var known: [String] = []

    /// Reads `node` as a mapping called `context` in messages; reports and returns nil otherwise.
    init?(_ node: ConfigNode, context: String, log: ProblemLog) {
        guard case .mapping(let entries, let location) = node else {
            log.add(node.location, "\(context) must be a mapping of keys and values, not \(node.kindName)",
                    fix: "write it as `key: value` lines indented under it")
            return nil
        }
        self.entries = entries
        self.location = location
        self.context = context
        self.log = log
    }

    /// The value for `key`, or nil if absent (or empty).
    mutating func value(_ key: String) -> ConfigNode? {
        known.append(key)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        if case .null = entry.value { return nil }
        return entry.value
    }

    /// Where `key` stands, if present.
    func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.key == key }?.keyLocation }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value for a key that must be present; reports its absence.
    mutating func required(_ key: String, fix: String) -> ConfigNode? {
        let node = value(key)
        if node == nil { log.add(location, "\(context) needs `\(key)`", fix: fix) }
        return node
    }

    /// Reports every key that was never asked for.
    func finish() {
        for entry in entries where !known.contains(entry.key) {
            let suggestion = closestMatch(to: entry.key, among: known)
            log.add(entry.keyLocation, "unknown key `\(entry.key)` in \(context)",
                    fix: suggestion.map { "did you mean `\($0)`?" } ?? "known keys: \(known.joined(separator: ", "))")
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(Array(word.lowercased()), Array(candidate.lowercased()))
        if distance <= max(2, candidate.count / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
