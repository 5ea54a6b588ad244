import Dispatch
import Synchronization

/// The packages no other found package dominates: a package dominates another when it is at
/// least as good for every party and better for one. Equal score vectors do not dominate each
/// other, so all of them stay.
///
/// Candidates are buffered in chunks. A chunk is sorted so that a point can only be dominated
/// by points before it (decreasing sum, then lexicographic), so one sweep keeps its
/// undominated points without ever keeping one that a later point removes; those then join
/// the kept set, dropping the kept points they dominate. Memory is the kept frontier plus one
/// chunk, whatever the size of the space. A point's scores are padded to a multiple of eight
/// and compared eight at a time.
///
/// A point that dominates another has a sum of scores at least as great (rounded addition in
/// one order is monotone), so the kept points are held in decreasing order of their sums and
/// a search for a dominator stops at the first point whose sum is smaller than the
/// candidate's.
///
/// Scores live in plain `[Double]` arrays, loaded as vectors: an array of `SIMD8<Double>`
/// would make the runtime look up `Double: SIMDScalar` on its first use in a process, which
/// costs more than a small search.
struct ParetoFrontier {
    typealias Lanes = SIMD8<Double>

    /// How many scores each point has.
    let dimensions: Int
    /// How many 8-lane vectors hold one point's scores (unused lanes are 0 in every point).
    let width: Int
    /// How many doubles one point takes: `width * 8`, or 4 when four lanes hold them all
    /// (then compared four at a time).
    let stride: Int
    /// Kept points, by decreasing sum: point k's scores in `scores[k * stride ..< (k + 1) * stride]`.
    private var scores: [Double] = []
    private var indices: [UInt64] = []
    private var sums: [Double] = []
    /// Twins: frontier packages whose scores equal a kept point's exactly (its index in
    /// `twinOf`), held aside so that the sweeps compare one point per run of equal scores.
    /// Equal scores are common (a party indifferent to an issue), and comparing each against
    /// all its equals made the frontier quadratic in them.
    private var twinOf: [UInt64] = []
    private var twins: [UInt64] = []
    /// Buffered candidates, in the same layout.
    private var pendingScores: [Double] = []
    private var pendingIndices: [UInt64] = []
    /// Candidates buffered before a flush: small at first, so that early kept points start
    /// filtering candidates soon, then doubling up to `maxChunk`.
    private var chunk = 512
    private let maxChunk: Int
    /// A few kept points that recently dominated candidates: most candidates meet one of them
    /// first and are dropped before they are buffered.
    private var hot: [Double]
    private var hotFilled = 0
    private var hotNext = 0
    private static let hotCount = 8

    init(dimensions: Int, maxChunk: Int = 1 << 15) {
        self.dimensions = dimensions
        width = max(1, (dimensions + 7) / 8)
        stride = dimensions <= 4 ? 4 : width * 8
        self.maxChunk = maxChunk
        hot = [Double](repeating: 0, count: Self.hotCount * stride)
    }

    /// Offers a candidate point.
    mutating func add(_ candidate: UnsafeBufferPointer<Double>, index: UInt64) {
        let (w, stride, dimensions) = (width, stride, dimensions)
        let dominated = withUnsafeTemporaryAllocation(of: Double.self, capacity: stride) { c in
            for j in 0..<stride { c[j] = j < dimensions ? candidate[j] : 0 }
            let found = hot.withUnsafeBufferPointer { hot in
                Self.dominator(UnsafeBufferPointer(rebasing: hot[0..<hotFilled * stride]), nil, c.baseAddress!, 0, w, stride) != nil
            }
            if !found { pendingScores.append(contentsOf: c) }
            return found
        }
        if dominated { return }
        pendingIndices.append(index)
        if pendingIndices.count >= chunk {
            flush()
            chunk = min(chunk * 2, maxChunk)
        }
    }

    /// Sorts the buffered candidates, keeps their undominated ones and folds them in.
    mutating func flush() {
        let (w, stride) = (width, stride)
        let n = pendingIndices.count
        guard n > 0 else { return }
        let candidateSums = pendingScores.withUnsafeBufferPointer { s in (0..<n).map { Self.sum(s.baseAddress! + $0 * stride, stride) } }
        // Decreasing sum, then decreasing lexicographically: a dominating point comes first
        // (on an equal sum it is lexicographically greater), and points with great sums
        // dominate the most, so dominated candidates meet a dominator early.
        let order = pendingScores.withUnsafeBufferPointer { s in
            pendingIndices.withUnsafeBufferPointer { indices in
                candidateSums.withUnsafeBufferPointer { sums in
                    IndexSort.sorted(n) { a, b in
                        if sums[a] != sums[b] { return sums[a] > sums[b] }
                        for j in 0..<stride where s[a * stride + j] != s[b * stride + j] { return s[a * stride + j] > s[b * stride + j] }
                        return indices[a] < indices[b]
                    }
                }
            }
        }
        var accepted = Points()
        pendingScores.withUnsafeBufferPointer { s in
            // The first of the current run of equal candidates (adjacent in this order), and
            // whether it was kept: its equals share its fate.
            var run: (first: Int, kept: Bool)?
            for p in order {
                let candidate = s.baseAddress! + p * stride, sum = candidateSums[p]
                if let r = run, (0..<stride).allSatisfy({ candidate[$0] == s[r.first * stride + $0] }) {
                    if r.kept {
                        twinOf.append(pendingIndices[r.first])
                        twins.append(pendingIndices[p])
                    }
                    continue
                }
                run = (p, false)
                // Every accepted point has a sum at least as great: no limit there.
                if let k = accepted.scores.withUnsafeBufferPointer({ Self.dominator($0, nil, candidate, sum, w, stride) }) {
                    let points = accepted.scores
                    points.withUnsafeBufferPointer { remember($0, at: k) }
                    continue
                }
                if let k = scores.withUnsafeBufferPointer({ p in sums.withUnsafeBufferPointer { Self.dominator(p, $0, candidate, sum, w, stride) } })
                {
                    let points = scores
                    points.withUnsafeBufferPointer { remember($0, at: k) }
                    continue
                }
                accepted.scores.append(contentsOf: UnsafeBufferPointer(start: candidate, count: stride))
                accepted.indices.append(pendingIndices[p])
                accepted.sums.append(sum)
                run = (p, true)
            }
        }
        // Drop kept points that an accepted point dominates, then add the accepted ones.
        var kept = Points(scores: scores, indices: indices, sums: sums)
        (scores, indices, sums) = ([], [], [])
        if !kept.indices.isEmpty && !accepted.indices.isEmpty { kept.removeDominated(by: accepted, w, stride) }
        kept = Points.merged(kept, accepted, stride)
        (scores, indices, sums) = (kept.scores, kept.indices, kept.sums)
        dropOrphanTwins()
        pendingScores.removeAll(keepingCapacity: true)
        pendingIndices.removeAll(keepingCapacity: true)
    }

    /// Points in the frontier's layout, by decreasing sum.
    struct Points: Sendable {
        var scores: [Double] = []
        var indices: [UInt64] = []
        var sums: [Double] = []

        /// Removes the points that a point of `others` dominates, keeping the order.
        mutating func removeDominated(by others: Points, _ w: Int, _ stride: Int) {
            var kept = 0
            others.scores.withUnsafeBufferPointer { otherScores in
                others.sums.withUnsafeBufferPointer { otherSums in
                    scores.withUnsafeMutableBufferPointer { s in
                        for k in 0..<indices.count {
                            let point = UnsafePointer(s.baseAddress! + k * stride)
                            if ParetoFrontier.dominator(otherScores, otherSums, point, sums[k], w, stride) != nil { continue }
                            if kept != k {
                                for j in 0..<stride { s[kept * stride + j] = s[k * stride + j] }
                                indices[kept] = indices[k]
                                sums[kept] = sums[k]
                            }
                            kept += 1
                        }
                    }
                }
            }
            scores.removeLast((indices.count - kept) * stride)
            indices.removeLast(indices.count - kept)
            sums.removeLast(sums.count - kept)
        }

        /// The points of `a` and `b`, by decreasing sum.
        static func merged(_ a: Points, _ b: Points, _ stride: Int) -> Points {
            if b.indices.isEmpty { return a }
            if a.indices.isEmpty { return b }
            var out = Points()
            out.scores.reserveCapacity(a.scores.count + b.scores.count)
            out.indices.reserveCapacity(a.indices.count + b.indices.count)
            out.sums.reserveCapacity(a.sums.count + b.sums.count)
            var i = 0, j = 0
            while i < a.indices.count || j < b.indices.count {
                let fromA = j == b.indices.count || (i < a.indices.count && a.sums[i] >= b.sums[j])
                if fromA {
                    out.scores.append(contentsOf: a.scores[i * stride..<(i + 1) * stride])
                    out.indices.append(a.indices[i])
                    out.sums.append(a.sums[i])
                    i += 1
                } else {
                    out.scores.append(contentsOf: b.scores[j * stride..<(j + 1) * stride])
                    out.indices.append(b.indices[j])
                    out.sums.append(b.sums[j])
                    j += 1
                }
            }
            return out
        }
    }

    /// The sum of a point's scores, added in order (as the sort and the limits assume).
    private static func sum(_ p: UnsafePointer<Double>, _ stride: Int) -> Double {
        var sum = 0.0
        for j in 0..<stride { sum += p[j] }
        return sum
    }

    @inline(__always)
    private static func lanes(_ p: UnsafePointer<Double>, _ v: Int) -> Lanes {
        UnsafeRawPointer(p + v * 8).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    private static func fourLanes(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    /// Whether `a` dominates `c`, four lanes each.
    @inline(__always)
    private static func dominates(_ a: SIMD4<Double>, _ c: SIMD4<Double>) -> Bool {
        let geq = unsafeBitCast(a .>= c, to: SIMD4<Int64>.self), gt = unsafeBitCast(a .> c, to: SIMD4<Int64>.self)
        let all = geq.lowHalf & geq.highHalf, any = gt.lowHalf | gt.highHalf
        return all[0] & all[1] != 0 && any[0] | any[1] != 0
    }

    /// Whether every lane of `mask` is set, and whether any is. By folding halves: the
    /// standard library's `all` and `any` take the least lane as a 64-bit integer, which
    /// baseline x86-64 (SSE2) has no vector instruction for, and they would cost more than
    /// the comparisons they follow.
    @inline(__always)
    private static func allLanes(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
        let v = unsafeBitCast(mask, to: SIMD8<Int64>.self)
        let four = v.lowHalf & v.highHalf
        let two = four.lowHalf & four.highHalf
        return two[0] & two[1] != 0
    }

    @inline(__always)
    private static func anyLane(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
        let v = unsafeBitCast(mask, to: SIMD8<Int64>.self)
        let four = v.lowHalf | v.highHalf
        let two = four.lowHalf | four.highHalf
        return two[0] | two[1] != 0
    }

    /// Where in `points` (packed) a point that dominates `candidate` starts, if there is one.
    /// With `sums` (the points' sums, decreasing), only the points whose sum is at least
    /// `sum`, the candidate's, are tried.
    static func dominator(
        _ points: UnsafeBufferPointer<Double>, _ sums: UnsafeBufferPointer<Double>?, _ candidate: UnsafePointer<Double>, _ sum: Double,
        _ w: Int, _ stride: Int
    ) -> Int? {
        guard let first = points.baseAddress else { return nil }
        var end = points.count
        if let sums {
            // The first point with a smaller sum, by bisection.
            var lo = 0, hi = sums.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sums[mid] >= sum { lo = mid + 1 } else { hi = mid }
            }
            end = lo * stride
        }
        if stride == 4 {
            let c = fourLanes(candidate)
            var base = 0
            while base < end {
                if dominates(fourLanes(first + base), c) { return base }
                base += 4
            }
            return nil
        }
        if w == 1 {
            let c = lanes(candidate, 0)
            var base = 0
            while base < end {
                let a = lanes(first + base, 0)
                if allLanes(a .>= c) && anyLane(a .> c) { return base }
                base += stride
            }
            return nil
        }
        var base = 0
        while base < end {
            var geq = true, greater = false
            for v in 0..<w {
                let a = lanes(first + base, v), c = lanes(candidate, v)
                if !allLanes(a .>= c) {
                    geq = false
                    break
                }
                if anyLane(a .> c) { greater = true }
            }
            if geq && greater { return base }
            base += stride
        }
        return nil
    }

    /// Keeps a point (the one starting at `start` in `points`) that dominated a candidate
    /// among the few tested first.
    private mutating func remember(_ points: UnsafeBufferPointer<Double>, at start: Int) {
        let slot: Int
        if hotFilled < Self.hotCount {
            slot = hotFilled
            hotFilled += 1
        } else {
            slot = hotNext
            hotNext = (hotNext + 1) % Self.hotCount
        }
        let stride = stride
        hot.withUnsafeMutableBufferPointer { hot in
            for j in 0..<stride { hot[slot * stride + j] = points[start + j] }
        }
    }

    /// Merges another frontier into this one. Each is a frontier already, so a point can
    /// only be dominated by a point of the other: each side is filtered against the other,
    /// the two filters on two threads when `parallel`.
    mutating func merge(_ other: ParetoFrontier, parallel: Bool = false) {
        flush()
        var other = other
        other.flush()
        let (w, stride) = (width, stride)
        let mine = Points(scores: scores, indices: indices, sums: sums)
        let theirs = Points(scores: other.scores, indices: other.indices, sums: other.sums)
        let filter = { @Sendable (side: Int) -> Points in
            var points = side == 0 ? mine : theirs
            points.removeDominated(by: side == 0 ? theirs : mine, w, stride)
            return points
        }
        var kept: [Points]
        if mine.indices.isEmpty || theirs.indices.isEmpty {
            kept = [mine, theirs]
        } else if parallel {
            let slots = Mutex<[Points]>([Points(), Points()])
            DispatchQueue.concurrentPerform(iterations: 2) { side in
                let points = filter(side)
                slots.withLock { $0[side] = points }
            }
            kept = slots.withLock { $0 }
        } else {
            kept = [filter(0), filter(1)]
        }
        let merged = Points.merged(kept[0], kept[1], stride)
        (scores, indices, sums) = (merged.scores, merged.indices, merged.sums)
        twinOf += other.twinOf
        twins += other.twins
        dropOrphanTwins()
    }

    /// The kept points' indices in increasing order, with where each point is.
    private func indexOrder() -> (sorted: [UInt64], position: [Int]) {
        let order = indices.withUnsafeBufferPointer { indices in IndexSort.sorted(indices.count) { indices[$0] < indices[$1] } }
        return (order.map { indices[$0] }, order)
    }

    /// Where the kept point with package index `index` is, if it is kept.
    private static func find(_ index: UInt64, in sorted: [UInt64]) -> Int? {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < index { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == index ? lo : nil
    }

    /// Drops the twins of points no longer kept: a point dominated is dominated with its equals.
    private mutating func dropOrphanTwins() {
        guard !twins.isEmpty else { return }
        let sorted = indexOrder().sorted
        var kept = 0
        for k in twins.indices where Self.find(twinOf[k], in: sorted) != nil {
            (twinOf[kept], twins[kept]) = (twinOf[k], twins[k])
            kept += 1
        }
        twinOf.removeLast(twins.count - kept)
        twins.removeLast(twins.count - kept)
    }

    /// The number of frontier packages (after a flush), twins included.
    var count: Int { indices.count + twins.count }

    /// Calls `body` with each frontier package's index and scores, by package index.
    mutating func forEachByIndex(_ body: (UInt64, UnsafeBufferPointer<Double>) -> Void) {
        flush()
        let (stride, dimensions) = (stride, dimensions)
        let (sorted, position) = indexOrder()
        // Each package with the kept point that holds its scores, by package index.
        var all = sorted
        var point = position
        if !twins.isEmpty {
            for k in twins.indices {
                all.append(twins[k])
                point.append(position[Self.find(twinOf[k], in: sorted)!])
            }
            let order = all.withUnsafeBufferPointer { all in IndexSort.sorted(all.count) { all[$0] < all[$1] } }
            (all, point) = (order.map { all[$0] }, order.map { point[$0] })
        }
        scores.withUnsafeBufferPointer { scores in
            for (i, k) in point.enumerated() { body(all[i], UnsafeBufferPointer(rebasing: scores[k * stride..<k * stride + dimensions])) }
        }
    }

    /// The kept points, by package index: each index with its scores.
    mutating func sortedPoints() -> [(index: UInt64, scores: [Double])] {
        var points: [(index: UInt64, scores: [Double])] = []
        forEachByIndex { index, scores in points.append((index, Array(scores))) }
        return points
    }
}

/// The best packages found by an objective, at most `capacity`, best first; ties within 1e-12
/// go to the smaller package index, so the answer does not depend on the order of discovery.
///
/// Packages with the same *profile* (``SearchWorker`` writes one: which parties the package
/// needs, their scores and the red lines they see broken, bit for bit) are one deal for the
/// parties that must agree: the list holds one, the smallest index. That changes nothing for a
/// walk that skips what cannot enter: a package of an entry's profile has the entry's value.
///
/// A list of `width` 0 keeps no profiles and folds nothing (a list of one needs none).
///
/// Values, indices and profiles are kept in plain arrays (an array of a new element type costs
/// the runtime more on first use than a small search takes); profiles are compared by bit
/// pattern, so the NaN of a party not needed equals itself.
struct BestList {
    struct Entry {
        var value: Double
        var index: UInt64
    }

    let capacity: Int
    /// The length of a profile.
    let width: Int
    private(set) var values: [Double] = []
    /// The package indices, best first.
    private(set) var indices: [UInt64] = []
    /// The entries' profiles, `width` each, in the entries' order.
    private var profiles: [Double] = []
    /// Whether each entry's deal met another package, left out or replaced.
    private var twinned: [Bool] = []
    /// Whether a listed deal stands for more than one package found.
    var folded: Bool { twinned.contains(true) }

    init(capacity: Int, width: Int = 0) {
        self.capacity = capacity
        self.width = width
    }

    /// Whether the list holds `capacity` entries: a new one must then beat the last.
    var isFull: Bool { indices.count >= capacity }
    /// The last entry's value (−∞ while the list is empty).
    var worst: Double { values.last ?? -.infinity }

    /// Whether a package of value at most `bound` and index at least `index` could enter the
    /// list (as ``add(_:_:profile:)`` ranks: value, then within 1e-12 the smaller index).
    func mayAdmit(bound: Double, index: UInt64) -> Bool {
        guard isFull, let last = values.last, let lastIndex = indices.last else { return capacity > 0 }
        if bound > last + 1e-12 { return true }
        return bound >= last - 1e-12 && index < lastIndex
    }

    static func isBetter(_ a: Entry, than b: Entry) -> Bool {
        if a.value > b.value + 1e-12 { return true }
        if b.value > a.value + 1e-12 { return false }
        return a.index < b.index
    }

    /// Whether a package of this value and index would enter the list, its profile aside: what
    /// to check before writing the profile.
    func admits(_ value: Double, _ index: UInt64) -> Bool {
        let count = indices.count
        return capacity > 0
            && (count < capacity
                || Self.isBetter(Entry(value: value, index: index), than: Entry(value: values[count - 1], index: indices[count - 1])))
    }

    /// Adds a package, with its profile (`width` values; none when the list keeps no profiles).
    mutating func add(_ value: Double, _ index: UInt64, profile: UnsafeBufferPointer<Double>? = nil, twinned twin: Bool = false) {
        guard admits(value, index) else { return }
        var twin = twin
        if let profile, width > 0 {
            // The same deal already listed: keep the smaller index.
            for k in values.indices where values[k].bitPattern == value.bitPattern && sameProfile(k, profile) {
                guard index < indices[k] else {
                    twinned[k] = true
                    return
                }
                remove(at: k)
                twin = true
                break
            }
        }
        var k = indices.count
        let entry = Entry(value: value, index: index)
        while k > 0 && Self.isBetter(entry, than: Entry(value: values[k - 1], index: indices[k - 1])) { k -= 1 }
        values.insert(value, at: k)
        indices.insert(index, at: k)
        if width > 0 {
            twinned.insert(twin, at: k)
            let at = k * width
            if let profile {
                profiles.insert(contentsOf: profile, at: at)
            } else {
                // No profile: a deal of its own.
                profiles.insert(contentsOf: repeatElement(Double.nan, count: width), at: at)
                profiles[at] = Double(bitPattern: 0x7FF8_0000_0000_0001 &+ index)
            }
        }
        if indices.count > capacity { remove(at: indices.count - 1) }
    }

    private func sameProfile(_ k: Int, _ profile: UnsafeBufferPointer<Double>) -> Bool {
        for j in 0..<width where profiles[k * width + j].bitPattern != profile[j].bitPattern { return false }
        return true
    }

    private mutating func remove(at k: Int) {
        values.remove(at: k)
        indices.remove(at: k)
        if width > 0 {
            twinned.remove(at: k)
            profiles.removeSubrange(k * width..<(k + 1) * width)
        }
    }

    mutating func merge(_ other: BestList) {
        for k in 0..<other.indices.count {
            if width > 0 {
                other.profiles.withUnsafeBufferPointer {
                    add(
                        other.values[k], other.indices[k], profile: UnsafeBufferPointer(rebasing: $0[k * width..<(k + 1) * width]),
                        twinned: other.twinned[k])
                }
            } else {
                add(other.values[k], other.indices[k])
            }
        }
    }
}
