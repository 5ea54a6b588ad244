/// The packages no other found package dominates: a package dominates another when it is at
/// least as good for every party and better for one. Equal score vectors do not dominate each
/// other, so all of them stay.
///
/// Candidates are buffered in chunks of fixed size. A chunk is sorted so that a point can only
/// be dominated by points before it (decreasing sum, then lexicographic), so one sweep keeps
/// its undominated points without ever keeping one that a later point removes; those then
/// join the kept set, dropping the kept points they dominate. Memory is the kept frontier plus
/// one chunk, whatever the size of the space. Scores are packed in 8-lane vectors, so one
/// dominance test is a few vector comparisons.
struct ParetoFrontier {
    typealias Lanes = SIMD8<Double>

    /// How many scores each point has.
    let dimensions: Int
    /// How many vectors hold one point's scores (unused lanes are 0 in every point).
    let width: Int
    /// Kept points: point k's scores in `scores[k * width ..< (k + 1) * width]`.
    private var scores: [Lanes] = []
    private var indices: [UInt64] = []
    /// Buffered candidates, in the same layout.
    private var pendingScores: [Lanes] = []
    private var pendingIndices: [UInt64] = []
    /// Candidates buffered before a flush: small at first, so that early kept points start
    /// filtering candidates soon, then doubling up to `maxChunk`.
    private var chunk = 512
    private let maxChunk: Int
    /// A few kept points that recently dominated candidates: most candidates meet one of them
    /// first and are dropped before they are buffered.
    private var hot: [Lanes] = []
    private var hotNext = 0
    private static let hotCount = 8

    init(dimensions: Int, maxChunk: Int = 1 << 15) {
        self.dimensions = dimensions
        width = max(1, (dimensions + 7) / 8)
        self.maxChunk = maxChunk
    }

    /// Offers a candidate point.
    mutating func add(_ candidate: UnsafeBufferPointer<Double>, index: UInt64) {
        let start = pendingScores.count
        for v in 0..<width {
            var lanes = Lanes()
            for j in 0..<8 where v * 8 + j < dimensions { lanes[j] = candidate[v * 8 + j] }
            pendingScores.append(lanes)
        }
        let dominated = hot.withUnsafeBufferPointer { hot in
            pendingScores.withUnsafeBufferPointer { Self.dominator(hot, UnsafeBufferPointer(rebasing: $0[start...]), width) != nil }
        }
        if dominated {
            pendingScores.removeLast(width)
            return
        }
        pendingIndices.append(index)
        if pendingIndices.count >= chunk {
            flush()
            chunk = min(chunk * 2, maxChunk)
        }
    }

    /// Sorts the buffered candidates, keeps their undominated ones and folds them in.
    mutating func flush() {
        let w = width
        let n = pendingIndices.count
        guard n > 0 else { return }
        // Decreasing sum of scores, then decreasing lexicographically: a dominating point has a
        // sum at least as great (rounded addition in one order is monotone) and, on an equal sum,
        // comes first lexicographically; and points with great sums dominate the most, so
        // dominated candidates meet a dominator early.
        let order = pendingScores.withUnsafeBufferPointer { s in
            let sums = (0..<n).map { a in
                var sum = 0.0
                for v in 0..<w { for j in 0..<8 { sum += s[a * w + v][j] } }
                return sum
            }
            return (0..<n).sorted { a, b in
                if sums[a] != sums[b] { return sums[a] > sums[b] }
                for v in 0..<w {
                    for j in 0..<8 where s[a * w + v][j] != s[b * w + v][j] { return s[a * w + v][j] > s[b * w + v][j] }
                }
                return pendingIndices[a] < pendingIndices[b]
            }
        }
        var accepted: [Lanes] = []
        var acceptedIndices: [UInt64] = []
        pendingScores.withUnsafeBufferPointer { s in
            for p in order {
                let candidate = UnsafeBufferPointer(rebasing: s[p * w..<(p + 1) * w])
                if let k = accepted.withUnsafeBufferPointer({ Self.dominator($0, candidate, w) }) {
                    remember(accepted[k..<k + w])
                    continue
                }
                if let k = scores.withUnsafeBufferPointer({ Self.dominator($0, candidate, w) }) {
                    remember(scores[k..<k + w])
                    continue
                }
                accepted.append(contentsOf: candidate)
                acceptedIndices.append(pendingIndices[p])
            }
        }
        // Drop kept points that an accepted point dominates, then add the accepted ones.
        if !indices.isEmpty && !acceptedIndices.isEmpty {
            var k = 0
            while k < indices.count {
                let dominated = scores.withUnsafeBufferPointer { kept in
                    accepted.withUnsafeBufferPointer { Self.dominator($0, UnsafeBufferPointer(rebasing: kept[k * w..<(k + 1) * w]), w) != nil }
                }
                if dominated { removePoint(k) } else { k += 1 }
            }
        }
        scores += accepted
        indices += acceptedIndices
        pendingScores.removeAll(keepingCapacity: true)
        pendingIndices.removeAll(keepingCapacity: true)
    }

    /// Where in `points` (packed) a point that dominates `candidate` starts, if there is one.
    private static func dominator(_ points: UnsafeBufferPointer<Lanes>, _ candidate: UnsafeBufferPointer<Lanes>, _ w: Int) -> Int? {
        if w == 1 {
            let c = candidate[0]
            for (k, a) in points.enumerated() where all(a .>= c) && any(a .> c) { return k }
            return nil
        }
        var base = 0
        while base < points.count {
            var geq = true, greater = false
            for v in 0..<w {
                let a = points[base + v], c = candidate[v]
                if !all(a .>= c) { geq = false; break }
                if any(a .> c) { greater = true }
            }
            if geq && greater { return base }
            base += w
        }
        return nil
    }

    /// Keeps a point that dominated a candidate among the few tested first.
    private mutating func remember(_ point: ArraySlice<Lanes>) {
        if hot.count < Self.hotCount * width {
            hot.append(contentsOf: point)
        } else {
            for (v, lanes) in point.enumerated() { hot[hotNext * width + v] = lanes }
            hotNext = (hotNext + 1) % Self.hotCount
        }
    }

    private mutating func removePoint(_ k: Int) {
        let w = width, last = indices.count - 1
        if k != last {
            for v in 0..<w { scores[k * w + v] = scores[last * w + v] }
            indices[k] = indices[last]
        }
        scores.removeLast(w)
        indices.removeLast()
    }

    /// Merges another frontier into this one: both sets of kept points go through one sorted
    /// sweep, where each point meets only the points that could dominate it.
    mutating func merge(_ other: ParetoFrontier) {
        flush()
        var other = other
        other.flush()
        pendingScores = scores + other.scores
        pendingIndices = indices + other.indices
        scores.removeAll()
        indices.removeAll()
        flush()
    }

    /// The kept points, by package index: each index with its scores.
    mutating func sortedPoints() -> [(index: UInt64, scores: [Double])] {
        flush()
        return indices.indices.sorted { indices[$0] < indices[$1] }.map { k in
            (indices[k], (0..<dimensions).map { scores[k * width + $0 / 8][$0 % 8] })
        }
    }
}

/// The best packages found by an objective, at most `capacity`, best first; ties within 1e-12
/// go to the smaller package index, so the answer does not depend on the order of discovery.
struct BestList {
    struct Entry {
        var value: Double
        var index: UInt64
    }

    let capacity: Int
    private(set) var entries: [Entry] = []

    init(capacity: Int) { self.capacity = capacity }

    static func isBetter(_ a: Entry, than b: Entry) -> Bool {
        if a.value > b.value + 1e-12 { return true }
        if b.value > a.value + 1e-12 { return false }
        return a.index < b.index
    }

    mutating func add(_ value: Double, _ index: UInt64) {
        let entry = Entry(value: value, index: index)
        guard capacity > 0, entries.count < capacity || Self.isBetter(entry, than: entries[entries.count - 1]) else { return }
        var k = entries.count
        while k > 0 && Self.isBetter(entry, than: entries[k - 1]) { k -= 1 }
        entries.insert(entry, at: k)
        if entries.count > capacity { entries.removeLast() }
    }

    mutating func merge(_ other: BestList) {
        for e in other.entries { add(e.value, e.index) }
    }
}
