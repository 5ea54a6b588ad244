import Testing

@testable import SimulateKit

/// The frontier (chunked sorted sweeps, sums as limits, cross-filtered merges) against the
/// obvious definition on seeded random point sets: coarse scores so that ties and equal
/// points are common, 0 to 12 dimensions (past one 8-lane vector), small chunks so that
/// many flushes run, and sets split in two and merged.
struct ParetoFrontierTests {
    /// The indices of the points no other point dominates.
    static func bruteForce(_ points: [[Double]]) -> Set<UInt64> {
        var kept = Set<UInt64>()
        for (i, p) in points.enumerated() {
            let dominated = points.contains { q in
                zip(q, p).allSatisfy { $0 >= $1 } && zip(q, p).contains { $0 > $1 }
            }
            if !dominated { kept.insert(UInt64(i)) }
        }
        return kept
    }

    static func randomPoints(seed: Int) -> [[Double]] {
        var rng = SplitMix64(seed: UInt64(seed))
        let dimensions = seed % 13
        let count = Int(rng.next() % 400)
        let levels = [3, 5, 20][seed % 3]
        return (0..<count).map { _ in (0..<dimensions).map { _ in Double(rng.next() % UInt64(levels)) / Double(levels - 1) } }
    }

    static func frontier(_ points: [[Double]], range: Range<Int>, dimensions: Int, maxChunk: Int) -> ParetoFrontier {
        var frontier = ParetoFrontier(dimensions: dimensions, maxChunk: maxChunk)
        for k in range {
            points[k].withUnsafeBufferPointer { frontier.add($0, index: UInt64(k)) }
        }
        return frontier
    }

    @Test(arguments: 0..<200)
    func frontierMatchesTheDefinition(seed: Int) {
        let points = Self.randomPoints(seed: seed)
        let dimensions = seed % 13
        let want = Self.bruteForce(points)
        var whole = Self.frontier(points, range: 0..<points.count, dimensions: dimensions, maxChunk: [4, 64, 1 << 15][seed % 3])
        let got = whole.sortedPoints()
        #expect(Set(got.map(\.index)) == want, "seed \(seed)")
        #expect(got.map(\.index) == got.map(\.index).sorted(), "seed \(seed)")
        for point in got { #expect(point.scores == points[Int(point.index)], "seed \(seed)") }

        let cut = points.isEmpty ? 0 : seed % points.count
        var left = Self.frontier(points, range: 0..<cut, dimensions: dimensions, maxChunk: 8)
        let right = Self.frontier(points, range: cut..<points.count, dimensions: dimensions, maxChunk: 8)
        left.merge(right, parallel: seed % 2 == 0)
        #expect(Set(left.sortedPoints().map(\.index)) == want, "seed \(seed) merged at \(cut)")
    }

    /// Sets whose frontiers run to hundreds or thousands of points, across many flushes and a
    /// merge of two large sides.
    @Test(arguments: 0..<12)
    func largeFrontiersMatchTheDefinition(seed: Int) {
        var rng = SplitMix64(seed: UInt64(900 + seed))
        let dimensions = 3 + seed % 10
        let count = 1500 + Int(rng.next() % 1500)
        let levels = UInt64([20, 50, 1000][seed % 3])
        // Most points near a surface of trade-offs (scores summing to about 1), the rest inside
        // it: large frontiers, with dominated points and ties among them.
        let points = (0..<count).map { k -> [Double] in
            let raw = (0..<dimensions).map { _ in Double(1 + rng.next() % levels) }
            let total = raw.reduce(0, +)
            let shrink = k % 4 == 0 ? Double(rng.next() % 8) / 10 : 1
            return raw.map { ((shrink * $0 / total) * Double(levels)).rounded() / Double(levels) }
        }
        let want = Self.bruteForce(points)
        #expect(want.count >= 200, "seed \(seed): only \(want.count) on the frontier")
        var whole = Self.frontier(points, range: 0..<points.count, dimensions: dimensions, maxChunk: [64, 512, 1 << 18][seed % 3])
        #expect(Set(whole.sortedPoints().map(\.index)) == want, "seed \(seed)")
        let cut = count / 3
        var left = Self.frontier(points, range: 0..<cut, dimensions: dimensions, maxChunk: 256)
        let right = Self.frontier(points, range: cut..<count, dimensions: dimensions, maxChunk: 256)
        left.merge(right, parallel: seed % 2 == 0)
        #expect(Set(left.sortedPoints().map(\.index)) == want, "seed \(seed) merged at \(cut)")
    }

    /// Sets made of a few distinct points, each repeated many times (a party indifferent to an
    /// issue): equal points are held as twins of one kept point; every copy of a frontier point
    /// must still come out, copies dominated with their original must not, and the count must
    /// include the twins, also across flushes and merges.
    @Test(arguments: 0..<24)
    func repeatedPointsAllStayOrGoTogether(seed: Int) {
        var rng = SplitMix64(seed: UInt64(4000 + seed))
        let dimensions = 1 + seed % 6
        let pool = (0..<(3 + seed % 20)).map { _ in (0..<dimensions).map { _ in Double(rng.next() % 6) / 5 } }
        let points = (0..<(200 + Int(rng.next() % 2000))).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }
        let want = Self.bruteForce(points)
        var whole = Self.frontier(points, range: 0..<points.count, dimensions: dimensions, maxChunk: [16, 256, 1 << 15][seed % 3])
        let got = whole.sortedPoints()
        #expect(Set(got.map(\.index)) == want, "seed \(seed)")
        #expect(got.map(\.index) == got.map(\.index).sorted(), "seed \(seed)")
        #expect(whole.count == want.count, "seed \(seed)")
        for point in got { #expect(point.scores == points[Int(point.index)], "seed \(seed)") }
        let cut = points.count / 2
        var left = Self.frontier(points, range: 0..<cut, dimensions: dimensions, maxChunk: 32)
        let right = Self.frontier(points, range: cut..<points.count, dimensions: dimensions, maxChunk: 32)
        left.merge(right, parallel: seed % 2 == 0)
        #expect(Set(left.sortedPoints().map(\.index)) == want, "seed \(seed) merged")
        #expect(left.count == want.count, "seed \(seed) merged")
    }

    /// The index's grid on its own: a point that is at least as great on every dimension has
    /// every bit of the other's code (what lets the sweep pass over points by their bits), a
    /// code's bits on a dimension are its first few there, and up to 64 bits are used, for any
    /// number of dimensions.
    @Test(arguments: 0..<40)
    func gridCodesKeepDominance(seed: Int) {
        var rng = SplitMix64(seed: UInt64(7000 + seed))
        let dimensions = [1, 3, 5, 6, 8, 13, 64, 65, 70][seed % 9]
        let stride = dimensions <= 4 ? 4 : (dimensions + 7) / 8 * 8
        let levels = UInt64([4, 30, 1000][seed % 3])
        let count = 50 + Int(rng.next() % 600)
        var packed = [Double](repeating: 0, count: count * stride)
        for p in 0..<count {
            for j in 0..<dimensions { packed[p * stride + j] = Double(rng.next() % levels) / Double(levels) }
        }
        let grid = packed.withUnsafeBufferPointer {
            ParetoFrontier.Grid(fittedTo: [$0], dimensions: dimensions, stride: stride)
        }
        #expect(grid.bits >= min(dimensions, 64) && grid.bits <= 64, "seed \(seed): \(grid.bits) bits")
        packed.withUnsafeBufferPointer { s in
            let codes = (0..<count).map { grid.code(s.baseAddress! + $0 * stride) }
            for _ in 0..<2000 {
                let a = Int(rng.next() % UInt64(count)), c = Int(rng.next() % UInt64(count))
                // a raised to be at least c everywhere: the point that would dominate c.
                var raised = [Double](repeating: 0, count: stride)
                for j in 0..<dimensions { raised[j] = max(s[a * stride + j], s[c * stride + j]) }
                let code = raised.withUnsafeBufferPointer { grid.code($0.baseAddress!) }
                #expect(code & codes[c] == codes[c], "seed \(seed)")
                #expect(code & codes[a] == codes[a], "seed \(seed)")
            }
        }
    }

    /// Large frontiers in many dimensions, past 64 (where the grid has one bit for each of the
    /// first 64), across flushes, refits and a merge of two sides indexed in different grids.
    /// Over half the points are copies of 400 anchors lowered on one to three dimensions
    /// (dominated by their anchor, which may come before or after them); the rest trade off on
    /// a few dimensions and are coarse on the others. In many dimensions most anchors stay on
    /// the frontier, enough for the grid to be fitted and fitted again, and the index has
    /// dominators to find (the large frontiers above cover fewer dimensions).
    @Test(arguments: [5, 6, 9, 16, 63, 64, 65, 70])
    func manyDimensionsMatchTheDefinition(dimensions: Int) {
        var rng = SplitMix64(seed: UInt64(8000 + dimensions))
        let anchors = (0..<400).map { _ in (0..<dimensions).map { _ in Double(rng.next() % 16) / 16 + 0.1 } }
        var points = anchors
        for k in 0..<800 {
            var point = anchors[k % anchors.count]
            for _ in 0...(k % 3) { point[Int(rng.next() % UInt64(dimensions))] -= Double(1 + rng.next() % 8) / 100 }
            points.append(point)
        }
        for k in 0..<300 {
            points.append(
                (0..<dimensions).map { j in
                    j < 4 ? Double(rng.next() % 40) / 40 : Double(rng.next() % (k % 3 == 0 ? 2 : 4)) / 4
                })
        }
        for k in stride(from: points.count - 1, to: 0, by: -1) { points.swapAt(k, Int(rng.next() % UInt64(k + 1))) }
        let want = Self.bruteForce(points)
        #expect(points.count - want.count >= 800, "\(dimensions) dimensions: \(want.count) of \(points.count) undominated")
        var whole = Self.frontier(points, range: 0..<points.count, dimensions: dimensions, maxChunk: 64)
        #expect(Set(whole.sortedPoints().map(\.index)) == want, "\(dimensions) dimensions")
        var left = Self.frontier(points, range: 0..<700, dimensions: dimensions, maxChunk: 128)
        let right = Self.frontier(points, range: 700..<points.count, dimensions: dimensions, maxChunk: 32)
        left.merge(right)
        #expect(Set(left.sortedPoints().map(\.index)) == want, "\(dimensions) dimensions merged")
    }
}
