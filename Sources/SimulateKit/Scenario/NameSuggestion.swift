/// "Did you mean …?" for a misspelt identifier.
enum NameSuggestion {
    /// The candidate that is `name` in another case (`a` for `A`, `russia` for `RUSSIA` beside
    /// `russia-backed`); else the one nearest by edit distance, if it is fewer than 4 edits away
    /// and the edits touch at most half of the name (so `b` does not suggest `a`); failing that,
    /// the one candidate that begins with `name` (`istanbul` for `istanbul-proposal`), ignoring
    /// case, when `name` has at least three characters.
    static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        var prefixed: [String] = []
        let lowered = name.lowercased()
        for candidate in candidates where candidate != name {
            if candidate.lowercased() == lowered { return candidate }
            let d = editDistance(name, candidate)
            if d < 4 && d * 2 < name.count + 1 && (best == nil || d < best!.1) {
                best = (candidate, d)
            }
            if name.count >= 3 && candidate.lowercased().hasPrefix(lowered) { prefixed.append(candidate) }
        }
        return best?.0 ?? (prefixed.count == 1 ? prefixed[0] : nil)
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
