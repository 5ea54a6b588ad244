/// A scenario compiled for search: issues in the order they are visited, each party's
/// red lines grouped by the depth at which they can first be decided, and flat tables of
/// score contributions, so that the enumeration does no lookups by id and no allocation.
struct SearchPlan: Sendable {
    /// How a party is scored during search.
    enum PartyKind: Sendable, Equatable {
        /// Certain, and every demand reads at most one issue: scores are sums of per-issue
        /// contributions, kept incrementally.
        case additive
        /// Everything else: assessed in full at the leaves, bounded at inner nodes.
        case general
    }

    /// When a party's agreement is needed, with the depth at which a condition is decided.
    enum Requirement: Sendable {
        case always, never
        case when(Predicate, depth: Int)

        /// True unless the party is an observer.
        var mayRequire: Bool {
            if case .never = self { return false }
            return true
        }
    }

    /// A red line over several issues, to test once every issue it reads has a term.
    struct RedLineCheck: Sendable {
        var party: Int
        var redLine: RedLine
        /// True for an always-required additive party: a violation sets its running score to −∞.
        var folds: Bool
    }

    let compiled: CompiledScenario
    let space: SearchSpace
    let issueCount: Int
    let partyCount: Int
    /// The issue visited at each depth, and the depth of each issue.
    let order: [Int]
    let depthOf: [Int]
    /// The number of values at each depth.
    let sizes: [Int]
    /// The tables the walk reads at every node.
    let tables: SearchTables
    let kinds: [PartyKind]
    let requirements: [Requirement]
    let thresholdLo: [Double], thresholdHi: [Double], thresholdMid: [Double]
    /// True when an additive party's incremental sum adds exactly the terms of its score in
    /// the order `CompiledScenario` adds them, so the two agree to the bit.
    let exactOrder: [Bool]
    /// Certain red lines over several issues, grouped by the depth at which they are decided.
    let checks: [[RedLineCheck]]
    /// The other parties that the walk settles subtrees on (conditionally required, or
    /// assessed in full): the always-required additive parties are in `tables.quick`.
    let otherParties: [Int]
    /// The first value of each issue, by issue.
    let firstTerms: [Term]
    /// The values of each depth's issue, flat: depth d's are `domainStart[d] ..< domainStart[d + 1]`.
    let domainValues: [Term]
    let domainStart: [Int]
    /// True when the walk keeps the current package's terms: a red line over several issues,
    /// a conditional requirement, a party assessed in full or an additive party whose running
    /// sum adds in another order than the evaluator reads them.
    let needsTerms: Bool
    /// General parties' demands, flat: party p's are `demandStart[p] ..< demandStart[p + 1]`.
    let demandStart: [Int]
    /// The depth after which each demand's satisfaction is known.
    let demandDepth: [Int]
    /// The depth of the issue a one-issue demand reads (else -1), and where its table starts
    /// in `demandHigh` (else -1).
    let demandIssueDepth: [Int], demandTable: [Int]
    /// High satisfaction readings of one-issue demands, per value of their issue.
    let demandHigh: [Double]
    /// The greatest high reading over the whole domain.
    let demandMaxHigh: [Double]
    /// Each demand's weight range (low 0 when the demand may not be held).
    let demandWeightLow: [Double], demandWeightHigh: [Double]
    let demandSatisfaction: [Demand.Satisfaction]
    /// The parties that may have to agree (required is not false), in file order.
    let mustAgree: [Int]
    let hasGeneralParties: Bool
    /// True when some party is required only when a predicate holds.
    let hasConditionalParties: Bool

    init(compiled: CompiledScenario, space: SearchSpace) {
        self.compiled = compiled
        self.space = space
        let n = space.domains.count
        let parties = compiled.parties
        let P = parties.count
        issueCount = n
        partyCount = P

        func readsOneIssue(_ d: CompiledScenario.ActiveDemand) -> Bool {
            if case .wants(let p) = d.satisfaction { return p.issues.count <= 1 }
            return true
        }
        let kinds: [PartyKind] = parties.map { party in
            !party.isUncertain && party.demands.allSatisfy(readsOneIssue) ? .additive : .general
        }
        self.kinds = kinds
        hasGeneralParties = kinds.contains { if case .general = $0 { return true } else { return false } }

        // Visit order: file order when every party is additive (scores then add up in file
        // order); otherwise pinned issues first, then the issues most red lines read, so that
        // whole subtrees are decided early.
        if hasGeneralParties {
            var weight = [Double](repeating: 0, count: n)
            for party in parties {
                for r in party.redLines {
                    var issues = Self.issues(of: r.redLine)
                    if issues.isEmpty { continue }
                    let share = (r.likelihood >= 1 ? 2.0 : 1.0) / Double(issues.count)
                    for i in issues { weight[i] += share }
                    issues.removeAll()
                }
            }
            order = IndexSort.sorted(n) { a, b in
                let fa = space.domains[a].count == 1, fb = space.domains[b].count == 1
                if fa != fb { return fa }
                if weight[a] != weight[b] { return weight[a] > weight[b] }
                return a < b
            }
        } else {
            order = Array(0..<n)
        }
        var depthOf = [Int](repeating: 0, count: n)
        for (d, i) in order.enumerated() { depthOf[i] = d }
        self.depthOf = depthOf
        sizes = order.map { space.domains[$0].count }
        var below = [UInt64](repeating: 1, count: n)
        if n > 1 {
            for d in stride(from: n - 2, through: 0, by: -1) { below[d] = below[d + 1] &* UInt64(sizes[d + 1]) }
        }
        // The index weight of each issue in file order (last issue fastest), then by depth.
        var radix = [UInt64](repeating: 1, count: n)
        if n > 1 {
            for i in stride(from: n - 2, through: 0, by: -1) { radix[i] = radix[i + 1] &* UInt64(space.domains[i + 1].count) }
        }
        let indexWeight = order.map { radix[$0] }
        var domainValues: [Term] = [], domainStart = [0]
        for i in order {
            domainValues += space.domains[i]
            domainStart.append(domainValues.count)
        }
        self.domainValues = domainValues
        firstTerms = space.domains.map { $0.first ?? .option(0) }
        self.domainStart = domainStart
        func depth(_ issues: [Int]) -> Int { issues.map { depthOf[$0] }.max() ?? 0 }

        requirements = parties.map { party in
            switch party.required {
            case .always: return .always
            case .never: return .never
            case .when(let p): return .when(p, depth: depth(p.issues))
            }
        }
        hasConditionalParties = parties.contains { if case .when = $0.required { return true } else { return false } }
        mustAgree = parties.indices.filter { if case .never = parties[$0].required { return false } else { return true } }
        thresholdLo = parties.map(\.threshold.lo)
        thresholdHi = parties.map(\.threshold.hi)
        thresholdMid = parties.map(\.threshold.mid)
        let tolerance = compiled.tolerance

        // Additive contributions, per depth and value.
        // Depth d's values are rows valueStart[d] ..< valueStart[d + 1] of the tables.
        var valueStart = [Int](repeating: 0, count: n + 1)
        for d in 0..<n { valueStart[d + 1] = valueStart[d] + sizes[d] }
        var contribution = [Double](repeating: 0, count: valueStart[n] * P)
        var base = [Double](repeating: 0, count: P)
        var exactOrder = [Bool](repeating: false, count: P)
        var terms = space.domains.map { $0.first ?? .option(0) }
        for (p, party) in parties.enumerated() {
            guard case .additive = kinds[p] else { continue }
            var total = 0.0
            for d in party.demands { total += d.weight.mid }
            if total == 0 {
                base[p] = 1
                exactOrder[p] = true
                continue
            }
            var lastDepth = -1
            var ordered = true
            for d in party.demands {
                let w = d.weight.mid / total
                let issues = Self.issues(of: d)
                guard let i = issues.first else {
                    // A constant demand (a predicate over no issue).
                    base[p] += w * CompiledScenario.satisfaction(d.satisfaction, []).mid
                    ordered = false
                    continue
                }
                let depth = depthOf[i]
                if depth <= lastDepth { ordered = false }
                lastDepth = depth
                let first = terms[i]
                for (k, value) in space.domains[i].enumerated() {
                    terms[i] = value
                    let s = CompiledScenario.satisfaction(d.satisfaction, terms).mid
                    contribution[(valueStart[depth] + k) * P + p] += w * s
                }
                terms[i] = first
            }
            exactOrder[p] = ordered
        }
        self.exactOrder = exactOrder
        let quick = parties.indices.filter { p in
            if case .additive = kinds[p], case .always = parties[p].required { return true }
            return false
        }
        let requirements = self.requirements
        otherParties = parties.indices.filter { p in !quick.contains(p) && requirements[p].mayRequire }
        // The best the depths from each level on can add, and from it what each additive party
        // needs at each level not to settle its subtree where it is required.
        var need = [Double](repeating: -.infinity, count: (n + 1) * P)
        var leafNeed = [Double](repeating: -.infinity, count: P)
        for p in parties.indices {
            guard case .additive = kinds[p] else { continue }
            var best = 0.0
            need[n * P + p] = thresholdLo[p] - tolerance - SearchTables.margin
            for d in stride(from: n - 1, through: 0, by: -1) {
                var hi = -Double.infinity
                for k in 0..<sizes[d] { hi = max(hi, contribution[(valueStart[d] + k) * P + p]) }
                best += hi
                need[d * P + p] = thresholdLo[p] - tolerance - best - SearchTables.margin
            }
            leafNeed[p] = thresholdLo[p] - tolerance - (exactOrder[p] ? 0 : SearchTables.margin)
        }

        // Red lines by the depth that decides them.
        var checks = [[RedLineCheck]](repeating: [], count: max(n, 1))
        var tableChecks: [SearchTables.Check] = []
        var violations: [Bool] = []
        for (p, party) in parties.enumerated() {
            // Only certain red lines can settle a subtree; the others are read at the leaves.
            for r in party.redLines where r.likelihood >= 1 {
                let issues = Self.issues(of: r.redLine)
                let d = depth(issues)
                let current = order[d]
                let others = issues.filter { $0 != current }
                let otherSize = others.first.map { space.domains[$0].count } ?? 1
                if issues.count <= 2 && issues.contains(current) && otherSize * sizes[d] <= 1 << 16 {
                    let other = others.first ?? -1
                    var terms = space.domains.map { $0[0] }
                    tableChecks.append(
                        SearchTables.Check(
                            depth: d, party: p, offset: violations.count, otherDepth: other >= 0 ? depthOf[other] : -1, folds: quick.contains(p)))
                    for a in 0..<otherSize {
                        if other >= 0 { terms[other] = space.domains[other][a] }
                        for value in space.domains[current] {
                            terms[current] = value
                            violations.append(r.redLine.isViolated(by: terms))
                        }
                    }
                } else {
                    checks[d].append(RedLineCheck(party: p, redLine: r.redLine, folds: quick.contains(p)))
                }
            }
        }
        self.checks = checks
        needsTerms =
            hasGeneralParties || hasConditionalParties || checks.contains { !$0.isEmpty }
            || parties.indices.contains { p in kinds[p] == .additive && !exactOrder[p] }
        tables = SearchTables(
            sizes: sizes, below: below, indexWeight: indexWeight, partyCount: P, valueStart: valueStart, contribution: contribution, base: base,
            need: need, leafNeed: leafNeed, quick: quick, checks: tableChecks, violations: violations)

        // General parties' demands, with their bounds before their issues have terms.
        var demandStart = [0], demandDepth: [Int] = [], demandIssueDepth: [Int] = [], demandTable: [Int] = []
        var demandHigh: [Double] = [], demandMaxHigh: [Double] = [], demandWeightLow: [Double] = []
        var demandWeightHigh: [Double] = [], demandSatisfaction: [Demand.Satisfaction] = []
        for (p, party) in parties.enumerated() {
            if case .general = kinds[p] {
                for d in party.demands {
                    let issues = Self.issues(of: d)
                    demandDepth.append(depth(issues))
                    demandWeightLow.append(d.likelihood < 1 ? 0 : d.weight.lo)
                    demandWeightHigh.append(d.weight.hi)
                    demandSatisfaction.append(d.satisfaction)
                    if issues.count == 1, let i = issues.first {
                        var terms = [Term](repeating: .option(0), count: n)
                        let highs = space.domains[i].map { value -> Double in
                            terms[i] = value
                            return CompiledScenario.satisfaction(d.satisfaction, terms).hi
                        }
                        demandIssueDepth.append(depthOf[i])
                        demandTable.append(demandHigh.count)
                        demandHigh += highs
                        demandMaxHigh.append(highs.max() ?? 1)
                    } else {
                        demandIssueDepth.append(-1)
                        demandTable.append(-1)
                        demandMaxHigh.append(issues.isEmpty ? CompiledScenario.satisfaction(d.satisfaction, []).hi : 1)
                    }
                }
            }
            demandStart.append(demandDepth.count)
        }
        self.demandStart = demandStart
        self.demandDepth = demandDepth
        self.demandIssueDepth = demandIssueDepth
        self.demandTable = demandTable
        self.demandHigh = demandHigh
        self.demandMaxHigh = demandMaxHigh
        self.demandWeightLow = demandWeightLow
        self.demandWeightHigh = demandWeightHigh
        self.demandSatisfaction = demandSatisfaction
    }

    /// The terms of the package at `index` (as ``SearchSpace/terms(at:)``, from the flat tables).
    func terms(at index: UInt64) -> [Term] {
        // A copy of an array of the right size: `Array(repeating:count:)` of a type the
        // standard library does not prespecialize looks up the array's metadata in the runtime
        // on every call, and costs more than the rest of this.
        var terms = firstTerms
        var rest = index
        for i in stride(from: issueCount - 1, through: 0, by: -1) {
            let d = depthOf[i], size = UInt64(sizes[d])
            terms[i] = domainValues[domainStart[d] + Int(rest % size)]
            rest /= size
        }
        return terms
    }

    /// Whether each party's agreement is needed for a package with these terms.
    func required(for terms: [Term]) -> [Bool] {
        requirements.map { requirement in
            switch requirement {
            case .always: return true
            case .never: return false
            case .when(let predicate, _): return predicate.holds(terms)
            }
        }
    }

    /// The issues a red line reads (its rule's and its condition's), ascending, each once.
    static func issues(of r: RedLine) -> [Int] {
        var issues: [Int] = []
        switch r.rule {
        case .requires(let p), .forbids(let p): p.collectIssues(into: &issues)
        }
        r.condition?.collectIssues(into: &issues)
        issues.sort()
        return issues
    }

    /// The issues a demand reads.
    static func issues(of d: CompiledScenario.ActiveDemand) -> [Int] {
        switch d.satisfaction {
        case .wants(let p): return p.issues
        case .choiceValues(let i, _), .setValues(let i, _), .curve(let i, _): return [i]
        }
    }
}
