/// One thread's share of a search: a depth-first walk over the package space that keeps
/// running sums per depth, decides red lines as soon as their issues have terms, and skips
/// whole subtrees whose viability is already settled.
///
/// Used by one thread at a time, then handed to the merge.
final class SearchWorker: @unchecked Sendable {
    let plan: SearchPlan
    let options: SearchOptions
    let splitDepth: Int
    let improveBase: [Double]?

    // Counts.
    var examined: UInt64 = 0
    var evaluated: UInt64 = 0
    var viable: UInt64 = 0
    var uncertain: UInt64 = 0
    var improvementCount: UInt64 = 0
    var frontier: ParetoFrontier
    var best: BestList
    var improvements: BestList

    // The walk's state, by level (level = number of depths with a term, 0...n).
    private var terms: [Term]
    private var positions: [Int]
    /// Additive sums: `partial[level * P + p]`.
    private var partial: [Double]
    /// Red-line flags: bit 1 a certain red line violated, 2 any violated, 4 a likely one violated.
    private var flags: [UInt8]
    /// Requirement: 0 not yet known, 1 required, 2 not required.
    private var requirement: [UInt8]
    private var prefix: [Int]

    // Scratch.
    private var satisfactions: [SatisfactionReading] = []
    private var violated: [Int] = []
    private var boundReadings: [SatisfactionReading] = []
    private var scores: [Double]
    private var required: [Bool]
    private var frontierScores: [Double]

    private static let certainFlag: UInt8 = 1, anyFlag: UInt8 = 2, likelyFlag: UInt8 = 4

    init(plan: SearchPlan, options: SearchOptions, splitDepth: Int, improveBase: [Double]?) {
        self.plan = plan
        self.options = options
        self.splitDepth = splitDepth
        self.improveBase = improveBase
        let n = plan.issueCount, P = plan.partyCount
        frontier = ParetoFrontier(dimensions: plan.mustAgree.count)
        best = BestList(capacity: options.top)
        improvements = BestList(capacity: options.top)
        terms = plan.space.domains.map { $0[0] }
        positions = [Int](repeating: 0, count: n)
        partial = [Double](repeating: 0, count: (n + 1) * P)
        flags = [UInt8](repeating: 0, count: (n + 1) * P)
        requirement = [UInt8](repeating: 0, count: (n + 1) * P)
        prefix = [Int](repeating: 0, count: splitDepth)
        scores = [Double](repeating: 0, count: P)
        required = [Bool](repeating: false, count: P)
        frontierScores = [Double](repeating: 0, count: plan.mustAgree.count)
        for p in 0..<P {
            partial[p] = plan.base[p]
            switch plan.requirements[p] {
            case .always: requirement[p] = 1
            case .never: requirement[p] = 2
            case .when: requirement[p] = 0
            }
        }
    }

    /// Walks the subtree of work item `item` (a combination of the first `splitDepth` values).
    func run(item: Int) {
        var rest = item
        for d in stride(from: splitDepth - 1, through: 0, by: -1) {
            prefix[d] = rest % plan.sizes[d]
            rest /= plan.sizes[d]
        }
        if plan.issueCount == 0 {
            leaf()
            return
        }
        visit(0)
    }

    private func visit(_ d: Int) {
        let n = plan.issueCount
        let issue = plan.order[d]
        let domain = plan.space.domains[issue]
        let range = d < splitDepth ? prefix[d]..<(prefix[d] + 1) : 0..<domain.count
        for k in range {
            terms[issue] = domain[k]
            positions[issue] = k
            assign(depth: d, value: k)
            if d == n - 1 {
                leaf()
                continue
            }
            switch settle(level: d + 1) {
            case .no:
                examined &+= share(d)
            case .uncertain:
                examined &+= share(d)
                uncertain &+= share(d)
            case .open:
                visit(d + 1)
            }
        }
    }

    /// The packages of this work item below a node at depth `d`: above the split depth an
    /// item covers one path, so its share is the subtree at the split.
    private func share(_ d: Int) -> UInt64 {
        d < splitDepth ? plan.below[splitDepth - 1] : plan.below[d]
    }

    /// Updates the running state for value `k` at depth `d` (level d + 1).
    private func assign(depth d: Int, value k: Int) {
        let P = plan.partyCount
        let from = d * P, to = (d + 1) * P
        let row = (d * plan.maxSize + k) * P
        for p in 0..<P {
            partial[to + p] = partial[from + p] + plan.contribution[row + p]
            flags[to + p] = flags[from + p]
            requirement[to + p] = requirement[from + p]
        }
        for check in plan.checks[d] {
            let violated: Bool
            if let table = check.table { violated = table[positions[check.issue]] } else { violated = check.redLine.isViolated(by: terms) }
            if violated {
                var f = Self.anyFlag
                if check.certain { f |= Self.certainFlag }
                if check.likely { f |= Self.likelyFlag }
                flags[to + check.party] |= f
            }
        }
        for p in 0..<P where requirement[to + p] == 0 {
            if case .when(let predicate, let depth) = plan.requirements[p], depth <= d {
                requirement[to + p] = predicate.holds(terms) ? 1 : 2
            }
        }
    }

    private enum Settlement { case no, uncertain, open }

    /// Whether every package below the node at `level` is already settled: not viable (a
    /// required party certainly rejects all of them) or uncertain (no party that may be
    /// required can reject, and a required one is uncertain about all of them).
    private func settle(level: Int) -> Settlement {
        let P = plan.partyCount
        let tolerance = Evaluation.tolerance
        var allNeverReject = true
        var someUncertainAll = false
        for p in 0..<P {
            let req = requirement[level * P + p]
            if req == 2 { continue }
            let f = flags[level * P + p]
            switch plan.kinds[p] {
            case .additive:
                let sum = partial[level * P + p]
                let rejectAll = f & Self.certainFlag != 0
                    || sum + plan.suffixMax[level * P + p] < plan.thresholdLo[p] - tolerance
                if rejectAll && req == 1 { return .no }
                if !plan.hasGeneralParties { continue }
                if rejectAll || plan.pendingCertain[level * P + p] > 0
                    || sum + plan.suffixMin[level * P + p] < plan.thresholdLo[p] - tolerance {
                    allNeverReject = false
                }
            case .general:
                let b = bounds(party: p, level: level)
                let rejectAll = f & Self.certainFlag != 0 || b.maxHi < plan.thresholdLo[p] - tolerance
                if rejectAll && req == 1 { return .no }
                let neverReject = !rejectAll && plan.pendingCertain[level * P + p] == 0 && b.minHi >= plan.thresholdLo[p] - tolerance
                if !neverReject {
                    allNeverReject = false
                } else if req == 1 {
                    let neverAccept = f & Self.anyFlag != 0 || b.maxLo < plan.thresholdHi[p] - tolerance
                    if neverAccept { someUncertainAll = true }
                }
            }
        }
        return allNeverReject && someUncertainAll ? .uncertain : .open
    }

    /// Bounds on a general party's score over every package below the node at `level`:
    /// the least and greatest low reading, and the least and greatest high reading.
    private func bounds(party p: Int, level: Int) -> (minLo: Double, maxLo: Double, minHi: Double, maxHi: Double) {
        let demands = plan.boundedDemands[p]
        let active = plan.compiled.parties[p].demands
        boundReadings.removeAll(keepingCapacity: true)
        satisfactions.removeAll(keepingCapacity: true)
        for b in demands {
            if b.depth < level {
                let s: SatisfactionReading
                if let table = b.table { s = table[positions[b.issue]] } else { s = CompiledScenario.satisfaction(b.demand.satisfaction, terms) }
                boundReadings.append(SatisfactionReading(lo: s.lo, mid: s.mid, hi: s.hi))
                satisfactions.append(SatisfactionReading(lo: s.lo, mid: s.mid, hi: s.hi))
            } else {
                // Least low and greatest high; then greatest low and least high.
                boundReadings.append(SatisfactionReading(lo: b.minLo, mid: b.minLo, hi: b.maxHi))
                satisfactions.append(SatisfactionReading(lo: b.maxLo, mid: b.maxLo, hi: b.minHi))
            }
        }
        let outer = CompiledScenario.scoreBounds(active, boundReadings)
        let inner = CompiledScenario.scoreBounds(active, satisfactions)
        return (outer.lo, inner.lo, inner.hi, outer.hi)
    }

    /// A package with every term set.
    private func leaf() {
        examined &+= 1
        evaluated &+= 1
        let n = plan.issueCount, P = plan.partyCount
        let level = n * P
        let tolerance = Evaluation.tolerance
        // Quick rejection by required additive parties.
        for p in 0..<P where requirement[level + p] == 1 {
            if case .additive = plan.kinds[p] {
                if flags[level + p] & Self.certainFlag != 0 || partial[level + p] < plan.thresholdLo[p] - tolerance { return }
            }
        }
        var anyUncertain = false
        for p in 0..<P {
            let isRequired = requirement[level + p] == 1
            required[p] = isRequired
            switch plan.kinds[p] {
            case .additive:
                scores[p] = partial[level + p]
                if isRequired && (flags[level + p] & Self.certainFlag != 0 || scores[p] < plan.thresholdLo[p] - tolerance) { return }
            case .general:
                let a = plan.compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
                scores[p] = a.score
                if isRequired {
                    if a.verdict == .reject { return }
                    if a.verdict == .uncertain { anyUncertain = true }
                }
            }
        }
        if anyUncertain {
            uncertain &+= 1
            return
        }
        viable &+= 1
        // Scores exactly as the CLI computes them, where the running sums add in another order.
        for p in 0..<P {
            if case .additive = plan.kinds[p], !plan.exactOrder[p] {
                scores[p] = plan.compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated).score
            }
        }
        let index = plan.space.index(of: positions)
        let value = scores.withUnsafeBufferPointer { s in
            required.withUnsafeBufferPointer { r in options.objective.value(scores: s, thresholds: plan.thresholdMid, required: r) }
        }
        best.add(value, index)
        for (k, p) in plan.mustAgree.enumerated() { frontierScores[k] = scores[p] }
        frontierScores.withUnsafeBufferPointer { frontier.add($0, index: index) }
        if let base = improveBase {
            var geq = true, greater = false
            for k in 0..<base.count {
                if frontierScores[k] < base[k] - 1e-12 { geq = false; break }
                if frontierScores[k] > base[k] + 1e-12 { greater = true }
            }
            if geq && greater {
                improvementCount &+= 1
                improvements.add(value, index)
            }
        }
    }
}
