/// One thread's share of a search: a depth-first walk over the package space that keeps
/// running sums per depth, decides red lines as soon as their issues have terms, and skips
/// whole subtrees whose viability is already settled.
///
/// A value type, so the walk's state needs no runtime exclusivity checks; each thread owns
/// one and hands it to the merge when done.
struct SearchWorker: Sendable {
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
    /// Uncertain packages whose midpoint reading is viable.
    var leaningViable: UInt64 = 0
    var bestLeaning: BestList
    var frontier: ParetoFrontier
    var best: BestList
    var improvements: BestList

    // The walk's state, by level (level = number of depths with a term, 0...n).
    private var terms: [Term]
    private var positions: [Int]
    /// Additive sums: `partial[level * P + p]`.
    private var partial: [Double]
    /// Red-line flags: 1 when a certain red line is violated.
    private var flags: [UInt8]
    /// Requirement: 0 not yet known, 1 required, 2 not required.
    private var requirement: [UInt8]
    private var prefix: [Int]

    // Scratch.
    private var satisfactions: [SatisfactionReading] = []
    private var violated: [Int] = []
    private var scores: [Double]
    private var required: [Bool]
    private var frontierScores: [Double]

    private static let certainFlag: UInt8 = 1

    init(plan: SearchPlan, options: SearchOptions, splitDepth: Int, improveBase: [Double]?) {
        self.plan = plan
        self.options = options
        self.splitDepth = splitDepth
        self.improveBase = improveBase
        let n = plan.issueCount, P = plan.partyCount
        frontier = ParetoFrontier(dimensions: plan.mustAgree.count)
        best = BestList(capacity: options.top)
        improvements = BestList(capacity: options.top)
        bestLeaning = BestList(capacity: options.top)
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
    mutating func run(item: Int) {
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

    private mutating func visit(_ d: Int) {
        let n = plan.issueCount
        let issue = plan.order[d]
        let domain = plan.space.domains[issue]
        let range = d < splitDepth ? prefix[d]..<(prefix[d] + 1) : 0..<domain.count
        let last = d == n - 1
        for k in range {
            if last && rejectedQuickly(depth: d, value: k) {
                examined &+= 1
                evaluated &+= 1
                continue
            }
            terms[issue] = domain[k]
            positions[issue] = k
            assign(depth: d, value: k)
            if last {
                leaf()
                continue
            }
            if settledNotViable(level: d + 1) {
                examined &+= share(d)
            } else {
                visit(d + 1)
            }
        }
    }

    /// Whether an always-required additive party's score already falls short with value `k`
    /// at the last depth: most packages of a large space end here, before any other work.
    /// (Always inlined: a call would copy the whole worker, self being passed by value.)
    @inline(__always)
    private func rejectedQuickly(depth d: Int, value k: Int) -> Bool {
        let P = plan.partyCount
        let row = (d * plan.maxSize + k) * P
        let tolerance = plan.compiled.tolerance
        for p in plan.quickParties where partial[d * P + p] + plan.contribution[row + p] < plan.thresholdLo[p] - tolerance {
            return true
        }
        return false
    }

    /// The packages of this work item below a node at depth `d`: above the split depth an
    /// item covers one path, so its share is the subtree at the split.
    @inline(__always)
    private func share(_ d: Int) -> UInt64 {
        d < splitDepth ? plan.below[splitDepth - 1] : plan.below[d]
    }

    /// Updates the running state for value `k` at depth `d` (level d + 1).
    private mutating func assign(depth d: Int, value k: Int) {
        let P = plan.partyCount
        let from = d * P, to = (d + 1) * P
        let row = (d * plan.maxSize + k) * P
        plan.contribution.withUnsafeBufferPointer { contribution in
            partial.withUnsafeMutableBufferPointer { partial in
                for p in 0..<P { partial[to + p] = partial[from + p] + contribution[row + p] }
            }
        }
        flags.withUnsafeMutableBufferPointer { flags in
            for p in 0..<P { flags[to + p] = flags[from + p] }
            plan.violations.withUnsafeBufferPointer { violations in
                let size = plan.sizes[d]
                for check in plan.tableChecks[d] {
                    let row = check.other >= 0 ? positions[check.other] * size : 0
                    if violations[check.offset + row + k] { flags[to + check.party] |= check.flags }
                }
            }
            for check in plan.checks[d] where check.redLine.isViolated(by: terms) {
                flags[to + check.party] |= check.flags
            }
        }
        guard plan.hasConditionalParties else { return }
        requirement.withUnsafeMutableBufferPointer { requirement in
            for p in 0..<P {
                requirement[to + p] = requirement[from + p]
                if requirement[to + p] == 0, case .when(let predicate, let depth) = plan.requirements[p], depth <= d {
                    requirement[to + p] = predicate.holds(terms) ? 1 : 2
                }
            }
        }
    }

    /// Whether no package below the node at `level` can be viable: a party already known to
    /// be required certainly rejects all of them (a certain red line is violated, or even its
    /// best possible score falls short of its lowest threshold).
    private mutating func settledNotViable(level: Int) -> Bool {
        let P = plan.partyCount
        let tolerance = plan.compiled.tolerance
        let requirementLevel = plan.hasConditionalParties ? level : 0
        for p in 0..<P where requirement[requirementLevel * P + p] == 1 {
            if flags[level * P + p] & Self.certainFlag != 0 { return true }
            switch plan.kinds[p] {
            case .additive:
                if partial[level * P + p] + plan.suffixMax[level * P + p] < plan.thresholdLo[p] - tolerance { return true }
            case .general:
                if maxHighScore(party: p, level: level) < plan.thresholdLo[p] - tolerance { return true }
            }
        }
        return false
    }

    /// The greatest score a general party could reach, at the most favourable reading, on
    /// any package below the node at `level`. (Mutating only so that the worker is passed by
    /// reference: a non-mutating call copies it.)
    private mutating func maxHighScore(party p: Int, level: Int) -> Double {
        let start = plan.demandStart[p], end = plan.demandStart[p + 1]
        return withUnsafeTemporaryAllocation(of: WeightedReading.self, capacity: max(end - start, 1)) { items in
            for j in start..<end {
                var high = plan.demandMaxHigh[j]
                if plan.demandDepth[j] < level {
                    let table = plan.demandTable[j]
                    high =
                        table >= 0
                        ? plan.demandHigh[table + positions[plan.demandIssue[j]]]
                        : CompiledScenario.satisfaction(plan.demandSatisfaction[j], terms).hi
                }
                items[j - start] = WeightedReading(s: high, low: plan.demandWeightLow[j], high: plan.demandWeightHigh[j])
            }
            return CompiledScenario.scoreExtreme(UnsafeMutableBufferPointer(rebasing: items[0..<(end - start)]), least: false)
        }
    }

    /// A package with every term set.
    private mutating func leaf() {
        examined &+= 1
        evaluated &+= 1
        let n = plan.issueCount, P = plan.partyCount
        let level = n * P
        let requirementLevel = plan.hasConditionalParties ? level : 0
        let tolerance = plan.compiled.tolerance
        // Viability from the required parties, additive ones first (they are cheap).
        for p in 0..<P where requirement[requirementLevel + p] == 1 {
            if case .additive = plan.kinds[p] {
                if flags[level + p] & Self.certainFlag != 0 || partial[level + p] < plan.thresholdLo[p] - tolerance { return }
            }
        }
        var anyUncertain = false, leansViable = true
        for p in 0..<P {
            let isRequired = requirement[requirementLevel + p] == 1
            required[p] = isRequired
            switch plan.kinds[p] {
            case .additive:
                scores[p] = partial[level + p]
            case .general:
                guard isRequired else { continue }
                let a = plan.compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
                scores[p] = a.score
                if a.verdict == .reject { return }
                if a.verdict == .uncertain { anyUncertain = true }
                if a.lean == .reject { leansViable = false }
            }
        }
        // Scores exactly as the CLI computes them, where the running sums add in another order,
        // and the scores of the parties not required here that the frontier compares.
        for p in 0..<P {
            switch plan.kinds[p] {
            case .additive where !plan.exactOrder[p]:
                scores[p] = plan.compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated).score
            case .general where !required[p] && !anyUncertain && plan.requirements[p].mayRequire:
                scores[p] = plan.compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated).score
            default:
                break
            }
        }
        let index = plan.space.index(of: positions)
        let value = scores.withUnsafeBufferPointer { s in
            required.withUnsafeBufferPointer { r in options.objective.value(scores: s, thresholds: plan.thresholdMid, required: r) }
        }
        if anyUncertain {
            uncertain &+= 1
            if leansViable {
                leaningViable &+= 1
                bestLeaning.add(value, index)
            }
            return
        }
        viable &+= 1
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
