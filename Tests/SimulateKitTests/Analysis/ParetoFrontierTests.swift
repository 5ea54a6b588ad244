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
}
