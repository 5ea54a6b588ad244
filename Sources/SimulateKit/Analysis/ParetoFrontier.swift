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
/// Within those, a bitmap index passes over most points without loading their scores (a
/// *bitmap skyline*): each point has a code, one bit per threshold of a grid fitted to the
/// points held (bit b set when the point's score on the threshold's dimension is at least the
/// threshold), and the points' bits are also held by column. A point that dominates a
/// candidate has every bit the candidate has, so the only points worth comparing are those
/// set in the AND of one column per dimension (the candidate's highest bit there), 64 points
/// a word. Any grid is correct; one at quantiles of the points held passes over the most. On
/// the 6-party bench domain 10x4x6 the index leaves 1 comparison of scores in about 190 of
/// the points a sweep would otherwise compare.
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
    /// Kept points, by decreasing sum, indexed in their grid.
    private var kept = Points()
    /// How many points the current grid was fitted to: none is fitted below `Grid.fitFrom`
    /// points, and one is fitted again when twice as many are held.
    private var fittedTo = 0
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
                hotFilled > 0 && Self.scan(hot.baseAddress!, hotFilled * stride, c.baseAddress!, w, stride) != nil
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
        let held = kept.indices.count + n
        if stride >= 8 && held >= Grid.fitFrom && held >= 2 * fittedTo {
            fittedTo = held
            let grid = kept.scores.withUnsafeBufferPointer { k in
                pendingScores.withUnsafeBufferPointer { Grid(fittedTo: [k, $0], dimensions: dimensions, stride: stride) }
            }
            kept.index(in: grid, stride)
        }
        let grid = kept.grid
        let candidateSums = pendingScores.withUnsafeBufferPointer { s in (0..<n).map { Self.sum(s.baseAddress! + $0 * stride, stride) } }
        let candidateCodes =
            grid.bits == 0
            ? [UInt64](repeating: 0, count: n)
            : pendingScores.withUnsafeBufferPointer { s in (0..<n).map { grid.code(s.baseAddress! + $0 * stride) } }
        let order = pendingScores.withUnsafeBufferPointer { s in
            pendingIndices.withUnsafeBufferPointer { indices in candidateSums.withUnsafeBufferPointer { Self.order(n, s, indices, $0, stride) } }
        }
        var accepted = Points(grid: grid)
        pendingScores.withUnsafeBufferPointer { s in
            // The first of the current run of equal candidates (adjacent in this order), and
            // whether it was kept: its equals share its fate.
            var run: (first: Int, kept: Bool)?
            for p in order {
                let candidate = s.baseAddress! + p * stride, sum = candidateSums[p], code = candidateCodes[p]
                if let r = run, (0..<stride).allSatisfy({ candidate[$0] == s[r.first * stride + $0] }) {
                    if r.kept {
                        twinOf.append(pendingIndices[r.first])
                        twins.append(pendingIndices[p])
                    }
                    continue
                }
                run = (p, false)
                // Every accepted point has a sum at least as great: no limit there.
                if let k = accepted.dominator(of: candidate, sum: sum, code: code, bySum: false, w, stride) {
                    let points = accepted.scores
                    points.withUnsafeBufferPointer { remember($0, at: k) }
                    continue
                }
                if let k = kept.dominator(of: candidate, sum: sum, code: code, bySum: true, w, stride) {
                    let points = kept.scores
                    points.withUnsafeBufferPointer { remember($0, at: k) }
                    continue
                }
                accepted.append(candidate, index: pendingIndices[p], sum: sum, code: code, stride)
                run = (p, true)
            }
        }
        // Drop kept points that an accepted point dominates, then add the accepted ones.
        // `old` holds the only reference, so it is filtered in place.
        var old = kept
        kept = Points()
        if !old.indices.isEmpty && !accepted.indices.isEmpty { old.removeDominated(by: accepted, w, stride) }
        kept = Points.merged(old, accepted, stride)
        dropOrphanTwins()
        pendingScores.removeAll(keepingCapacity: true)
        pendingIndices.removeAll(keepingCapacity: true)
    }

    /// The candidates' order for a sweep: decreasing sum, then decreasing lexicographically
    /// (a dominating point comes first: on an equal sum it is lexicographically greater), then
    /// by index. Points with great sums dominate the most, so dominated candidates meet a
    /// dominator early.
    @inline(never)
    private static func order(
        _ n: Int, _ s: UnsafeBufferPointer<Double>, _ indices: UnsafeBufferPointer<UInt64>, _ sums: UnsafeBufferPointer<Double>, _ stride: Int
    ) -> [Int] {
        IndexSort.sorted(n) { a, b in
            if sums[a] != sums[b] { return sums[a] > sums[b] }
            for j in 0..<stride where s[a * stride + j] != s[b * stride + j] { return s[a * stride + j] > s[b * stride + j] }
            return indices[a] < indices[b]
        }
    }

    /// The thresholds of the points' codes: for each of the first 64 dimensions, increasing
    /// thresholds whose bits are consecutive, so that a point's bits on a dimension are the
    /// first few of that dimension's (those of the thresholds it reaches).
    struct Grid: Sendable {
        /// Fewer points than this are searched without an index (a small search would spend
        /// more on fitting a grid than it saves).
        static let fitFrom = 256
        private(set) var threshold: [Double] = []
        /// Where each dimension's thresholds start in `threshold`, and where the last ends.
        private(set) var start: [Int] = [0]
        /// Bit b set when threshold b + 1 is on the same dimension as threshold b.
        private(set) var sameDimensionNext: UInt64 = 0

        init() {}

        /// Up to 64 thresholds, as many per dimension as share them (at most 16; one each for the
        /// first 64 dimensions when there are more), at evenly spaced quantiles of up to 1,024 of
        /// the points' scores on that dimension, repeated thresholds left out.
        init(fittedTo sets: [UnsafeBufferPointer<Double>], dimensions: Int, stride: Int) {
            let total = sets.reduce(0) { $0 + $1.count / stride }
            guard dimensions > 0, total > 0 else { return }
            let levels = max(1, min(16, 64 / dimensions)), step = max(1, total / 1024)
            for j in 0..<min(dimensions, 64) {
                var values: [Double] = []
                var k = 0
                for set in sets {
                    for p in 0..<set.count / stride {
                        if k % step == 0, !set[p * stride + j].isNaN { values.append(set[p * stride + j]) }
                        k += 1
                    }
                }
                values.sort()
                var last = -Double.infinity
                for l in 1...levels where !values.isEmpty {
                    let t = values[min(values.count - 1, l * values.count / (levels + 1))]
                    if t > last {
                        if threshold.count > start[j] { sameDimensionNext |= 1 << UInt64(threshold.count - 1) }
                        threshold.append(t)
                        last = t
                    }
                }
                start.append(threshold.count)
            }
        }

        var bits: Int { threshold.count }

        /// A point's code: bit b set when its score on threshold b's dimension reaches it.
        func code(_ p: UnsafePointer<Double>) -> UInt64 {
            var code: UInt64 = 0
            threshold.withUnsafeBufferPointer { t in
                start.withUnsafeBufferPointer { start in
                    for j in 0..<start.count - 1 {
                        var b = start[j]
                        let end = start[j + 1], v = p[j]
                        while b < end && v >= t[b] {
                            code |= 1 << UInt64(b)
                            b += 1
                        }
                    }
                }
            }
            return code
        }
    }

    /// Points in the frontier's layout, by decreasing sum, with their codes in one grid and
    /// the codes' bits by column (64 points a word, word w of bit b at `w * grid.bits + b`).
    struct Points: Sendable {
        private(set) var scores: [Double] = []
        private(set) var indices: [UInt64] = []
        private(set) var sums: [Double] = []
        private(set) var codes: [UInt64] = []
        private(set) var columns: [UInt64] = []
        private(set) var grid = Grid()

        init(grid: Grid = Grid()) { self.grid = grid }

        mutating func append(_ point: UnsafePointer<Double>, index: UInt64, sum: Double, code: UInt64, _ stride: Int) {
            scores.append(contentsOf: UnsafeBufferPointer(start: point, count: stride))
            indices.append(index)
            sums.append(sum)
            codes.append(code)
            setColumns(of: indices.count - 1)
        }

        /// Sets the column bits of point k (the last one, or one of a rebuild in order).
        private mutating func setColumns(of k: Int) {
            let bits = grid.bits
            guard bits > 0 else { return }
            if k % 64 == 0 { columns.append(contentsOf: repeatElement(0, count: bits)) }
            let base = (k / 64) * bits, bit: UInt64 = 1 << UInt64(k % 64)
            var code = codes[k]
            while code != 0 {
                columns[base + code.trailingZeroBitCount] |= bit
                code &= code - 1
            }
        }

        private mutating func rebuildColumns() {
            columns = []
            guard grid.bits > 0 else { return }
            for k in 0..<indices.count { setColumns(of: k) }
        }

        /// The same points, coded in `grid`.
        mutating func index(in grid: Grid, _ stride: Int) {
            self.grid = grid
            guard grid.bits > 0 else {
                codes = [UInt64](repeating: 0, count: indices.count)
                columns = []
                return
            }
            codes = scores.withUnsafeBufferPointer { s in (0..<indices.count).map { grid.code(s.baseAddress! + $0 * stride) } }
            rebuildColumns()
        }

        /// Where the scores of a point that dominates `candidate` (of `code` in this grid)
        /// start, if one does; with `bySum`, only the points whose sum is at least `sum`, the
        /// candidate's, are tried.
        func dominator(of candidate: UnsafePointer<Double>, sum: Double, code: UInt64, bySum: Bool, _ w: Int, _ stride: Int) -> Int? {
            var end = indices.count
            if bySum {
                // The first point with a smaller sum, by bisection.
                var lo = 0, hi = end
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if sums[mid] >= sum { lo = mid + 1 } else { hi = mid }
                }
                end = lo
            }
            guard end > 0 else { return nil }
            return scores.withUnsafeBufferPointer { scores in
                let first = scores.baseAddress!
                let bits = grid.bits
                if bits == 0 { return ParetoFrontier.scan(first, end * stride, candidate, w, stride) }
                // The candidate's highest bit on each dimension: a dominating point has those.
                let top = code & ~((code >> 1) & grid.sameDimensionNext)
                return columns.withUnsafeBufferPointer { columns in
                    for word in 0..<(end + 63) / 64 {
                        var x: UInt64 = word == (end - 1) / 64 && end % 64 != 0 ? (1 << UInt64(end % 64)) - 1 : ~0
                        var t = top
                        while t != 0 && x != 0 {
                            x &= columns[word * bits + t.trailingZeroBitCount]
                            t &= t - 1
                        }
                        while x != 0 {
                            let k = word * 64 + x.trailingZeroBitCount
                            if ParetoFrontier.dominates(first + k * stride, candidate, w, stride) { return k * stride }
                            x &= x - 1
                        }
                    }
                    return nil
                }
            }
        }

        /// Removes the points that a point of `others` (in the same grid) dominates, keeping
        /// the order.
        mutating func removeDominated(by others: Points, _ w: Int, _ stride: Int) {
            var kept = 0
            scores.withUnsafeMutableBufferPointer { s in
                for k in 0..<indices.count {
                    let point = UnsafePointer(s.baseAddress! + k * stride)
                    if others.dominator(of: point, sum: sums[k], code: codes[k], bySum: true, w, stride) != nil { continue }
                    if kept != k {
                        for j in 0..<stride { s[kept * stride + j] = s[k * stride + j] }
                        indices[kept] = indices[k]
                        sums[kept] = sums[k]
                        codes[kept] = codes[k]
                    }
                    kept += 1
                }
            }
            guard kept < indices.count else { return }
            scores.removeLast((indices.count - kept) * stride)
            sums.removeLast(indices.count - kept)
            codes.removeLast(indices.count - kept)
            indices.removeLast(indices.count - kept)
            rebuildColumns()
        }

        /// The points of `a` and `b` (in the same grid), by decreasing sum.
        static func merged(_ a: Points, _ b: Points, _ stride: Int) -> Points {
            if b.indices.isEmpty { return a }
            if a.indices.isEmpty { return b }
            var out = Points(grid: a.grid)
            out.scores.reserveCapacity(a.scores.count + b.scores.count)
            out.indices.reserveCapacity(a.indices.count + b.indices.count)
            out.sums.reserveCapacity(a.sums.count + b.sums.count)
            out.codes.reserveCapacity(a.codes.count + b.codes.count)
            var i = 0, j = 0
            while i < a.indices.count || j < b.indices.count {
                let fromA = j == b.indices.count || (i < a.indices.count && a.sums[i] >= b.sums[j])
                let (from, k) = fromA ? (a, i) : (b, j)
                out.scores.append(contentsOf: from.scores[k * stride..<(k + 1) * stride])
                out.indices.append(from.indices[k])
                out.sums.append(from.sums[k])
                out.codes.append(from.codes[k])
                if fromA { i += 1 } else { j += 1 }
            }
            out.rebuildColumns()
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

    /// Whether the point at `a` dominates the one at `c`.
    @inline(__always)
    fileprivate static func dominates(_ a: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ w: Int, _ stride: Int) -> Bool {
        if stride == 4 { return dominates(fourLanes(a), fourLanes(c)) }
        if w == 1 {
            let x = lanes(a, 0), y = lanes(c, 0)
            return allLanes(x .>= y) && anyLane(x .> y)
        }
        var greater = false
        for v in 0..<w {
            let x = lanes(a, v), y = lanes(c, v)
            if !allLanes(x .>= y) { return false }
            if anyLane(x .> y) { greater = true }
        }
        return greater
    }

    /// Where in the `count` doubles at `first` (packed points, in any order) a point that
    /// dominates `candidate` starts, if there is one: every point compared.
    fileprivate static func scan(_ first: UnsafePointer<Double>, _ count: Int, _ candidate: UnsafePointer<Double>, _ w: Int, _ stride: Int) -> Int? {
        if stride == 4 {
            let c = fourLanes(candidate)
            var base = 0
            while base < count {
                if dominates(fourLanes(first + base), c) { return base }
                base += 4
            }
            return nil
        }
        if w == 1 {
            let c = lanes(candidate, 0)
            var base = 0
            while base < count {
                let a = lanes(first + base, 0)
                if allLanes(a .>= c) && anyLane(a .> c) { return base }
                base += stride
            }
            return nil
        }
        var base = 0
        while base < count {
            if dominates(first + base, candidate, w, stride) { return base }
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
    /// the two filters on two threads when `parallel`. The other's points are indexed again in
    /// this frontier's grid.
    mutating func merge(_ other: ParetoFrontier, parallel: Bool = false) {
        flush()
        var other = other
        other.flush()
        let (w, stride) = (width, stride)
        let mine = kept
        var theirs = other.kept
        theirs.index(in: mine.grid, stride)
        let filter = { @Sendable [theirs] (side: Int) -> Points in
            var points = side == 0 ? mine : theirs
            points.removeDominated(by: side == 0 ? theirs : mine, w, stride)
            return points
        }
        var sides: [Points]
        if mine.indices.isEmpty || theirs.indices.isEmpty {
            sides = [mine, theirs]
        } else if parallel {
            let slots = Mutex<[Points]>([Points(), Points()])
            DispatchQueue.concurrentPerform(iterations: 2) { side in
                let points = filter(side)
                slots.withLock { $0[side] = points }
            }
            sides = slots.withLock { $0 }
        } else {
            sides = [filter(0), filter(1)]
        }
        kept = Points.merged(sides[0], sides[1], stride)
        twinOf += other.twinOf
        twins += other.twins
        dropOrphanTwins()
    }

    /// The kept points' indices in increasing order, with where each point is.
    private func indexOrder() -> (sorted: [UInt64], position: [Int]) {
        let order = kept.indices.withUnsafeBufferPointer { indices in IndexSort.sorted(indices.count) { indices[$0] < indices[$1] } }
        return (order.map { kept.indices[$0] }, order)
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
    var count: Int { kept.indices.count + twins.count }

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
        kept.scores.withUnsafeBufferPointer { scores in
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
