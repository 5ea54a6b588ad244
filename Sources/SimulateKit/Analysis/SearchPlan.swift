/// A scenario compiled for search: issues in the order they are visited, each party's
/// red lines grouped by the depth at which they can first be decided, and flat tables of
/// score contributions, so that the enumeration does no lookups by id and no allocation.
///
/// Everything here is an array of `Int`, `Double`, `Bool` or `Term`, or lives in
/// ``SearchTables``: the first array of each element type a process makes costs the Swift
/// runtime more (it builds the type's metadata) than a search of a few thousand packages
/// takes, so the search path keeps to these few.
///
/// A class, though it never changes after `init`: every worker and the merge share one
/// plan, where a struct of forty arrays would be copied, a retain and release for each.
final class SearchPlan: Sendable {
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
    /// Whether each party is scored by running sums (certain, and every demand reads at most
    /// one issue). The others are assessed in full at the leaves and bounded at inner nodes.
    let additive: [Bool]
    /// The depth after which a conditionally required party's condition is decided (−1 for
    /// the others).
    let requirementDepth: [Int]
    let thresholdLo: [Double], thresholdMid: [Double]
    /// True when an additive party's incremental sum adds exactly the terms of its score in
    /// the order `CompiledScenario` adds them, so the two agree to the bit.
    let exactOrder: [Bool]
    /// Certain red lines that no table decides, by the depth that decides them: entries
    /// `checkStart[d] ..< checkStart[d + 1]` of `checkParty` and `checkRedLine` (the index of
    /// the red line in its party's active red lines).
    let checkStart: [Int], checkParty: [Int], checkRedLine: [Int]
    /// The flags each of those red lines sets when broken (``flagBits(likelihood:)``).
    let checkBits: [UInt8]
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
    /// Parties assessed in full, their demands, flat: party p's are `demandStart[p] ..< demandStart[p + 1]`,
    /// each the demand `demandIndex[j]` of the party's active demands.
    let demandStart: [Int], demandIndex: [Int]
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
    /// The parties that may have to agree (required is not false), in file order.
    let mustAgree: [Int]
    let hasGeneralParties: Bool
    /// True when some party is required only when a predicate holds.
    let hasConditionalParties: Bool
    /// True for a bounded search (the space is too large to count): the walk skips subtrees
    /// that can add nothing to the lists, and tracks uncertain red lines to know which.
    let bounded: Bool
    /// The most each party's midpoint score can gain from the depths from each level on:
    /// `midRest[level * partyCount + party]`, and what its demands over several issues may add
    /// on top (they are read only at the leaves), with the rounding margin.
    let midRest: [Double]
    let midSlack: [Double]
    /// Whether some party that may have to agree has ranges or likelihoods: without one, no
    /// package is uncertain.
    let mayBeUncertain: Bool
    /// Bounded searches: the contributions, rest and base of the least-satisfaction reading
    /// (laid out as `contribution`, `midRest` and the tables' `base`).
    let lowContribution: [Double], lowRest: [Double], lowBase: [Double]

    init(compiled: CompiledScenario, space: SearchSpace, bounded: Bool = false) {
        self.bounded = bounded
        self.compiled = compiled
        self.space = space
        let n = space.domains.count
        let parties = compiled.parties
        let P = parties.count
        issueCount = n
        partyCount = P

        var additive = [Bool](repeating: false, count: P)
        for p in 0..<P {
            additive[p] = !parties[p].isUncertain && parties[p].demands.allSatisfy { d in Self.issues(of: d).count <= 1 }
        }
        self.additive = additive
        let hasGeneralParties = additive.contains(false)
        self.hasGeneralParties = hasGeneralParties

        // Visit order: file order when every party is additive (scores then add up in file
        // order); otherwise pinned issues first, then the issues most red lines read, so that
        // whole subtrees are decided early.
        var order = [Int](repeating: 0, count: n)
        if hasGeneralParties {
            var weight = [Double](repeating: 0, count: n)
            for party in parties {
                for r in party.redLines {
                    let issues = Self.issues(of: r.redLine)
                    if issues.isEmpty { continue }
                    let share = (r.likelihood >= 1 ? 2.0 : 1.0) / Double(issues.count)
                    for i in issues { weight[i] += share }
                }
            }
            order = IndexSort.sorted(n) { a, b in
                let fa = space.domains[a].count == 1, fb = space.domains[b].count == 1
                if fa != fb { return fa }
                if weight[a] != weight[b] { return weight[a] > weight[b] }
                return a < b
            }
        } else {
            for i in 0..<n { order[i] = i }
        }
        self.order = order
        var depthOf = [Int](repeating: 0, count: n)
        var sizes = [Int](repeating: 0, count: n)
        for d in 0..<n {
            depthOf[order[d]] = d
            sizes[d] = space.domains[order[d]].count
        }
        self.depthOf = depthOf
        self.sizes = sizes
        // Packages below a node at each depth, and the index weight of each depth's values
        // (the index is the mixed-radix number of the positions in file order, last issue
        // fastest). Spaces are at most 10^18 packages, so Int holds both.
        var below = [Int](repeating: 1, count: n)
        if n > 1 {
            for d in stride(from: n - 2, through: 0, by: -1) { below[d] = below[d + 1] &* sizes[d + 1] }
        }
        var radix = [Int](repeating: 1, count: n)
        if n > 1 {
            for i in stride(from: n - 2, through: 0, by: -1) { radix[i] = radix[i + 1] &* space.domains[i + 1].count }
        }
        var indexWeight = [Int](repeating: 0, count: n)
        var domainStart = [Int](repeating: 0, count: n + 1)
        for d in 0..<n {
            indexWeight[d] = radix[order[d]]
            domainStart[d + 1] = domainStart[d] + sizes[d]
        }
        var domainValues = [Term](repeating: .option(0), count: domainStart[n])
        for d in 0..<n {
            for (k, value) in space.domains[order[d]].enumerated() { domainValues[domainStart[d] + k] = value }
        }
        self.domainValues = domainValues
        self.domainStart = domainStart
        var firstTerms = [Term](repeating: .option(0), count: n)
        for i in 0..<n { firstTerms[i] = space.domains[i][0] }
        self.firstTerms = firstTerms
        func depth(_ issues: [Int]) -> Int { issues.map { depthOf[$0] }.max() ?? 0 }

        var requirementDepth = [Int](repeating: -1, count: P)
        var hasConditionalParties = false
        var mustAgree: [Int] = []
        var thresholdLo = [Double](repeating: 0, count: P), thresholdMid = thresholdLo
        for p in 0..<P {
            switch parties[p].required {
            case .always: mustAgree.append(p)
            case .never: break
            case .when(let predicate):
                mustAgree.append(p)
                requirementDepth[p] = depth(predicate.issues)
                hasConditionalParties = true
            }
            thresholdLo[p] = parties[p].threshold.lo
            thresholdMid[p] = parties[p].threshold.mid
        }
        self.requirementDepth = requirementDepth
        self.hasConditionalParties = hasConditionalParties
        self.mustAgree = mustAgree
        mayBeUncertain = mustAgree.contains { parties[$0].isUncertain }
        self.thresholdLo = thresholdLo
        self.thresholdMid = thresholdMid
        let tolerance = compiled.tolerance

        // Additive contributions, per depth and value: depth d's values are rows
        // domainStart[d] ..< domainStart[d + 1] of the table.
        var contribution = [Double](repeating: 0, count: domainStart[n] * P)
        var base = [Double](repeating: 0, count: P)
        var exactOrder = [Bool](repeating: false, count: P)
        var terms = firstTerms
        for p in 0..<P where additive[p] {
            let party = parties[p]
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
                for (k, value) in space.domains[i].enumerated() {
                    terms[i] = value
                    let s = CompiledScenario.satisfaction(d.satisfaction, terms).mid
                    contribution[(domainStart[depth] + k) * P + p] += w * s
                }
                terms[i] = firstTerms[i]
            }
            exactOrder[p] = ordered
        }
        self.exactOrder = exactOrder
        // Parties assessed in full: their midpoint scores' contributions, for the bounds of a
        // bounded search (the walk's running sums carry them; only bounds read them). Beside
        // them, bounded searches sum one more reading of every party, each satisfaction at its
        // least with the midpoint weights: the least score is at most that reading's.
        var midSlack = [Double](repeating: SearchTables.margin, count: P)
        var lowContribution = bounded ? contribution : []
        var lowBase = base
        for p in 0..<P where !additive[p] {
            let held = parties[p].demands.filter { Evaluation.heldAtMidpoint($0.likelihood) }
            var total = 0.0
            for d in held { total += d.weight.mid }
            if total == 0 {
                base[p] = 1
                lowBase[p] = 1
                continue
            }
            for d in held {
                let w = d.weight.mid / total
                let issues = Self.issues(of: d)
                guard issues.count == 1, let i = issues.first else {
                    if issues.isEmpty {
                        let s = CompiledScenario.satisfaction(d.satisfaction, [])
                        base[p] += w * s.mid
                        lowBase[p] += w * s.lo
                    } else {
                        midSlack[p] += w
                    }
                    continue
                }
                let depth = depthOf[i]
                for (k, value) in space.domains[i].enumerated() {
                    terms[i] = value
                    let s = CompiledScenario.satisfaction(d.satisfaction, terms)
                    contribution[(domainStart[depth] + k) * P + p] += w * s.mid
                    if bounded { lowContribution[(domainStart[depth] + k) * P + p] += w * s.lo }
                }
                terms[i] = firstTerms[i]
            }
        }
        self.lowContribution = lowContribution
        self.lowBase = lowBase
        self.midSlack = midSlack
        var isQuick = [Bool](repeating: false, count: P)
        var quick: [Int] = [], otherParties: [Int] = []
        for p in 0..<P {
            if additive[p], case .always = parties[p].required {
                isQuick[p] = true
                quick.append(p)
            } else if requirementDepth[p] >= 0 || !additive[p] {
                if case .never = parties[p].required { continue }
                otherParties.append(p)
            }
        }
        self.otherParties = otherParties
        // The best the depths from each level on can add, and from it what each additive party
        // needs at each level not to settle its subtree where it is required.
        var need = [Double](repeating: -.infinity, count: (n + 1) * P)
        var leafNeed = [Double](repeating: -.infinity, count: P)
        var midRest = [Double](repeating: 0, count: (n + 1) * P)
        var lowRest = bounded ? midRest : []
        for p in 0..<P {
            var best = 0.0, bestLow = 0.0
            for d in stride(from: n - 1, through: 0, by: -1) {
                var hi = -Double.infinity, low = -Double.infinity
                for k in 0..<sizes[d] {
                    hi = max(hi, contribution[(domainStart[d] + k) * P + p])
                    if bounded { low = max(low, lowContribution[(domainStart[d] + k) * P + p]) }
                }
                best += hi
                midRest[d * P + p] = best
                if bounded {
                    bestLow += low
                    lowRest[d * P + p] = bestLow
                }
            }
        }
        self.midRest = midRest
        self.lowRest = lowRest
        for p in 0..<P where additive[p] {
            var best = 0.0
            need[n * P + p] = thresholdLo[p] - tolerance - SearchTables.margin
            for d in stride(from: n - 1, through: 0, by: -1) {
                var hi = -Double.infinity
                for k in 0..<sizes[d] { hi = max(hi, contribution[(domainStart[d] + k) * P + p]) }
                best += hi
                need[d * P + p] = thresholdLo[p] - tolerance - best - SearchTables.margin
            }
            leafNeed[p] = thresholdLo[p] - tolerance - (exactOrder[p] ? 0 : SearchTables.margin)
        }

        // Certain red lines by the depth that decides them: over one or two issues a table,
        // else a test of the terms. (The others are read at the leaves.)
        var tableDepth: [Int] = [], tableParty: [Int] = [], tableOffset: [Int] = [], tableOther: [Int] = []
        var violations: [Bool] = []
        var checkDepth: [Int] = [], checkParty: [Int] = [], checkRedLine: [Int] = []
        var tableBits: [UInt8] = [], checkBits: [UInt8] = []
        for (p, party) in parties.enumerated() {
            for (k, r) in party.redLines.enumerated() where r.likelihood >= 1 || bounded {
                let bits = Self.flagBits(likelihood: r.likelihood)
                let issues = Self.issues(of: r.redLine)
                let d = depth(issues)
                let current = n > 0 ? order[d] : -1
                let other = issues.first { $0 != current } ?? -1
                let otherSize = other >= 0 ? space.domains[other].count : 1
                if n > 0 && issues.count <= 2 && issues.contains(current) && otherSize * sizes[d] <= 1 << 16 {
                    tableDepth.append(d)
                    tableParty.append(p)
                    tableOffset.append(violations.count)
                    tableOther.append(other >= 0 ? depthOf[other] : -1)
                    tableBits.append(bits)
                    var terms = firstTerms
                    for a in 0..<otherSize {
                        if other >= 0 { terms[other] = space.domains[other][a] }
                        for value in space.domains[current] {
                            terms[current] = value
                            violations.append(r.redLine.isViolated(by: terms))
                        }
                    }
                } else {
                    checkDepth.append(d)
                    checkParty.append(p)
                    checkRedLine.append(k)
                    checkBits.append(bits)
                }
            }
        }
        let byDepth = Self.grouped(byDepth: checkDepth, depths: max(n, 1))
        self.checkStart = byDepth.start
        self.checkParty = byDepth.order.map { checkParty[$0] }
        self.checkRedLine = byDepth.order.map { checkRedLine[$0] }
        self.checkBits = byDepth.order.map { checkBits[$0] }
        var needsTerms = hasGeneralParties || hasConditionalParties || !checkDepth.isEmpty
        for p in 0..<P where additive[p] && !exactOrder[p] { needsTerms = true }
        self.needsTerms = needsTerms
        let tablesByDepth = Self.grouped(byDepth: tableDepth, depths: max(n, 1))
        tables = SearchTables(
            sizes: sizes, below: below, indexWeight: indexWeight, partyCount: P, valueStart: domainStart, contribution: contribution, base: base,
            need: need, leafNeed: leafNeed, quick: quick, isQuick: isQuick,
            checks: (
                start: tablesByDepth.start, party: tablesByDepth.order.map { tableParty[$0] }, offset: tablesByDepth.order.map { tableOffset[$0] },
                other: tablesByDepth.order.map { tableOther[$0] }, bits: tablesByDepth.order.map { tableBits[$0] }
            ), violations: violations)

        // Parties assessed in full: their demands, with their bounds before their issues have terms.
        var demandStart = [0], demandIndex: [Int] = [], demandDepth: [Int] = [], demandIssueDepth: [Int] = [], demandTable: [Int] = []
        var demandHigh: [Double] = [], demandMaxHigh: [Double] = [], demandWeightLow: [Double] = [], demandWeightHigh: [Double] = []
        for (p, party) in parties.enumerated() {
            if !additive[p] {
                for (k, d) in party.demands.enumerated() {
                    let issues = Self.issues(of: d)
                    demandIndex.append(k)
                    demandDepth.append(depth(issues))
                    demandWeightLow.append(d.likelihood < 1 ? 0 : d.weight.lo)
                    demandWeightHigh.append(d.weight.hi)
                    if issues.count == 1, let i = issues.first {
                        var terms = firstTerms
                        var highest = -Double.infinity
                        demandIssueDepth.append(depthOf[i])
                        demandTable.append(demandHigh.count)
                        for value in space.domains[i] {
                            terms[i] = value
                            let high = CompiledScenario.satisfaction(d.satisfaction, terms).hi
                            demandHigh.append(high)
                            highest = max(highest, high)
                        }
                        demandMaxHigh.append(highest)
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
        self.demandIndex = demandIndex
        self.demandDepth = demandDepth
        self.demandIssueDepth = demandIssueDepth
        self.demandTable = demandTable
        self.demandHigh = demandHigh
        self.demandMaxHigh = demandMaxHigh
        self.demandWeightLow = demandWeightLow
        self.demandWeightHigh = demandWeightHigh
    }

    /// The walk's flags for a broken red line: bit 1 a certain one (the party rejects), bit 2
    /// one held at the midpoint reading (it leans no), bit 4 any (it cannot accept for certain).
    /// Exhaustive searches track only certain red lines; bounded ones track them all.
    static func flagBits(likelihood: Double) -> UInt8 {
        (likelihood >= 1 ? 1 : 0) | (Evaluation.heldAtMidpoint(likelihood) ? 2 : 0) | 4
    }

    /// Records grouped by depth, keeping their order within a depth: record `order[r]` is the
    /// r-th, and depth d's are `start[d] ..< start[d + 1]`.
    static func grouped(byDepth depth: [Int], depths: Int) -> (start: [Int], order: [Int]) {
        var start = [Int](repeating: 0, count: depths + 1)
        for d in depth { start[d + 1] += 1 }
        for d in 0..<depths { start[d + 1] += start[d] }
        var next = start
        var order = [Int](repeating: 0, count: depth.count)
        for (r, d) in depth.enumerated() {
            order[next[d]] = r
            next[d] += 1
        }
        return (start, order)
    }

    /// Calls `body` with the value position of each depth in the package at `index`.
    @inline(__always)
    private func withPositions<R>(of index: UInt64, _ body: (UnsafeMutablePointer<Int>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: max(issueCount, 1)) { position in
            var rest = index
            for i in stride(from: issueCount - 1, through: 0, by: -1) {
                let d = depthOf[i], size = UInt64(sizes[d])
                position[d] = Int(rest % size)
                rest /= size
            }
            return body(position.baseAddress!)
        }
    }

    /// The terms of the package at `index` (as ``SearchSpace/terms(at:)``, from the flat tables).
    func terms(at index: UInt64) -> [Term] {
        withPositions(of: index) { position in
            // A copy of an array of the right size: `Array(repeating:count:)` of a type the
            // standard library does not prespecialize looks up the array's metadata in the
            // runtime on every call, and costs more than the rest of this.
            var terms = firstTerms
            for d in 0..<issueCount { terms[order[d]] = domainValues[domainStart[d] + position[d]] }
            return terms
        }
    }

    /// An additive party's score on the package at `index`, added as the walk adds it: the
    /// base, then each depth's contribution in visit order.
    func additiveScore(party p: Int, at index: UInt64) -> Double {
        let t = tables, P = partyCount
        return withPositions(of: index) { position in
            var score = t.base[p]
            for d in 0..<issueCount { score += t.contribution[(t.valueStart[d] + position[d]) * P + p] }
            return score
        }
    }

    /// Whether each party's agreement is needed for a package with these terms.
    func required(for terms: [Term]) -> [Bool] {
        var required = [Bool](repeating: false, count: partyCount)
        for p in 0..<partyCount { required[p] = compiled.parties[p].required.isRequired(for: terms) }
        return required
    }

    /// Whether party p may have to agree to some package (it is not an observer).
    func mayRequire(_ p: Int) -> Bool {
        if case .never = compiled.parties[p].required { return false }
        return true
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
