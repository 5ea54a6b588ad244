/// The packages no other found package dominates: a package dominates another when it is at
/// least as good for every party and better for one. Equal score vectors do not dominate each
/// other, so all of them stay.
///
/// Points are added one at a time; the set kept is always the non-dominated subset of the
/// points added so far, so memory grows with the frontier, not with the search space.
struct ParetoFrontier {
    /// How many scores each point has.
    let dimensions: Int
    /// The scores of point k at `scores[k * dimensions ..< (k + 1) * dimensions]`.
    private(set) var scores: [Double] = []
    /// The package index of each point.
    private(set) var indices: [UInt64] = []

    init(dimensions: Int) { self.dimensions = dimensions }

    var count: Int { indices.count }

    /// Whether some kept point dominates `candidate`. A point found to dominate moves to the
    /// front, so the next dominated candidate is usually rejected at the first comparison.
    mutating func isDominated(_ candidate: UnsafeBufferPointer<Double>) -> Bool {
        let d = dimensions
        var k = 0
        while k < indices.count {
            var geq = true, greater = false
            let base = k * d
            for j in 0..<d {
                let a = scores[base + j], b = candidate[j]
                if a < b { geq = false; break }
                if a > b { greater = true }
            }
            if geq && greater {
                if k > 0 { swapPoints(0, k) }
                return true
            }
            k += 1
        }
        return false
    }

    /// Adds a point that no kept point dominates, dropping the points it dominates.
    mutating func insertUndominated(_ candidate: UnsafeBufferPointer<Double>, index: UInt64) {
        let d = dimensions
        var k = 0
        while k < indices.count {
            var leq = true, less = false
            let base = k * d
            for j in 0..<d {
                let a = scores[base + j], b = candidate[j]
                if a > b { leq = false; break }
                if a < b { less = true }
            }
            if leq && less {
                removePoint(k)
            } else {
                k += 1
            }
        }
        scores.append(contentsOf: candidate)
        indices.append(index)
    }

    /// Adds a point if nothing dominates it.
    mutating func add(_ candidate: UnsafeBufferPointer<Double>, index: UInt64) {
        if !isDominated(candidate) { insertUndominated(candidate, index: index) }
    }

    /// Whether some kept point is at least `bound` everywhere and above it somewhere: then no
    /// package whose scores stay within `bound` can join the frontier.
    mutating func dominatesEverythingBelow(_ bound: UnsafeBufferPointer<Double>) -> Bool {
        isDominated(bound)
    }

    private mutating func swapPoints(_ a: Int, _ b: Int) {
        let d = dimensions
        for j in 0..<d { scores.swapAt(a * d + j, b * d + j) }
        indices.swapAt(a, b)
    }

    private mutating func removePoint(_ k: Int) {
        let d = dimensions, last = indices.count - 1
        if k != last {
            for j in 0..<d { scores[k * d + j] = scores[last * d + j] }
            indices[k] = indices[last]
        }
        scores.removeLast(d)
        indices.removeLast()
    }

    /// Merges another frontier into this one.
    mutating func merge(_ other: ParetoFrontier) {
        other.scores.withUnsafeBufferPointer { all in
            for k in 0..<other.count {
                add(UnsafeBufferPointer(rebasing: all[k * dimensions ..< (k + 1) * dimensions]), index: other.indices[k])
            }
        }
    }

    /// The points as (index, scores), by package index.
    func sortedPoints() -> [(index: UInt64, scores: [Double])] {
        indices.indices.map { k in (indices[k], Array(scores[k * dimensions ..< (k + 1) * dimensions])) }
            .sorted { $0.index < $1.index }
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

    /// Whether an entry with this value and index would be kept.
    func admits(_ value: Double, _ index: UInt64) -> Bool {
        entries.count < capacity || Self.isBetter(Entry(value: value, index: index), than: entries[entries.count - 1])
    }

    mutating func add(_ value: Double, _ index: UInt64) {
        guard capacity > 0, admits(value, index) else { return }
        let entry = Entry(value: value, index: index)
        var k = entries.count
        while k > 0 && Self.isBetter(entry, than: entries[k - 1]) { k -= 1 }
        entries.insert(entry, at: k)
        if entries.count > capacity { entries.removeLast() }
    }

    mutating func merge(_ other: BestList) {
        for e in other.entries { add(e.value, e.index) }
    }
}
