@testable import SimulateKit

/// The obvious search: evaluate every package of the space with the CLI's evaluator and
/// compute counts, frontier, best list, Kalai–Smorodinsky and improvements from the full list.
struct ReferenceSearch {
    var viable = 0
    var uncertain = 0
    var frontier: Set<UInt64> = []
    /// (objective, index) of every viable package, best first.
    var ranked: [(Double, UInt64)] = []
    var kalaiSmorodinsky: UInt64?
    var improvements: [(Double, UInt64)] = []
    /// Viable packages that improve on `improve`'s, and uncertain ones that lean viable, copies
    /// included.
    var improvementCount = 0
    /// Packages left out of the lists (before `improve`'s) as the same deal as one listed.
    var folded = 0
    var leaningCount = 0
    /// Uncertain packages whose midpoint reading is viable, best first.
    var leaning: [(Double, UInt64)] = []
    /// The other uncertain packages, by their least midpoint margin, greatest first.
    var closest: [(Double, UInt64)] = []

    init(_ compiled: CompiledScenario, options: SearchOptions) throws {
        let space = try SearchSpace(compiled.scenario, fixed: options.fixed)
        let parties = compiled.scenario.parties
        let mustAgree = parties.indices.filter { parties[$0].required != .never }
        let thresholds = parties.map(\.threshold.mid)
        var points: [(index: UInt64, scores: [Double], needs: [Bool], objective: Double)] = []
        var leaningPoints: [(Double, UInt64)] = [], closestPoints: [(Double, UInt64)] = []
        // Each listed package's deal for the parties it needs: which parties, their scores to
        // the bit, and the red lines each sees broken. A list holds one package of each.
        var profiles: [UInt64: [[Int]]] = [:]
        var copyScores: [[Double]] = []
        // Issues nobody reads make copies of each package: only the first (each such issue at
        // the first value of its domain) enters a list.
        let inert = compiled.inertIssues.filter { space.domains[$0].count > 1 }
        for index in 0..<UInt64(space.size) {
            let terms = space.terms(at: index)
            let e = compiled.evaluate(terms)
            if e.viable == .no { continue }
            let listed = inert.allSatisfy { terms[$0] == space.domains[$0][0] }
            if listed {
                let bits = { (x: Double) in Int(bitPattern: UInt(x.bitPattern)) }
                // An uncertain package's deal includes its parties' score ranges.
                profiles[index] = e.verdicts.map { v in
                    !v.required
                        ? []
                        : [bits(v.score)] + (e.viable == .yes ? [] : [bits(v.scoreRange.lo), bits(v.scoreRange.hi)]) + v.violatedRedLines.sorted()
                }
            }
            let scores = e.verdicts.map(\.score)
            var value: Double
            let required = e.verdicts.filter(\.required).map(\.party)
            switch options.objective {
            case .nash: value = required.reduce(1.0) { $0 * (scores[$1] - thresholds[$1]) }
            case .maxmin: value = required.map { scores[$0] - thresholds[$0] }.min() ?? 1
            case .welfare: value = required.reduce(0.0) { $0 + scores[$1] }
            }
            if e.viable == .uncertain {
                uncertain += 1
                if e.viableLean == .yes {
                    leaningCount += 1
                    if listed { leaningPoints.append((value, index)) }
                } else if listed {
                    closestPoints.append((required.map { scores[$0] - thresholds[$0] }.min() ?? 1, index))
                }
                continue
            }
            viable += 1
            if listed {
                points.append((index, mustAgree.map { scores[$0] }, mustAgree.map { e.verdicts[$0].required }, value))
            } else {
                copyScores.append(mustAgree.map { scores[$0] })
            }
        }
        var folded = 0
        let deals = { (ranked: [(Double, UInt64)]) -> [(Double, UInt64)] in
            var seen = Set<[[Int]]>()
            let kept = ranked.filter { seen.insert(profiles[$0.1]!).inserted }
            folded += ranked.count - kept.count
            return kept
        }
        leaning = deals(Self.rank(leaningPoints))
        closest = deals(Self.rank(closestPoints))
        func dominates(_ a: [Double], _ b: [Double]) -> Bool {
            zip(a, b).allSatisfy { $0 >= $1 } && zip(a, b).contains { $0 > $1 }
        }
        let front = points.filter { x in !points.contains { dominates($0.scores, x.scores) } }
        frontier = Set(front.map(\.index))
        ranked = deals(Self.rank(points.map { ($0.objective, $0.index) }))
        if !front.isEmpty {
            // Over the parties each package needs; a party's ideal from the packages that need it.
            let ideal = mustAgree.indices.map { k in front.filter { $0.needs[k] }.map { $0.scores[k] }.max() ?? -.infinity }
            var best: (Double, UInt64)?
            for x in front.sorted(by: { $0.index < $1.index }) {
                let gains = mustAgree.indices.filter { x.needs[$0] }.map { k -> Double in
                    let span = ideal[k] - thresholds[mustAgree[k]]
                    return span > 1e-12 ? (x.scores[k] - thresholds[mustAgree[k]]) / span : 1
                }
                let least = gains.min() ?? 1
                if best == nil || least > best!.0 + 1e-12 { best = (least, x.index) }
            }
            kalaiSmorodinsky = best?.1
        }
        self.folded = folded
        if let k = options.improve {
            let e = compiled.evaluate(compiled.scenario.packages[k].terms)
            let base = mustAgree.map { e.verdicts[$0].score }
            let improves = { (scores: [Double]) in
                zip(scores, base).allSatisfy { $0 >= $1 - 1e-12 } && zip(scores, base).contains { $0 > $1 + 1e-12 }
            }
            let improving = points.filter { improves($0.scores) }
            improvements = deals(Self.rank(improving.map { ($0.objective, $0.index) }))
            improvementCount = improving.count + copyScores.filter(improves).count
        }
    }

    /// Best first; values within 1e-12 count as equal and go to the smaller index.
    static func rank(_ xs: [(Double, UInt64)]) -> [(Double, UInt64)] {
        var rest = xs.sorted { $0.1 < $1.1 }
        var out: [(Double, UInt64)] = []
        while !rest.isEmpty {
            var k = 0
            for j in 1..<rest.count
            where BestList.isBetter(.init(value: rest[j].0, index: rest[j].1), than: .init(value: rest[k].0, index: rest[k].1)) {
                k = j
            }
            out.append(rest.remove(at: k))
        }
        return out
    }
}
