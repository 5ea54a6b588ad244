/// One thread's share of a search: a depth-first walk over the package space that keeps
/// running sums per depth, decides red lines as soon as their issues have terms, and skips
/// whole subtrees whose viability is already settled.
///
/// The walk is a loop, not a recursion, over state in a temporary allocation (running sums,
/// red-line flags, requirements, value positions and package indices, by level), reading
/// the plan's ``SearchTables`` through plain pointers: no reference counting, bounds or
/// uniqueness checks at a node. The parts that read terms (red lines over several issues,
/// conditional requirements, parties assessed in full) keep the current terms in an array
/// and run only when the scenario has them.
///
/// A value type; each thread owns one and hands it to the merge when done.
struct SearchWorker: Sendable {
    let plan: SearchPlan
    /// The plan's scenario, held here: read through the plan (a class), each assessment
    /// copied it whole.
    private let compiled: CompiledScenario
    let options: SearchOptions
    let splitDepth: Int
    let improveBase: [Double]?

    // Counts.
    var examined: UInt64 = 0
    var evaluated: UInt64 = 0
    var viable: UInt64 = 0
    var uncertain: UInt64 = 0
    var improvementCount: UInt64 = 0
    /// Bounded searches: packages in subtrees skipped because they can add nothing to the
    /// lists (uncounted), and whether any of them could have held a package leaning viable.
    var skipped: UInt64 = 0
    var skippedLeaning = false
    /// Bounded searches without the frontier: whether a skipped subtree could have held a
    /// package viable for certain.
    var skippedViable = false
    /// Bounded searches: set when this worker evaluated its share of the budget and stopped.
    var stopped = false
    /// Uncertain packages whose midpoint reading is viable.
    var leaningViable: UInt64 = 0
    var bestLeaning: BestList
    /// The other uncertain packages, by their least midpoint margin.
    var closestUncertain: BestList
    var frontier: ParetoFrontier
    var best: BestList
    var improvements: BestList

    /// The current package's terms, by issue, kept only when `plan.needsTerms`.
    private var terms: [Term]
    // Scratch for assessing parties in full.
    private var satisfactions: [SatisfactionReading] = []
    private var violated: [Int] = []
    /// Words of red-line bits per party in a list entry's profile.
    private let profileWords: Int

    /// The walk's state, by level (level = the number of depths with a term, 0...n).
    private struct State {
        /// Additive parties' running scores: `partial[level * P + p]` (−∞ once a certain red
        /// line of an always-required additive party is broken).
        let partial: UnsafeMutablePointer<Double>
        /// 1 when a certain red line of the party is broken: `flags[level * P + p]`.
        let flags: UnsafeMutablePointer<UInt8>
        /// 0 not yet known, 1 required, 2 not required: `requirement[level * P + p]`.
        let requirement: UnsafeMutablePointer<UInt8>
        /// The value position at each depth, and the end of its range.
        let position: UnsafeMutablePointer<Int>
        let end: UnsafeMutablePointer<Int>
        /// The package index of the positions so far, by level.
        let index: UnsafeMutablePointer<UInt64>
        /// A leaf's scores and which parties it needs, by party, and the scores the frontier
        /// compares (the parties that may have to agree).
        let scores: UnsafeMutablePointer<Double>
        let required: UnsafeMutablePointer<Bool>
        let frontierScores: UnsafeMutablePointer<Double>
        /// A leaf's profile, for the lists (``BestList``).
        let profile: UnsafeMutablePointer<Double>
        /// Bounded searches: running sums of each party's least-satisfaction reading
        /// (``SearchPlan/lowContribution``), laid out as `partial`.
        let low: UnsafeMutablePointer<Double>
    }

    init(plan: SearchPlan, options: SearchOptions, splitDepth: Int, improveBase: [Double]?) {
        self.plan = plan
        compiled = plan.compiled
        self.options = options
        self.splitDepth = splitDepth
        self.improveBase = improveBase
        frontier = ParetoFrontier(dimensions: plan.mustAgree.count)
        // A profile: each party's score (NaN when the package does not need it), for an
        // uncertain package its score range, then the positions of the red lines it sees
        // broken, as bits.
        // A loop, not a key path: the runtime's first key path costs more than a small search.
        var most = 0
        for party in compiled.scenario.parties { most = max(most, party.positions.count) }
        let words = (most + 63) / 64
        profileWords = words
        // A list of one holds the best package whether or not its ties fold: no profiles.
        let width = options.top > 1 ? plan.partyCount * (3 + words) : 0
        best = BestList(capacity: options.top, width: width)
        improvements = BestList(capacity: options.top, width: width)
        bestLeaning = BestList(capacity: options.top, width: width)
        closestUncertain = BestList(capacity: options.top, width: width)
        terms = plan.needsTerms ? plan.space.domains.map { $0[0] } : []
    }

    /// Walks the subtree of work item `item` (a combination of the first `splitDepth` values).
    mutating func run(item: Int) {
        let n = plan.issueCount, P = plan.partyCount, M = plan.mustAgree.count
        let levels = (n + 1) * max(P, 1)
        let width = P * (3 + profileWords)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * levels + P + M + 1 + width) { doubles in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * levels) { bytes in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * max(n, 1)) { ints in
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n + 1) { index in
                        withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(P, 1)) { required in
                            let d = doubles.baseAddress!
                            let state = State(
                                partial: d, flags: bytes.baseAddress!, requirement: bytes.baseAddress! + levels, position: ints.baseAddress!,
                                end: ints.baseAddress! + max(n, 1), index: index.baseAddress!, scores: d + levels, required: required.baseAddress!,
                                frontierScores: d + levels + P, profile: d + 2 * levels + P + M + 1, low: d + levels + P + M + 1)
                            walk(item: item, state, plan.tables)
                        }
                    }
                }
            }
        }
    }

    private mutating func walk(item: Int, _ s: State, _ t: SearchTables) {
        let n = plan.issueCount, P = plan.partyCount
        for p in 0..<P {
            s.partial[p] = t.base[p]
            if plan.bounded { s.low[p] = plan.lowBase[p] }
            s.flags[p] = 0
            switch plan.compiled.parties[p].required {
            case .always: s.requirement[p] = 1
            case .never: s.requirement[p] = 2
            case .when: s.requirement[p] = 0
            }
        }
        s.index[0] = 0
        guard n > 0 else {
            examined &+= 1
            evaluated &+= 1
            leaf(s, t)
            return
        }
        var rest = item
        for d in stride(from: splitDepth - 1, through: 0, by: -1) {
            s.position[d] = rest % t.size[d]
            s.end[d] = s.position[d] + 1
            rest /= t.size[d]
        }
        let last = n - 1
        var d = 0
        if splitDepth == 0 {
            s.position[0] = 0
            s.end[0] = t.size[0]
        }
        // A bounded search (on one thread) with the frontier first tries a tenth of the budget,
        // and stops sooner when too many packages are viable for certain (it must walk them
        // all); without the frontier, the whole budget.
        let budget = plan.bounded ? (options.frontier ? options.boundedBudget / 10 : options.boundedBudget) : .max
        let viableBudget = plan.bounded && options.frontier ? options.frontierBudget : .max
        while true {
            if evaluated > budget || viable > viableBudget {
                stopped = true
                return
            }
            if s.position[d] >= s.end[d] {
                if d == 0 { return }
                d -= 1
                s.position[d] += 1
                continue
            }
            if d == last {
                lastDepth(s, t)
                s.position[d] = s.end[d]
                continue
            }
            assign(depth: d, value: s.position[d], s, t)
            if settledNotViable(level: d + 1, s, t) {
                // Above the split depth an item covers one path, so its share is the subtree at the split.
                examined &+= d < splitDepth ? t.below[splitDepth - 1] : t.below[d]
                s.position[d] += 1
                continue
            }
            if plan.bounded && !mayAddToLists(level: d + 1, s, t) {
                skipped &+= d < splitDepth ? t.below[splitDepth - 1] : t.below[d]
                s.position[d] += 1
                continue
            }
            d += 1
            if d >= splitDepth {
                s.position[d] = 0
                s.end[d] = t.size[d]
            }
        }
    }

    /// Every value left at the last depth. Most packages of a large space end here, rejected by
    /// an always-required additive party's running sum before any other work.
    @inline(__always)
    private mutating func lastDepth(_ s: State, _ t: SearchTables) {
        let d = plan.issueCount - 1, P = t.partyCount
        let from = s.partial + d * P
        var k = s.position[d]
        let end = s.end[d]
        while k < end {
            defer { k += 1 }
            examined &+= 1
            evaluated &+= 1
            let row = t.contribution + (t.valueStart[d] + k) * P
            var rejected = false
            for q in 0..<t.quickCount {
                let p = t.quick[q]
                if from[p] + row[p] < t.leafNeed[p] {
                    rejected = true
                    break
                }
            }
            if rejected { continue }
            assign(depth: d, value: k, s, t)
            if plan.bounded && !mayAddToLists(level: d + 1, s, t) {
                // Not evaluated after all: skipped, as a subtree of one.
                examined &-= 1
                evaluated &-= 1
                skipped &+= 1
                continue
            }
            leaf(s, t)
        }
    }

    /// Updates the running state for value position `k` at depth `d` (level d + 1).
    @inline(__always)
    private mutating func assign(depth d: Int, value k: Int, _ s: State, _ t: SearchTables) {
        let P = t.partyCount
        let from = d * P, to = from + P
        let row = t.contribution + (t.valueStart[d] + k) * P
        for p in 0..<P {
            s.partial[to + p] = s.partial[from + p] + row[p]
            s.flags[to + p] = s.flags[from + p]
        }
        s.index[d + 1] = s.index[d] &+ UInt64(truncatingIfNeeded: k) &* t.indexWeight[d]
        let size = t.size[d]
        var c = t.checkStart[d]
        let checksEnd = t.checkStart[d + 1]
        while c < checksEnd {
            let other = t.checkOther[c]
            let cell = t.checkOffset[c] + (other >= 0 ? s.position[other] * size : 0) + k
            if t.violations[cell] {
                let party = t.checkParty[c]
                if t.isQuick[party] {
                    s.partial[to + party] = -.infinity
                } else {
                    s.flags[to + party] |= t.checkBits[c]
                }
            }
            c += 1
        }
        if plan.bounded {
            let row = (t.valueStart[d] + k) * P
            for p in 0..<P { s.low[to + p] = s.low[from + p] + plan.lowContribution[row + p] }
        }
        if plan.needsTerms { assignTerms(depth: d, value: k, s) }
    }

    /// The part of ``assign(depth:value:_:_:)`` that reads terms.
    private mutating func assignTerms(depth d: Int, value k: Int, _ s: State) {
        let P = plan.partyCount
        let from = d * P, to = from + P
        terms[plan.order[d]] = plan.domainValues[plan.domainStart[d] + k]
        for c in plan.checkStart[d]..<plan.checkStart[d + 1] {
            let party = plan.checkParty[c]
            guard plan.compiled.parties[party].redLines[plan.checkRedLine[c]].redLine.isViolated(by: terms) else { continue }
            if plan.tables.isQuick[party] {
                s.partial[to + party] = -.infinity
            } else {
                s.flags[to + party] |= plan.checkBits[c]
            }
        }
        guard plan.hasConditionalParties else { return }
        for p in 0..<P {
            s.requirement[to + p] = s.requirement[from + p]
            if s.requirement[to + p] == 0 && plan.requirementDepth[p] <= d, case .when(let predicate) = plan.compiled.parties[p].required {
                s.requirement[to + p] = predicate.holds(terms) ? 1 : 2
            }
        }
    }

    /// Whether no package below the node at `level` can be viable: a party already known to
    /// be required certainly rejects all of them (a certain red line is broken, or even its
    /// best possible score falls short of its lowest threshold).
    @inline(__always)
    private mutating func settledNotViable(level: Int, _ s: State, _ t: SearchTables) -> Bool {
        let P = t.partyCount
        let partial = s.partial + level * P, need = t.need + level * P
        for q in 0..<t.quickCount {
            let p = t.quick[q]
            if partial[p] < need[p] { return true }
        }
        if plan.otherParties.isEmpty { return false }
        return otherPartySettles(level: level, s, t)
    }

    /// ``settledNotViable(level:_:_:)`` for the parties not always required or not additive.
    private mutating func otherPartySettles(level: Int, _ s: State, _ t: SearchTables) -> Bool {
        let P = t.partyCount
        let requirementLevel = plan.hasConditionalParties ? level : 0
        for p in plan.otherParties where s.requirement[requirementLevel * P + p] == 1 {
            if s.flags[level * P + p] & 1 != 0 { return true }
            if plan.additive[p] {
                if s.partial[level * P + p] < t.need[level * P + p] { return true }
            } else if !mayReach(plan.thresholdLo[p] - plan.compiled.tolerance, party: p, level: level, s) {
                return true
            }
        }
        return false
    }

    /// Bounded searches: whether a package below the node at `level` could enter a list. A
    /// subtree that may hold a package viable for certain is always walked, so the viable
    /// count, frontier, best packages and improvements stay exact; one that may hold only
    /// uncertain packages is walked only when an upper bound on their objective (or least
    /// margin) at the midpoint reading reaches the last entry of a list they could enter,
    /// ties included (a tie enters by the smaller index, and the subtree's least is `index`).
    ///
    /// The bounds: each party's midpoint score is at most its running sum plus the most the
    /// remaining depths add (``SearchPlan/midRest``, plus ``SearchPlan/midSlack`` for demands
    /// over several issues); its least score, which must reach its highest threshold for it to
    /// accept for certain, is at most the same bound on its least-satisfaction reading. The
    /// objective is bounded over the parties known to be required, with those not yet known
    /// counted at their most favourable (left out or in). Without the frontier, a subtree that
    /// may hold viable packages is walked only for the best list, or where an improvement may be.
    private mutating func mayAddToLists(level: Int, _ s: State, _ t: SearchTables) -> Bool {
        let P = t.partyCount
        let partial = s.partial + level * P
        let tolerance = plan.compiled.tolerance
        var viablePossible = true, leanPossible = true
        var nash = 1.0, welfare = 0.0, margin = Double.infinity
        // The greatest gain of a party whose requirement is not known yet, for the least
        // margin when no party is known to be required: the required set is then empty (1) or
        // a set of those parties.
        var unknownGain = 1.0
        let requirementLevel = plan.hasConditionalParties ? level : 0
        // Each bound is kept in the frontier scratch (free until the leaf) for the improvement test.
        let bounds = s.frontierScores
        for (k, p) in plan.mustAgree.enumerated() {
            let bound = partial[p] + plan.midRest[level * P + p] + plan.midSlack[p]
            bounds[k] = bound
            let gain = bound - plan.thresholdMid[p]
            if s.requirement[requirementLevel * P + p] == 1 {
                let flags = s.flags[level * P + p]
                // One margin more: the evaluator raises a least score within 1e-12 of the
                // midpoint score to it. (Not on the midpoint bound: more slack there would make
                // every tie look better than the list's last entry, and walk it.)
                let lowBound = s.low[level * P + p] + plan.lowRest[level * P + p] + plan.midSlack[p] + SearchTables.margin
                if flags & 4 != 0 || lowBound < plan.compiled.parties[p].threshold.hi - tolerance { viablePossible = false }
                if flags & 2 != 0 || gain < -tolerance { leanPossible = false }
                nash *= max(gain, tolerance)
                welfare += bound
                margin = min(margin, gain)
            } else if s.requirement[requirementLevel * P + p] == 0 {
                nash *= max(gain, tolerance, 1)
                welfare += max(bound, 0)
                unknownGain = max(unknownGain, gain)
            }
        }
        if margin == .infinity { margin = unknownGain }
        let objective: Double
        switch options.objective {
        case .nash: objective = nash
        case .welfare: objective = welfare
        case .maxmin: objective = margin
        }
        // The smallest index below: every later depth at its first value.
        let index = s.index[level]
        if viablePossible {
            // Every package viable for certain is counted, and may join the frontier.
            if options.frontier || best.mayAdmit(bound: objective, index: index) { return true }
            if let base = improveBase {
                // Where a Pareto improvement may be, the subtree is walked: they are counted.
                var geq = true, greater = false
                for k in 0..<base.count {
                    if bounds[k] < base[k] - 1e-12 { geq = false }
                    if bounds[k] > base[k] + 1e-12 { greater = true }
                }
                if geq && greater { return true }
            }
        }
        // Only a party with ranges or likelihoods can leave a package uncertain.
        if plan.mayBeUncertain {
            if leanPossible && bestLeaning.mayAdmit(bound: objective, index: index) { return true }
            if closestUncertain.mayAdmit(bound: margin, index: index) { return true }
        }
        // Skipped: what it may have held is not counted.
        if viablePossible { skippedViable = true }
        if leanPossible { skippedLeaning = true }
        return false
    }

    /// Whether a general party could reach `cutoff`, at its most favourable reading, on some
    /// package below the node at `level`.
    private mutating func mayReach(_ cutoff: Double, party p: Int, level: Int, _ s: State) -> Bool {
        let start = plan.demandStart[p], end = plan.demandStart[p + 1]
        return withUnsafeTemporaryAllocation(of: WeightedReading.self, capacity: max(end - start, 1)) { items in
            // One reading first, every weight at its greatest: it usually reaches the cutoff,
            // and then the greatest score need not be found.
            var num = 0.0, den = 0.0
            for j in start..<end {
                var high = plan.demandMaxHigh[j]
                if plan.demandDepth[j] < level {
                    let table = plan.demandTable[j]
                    high =
                        table >= 0
                        ? plan.demandHigh[table + s.position[plan.demandIssueDepth[j]]]
                        : CompiledScenario.satisfaction(plan.compiled.parties[p].demands[plan.demandIndex[j]].satisfaction, terms).hi
                }
                items[j - start] = WeightedReading(s: high, low: plan.demandWeightLow[j], high: plan.demandWeightHigh[j])
                num += plan.demandWeightHigh[j] * high
                den += plan.demandWeightHigh[j]
            }
            if (den > 0 ? num / den : 1) >= cutoff { return true }
            return CompiledScenario.scoreExtreme(UnsafeMutableBufferPointer(rebasing: items[0..<(end - start)]), least: false) >= cutoff
        }
    }

    /// The leaf's profile (``BestList``): the scores of the parties it needs and, for an
    /// uncertain package, their score ranges and the red lines each sees broken (none for a
    /// package viable for certain: each needed party accepts, and its range is not read).
    private mutating func profile(_ s: State, redLines uncertain: Bool) -> UnsafeBufferPointer<Double> {
        let P = plan.partyCount, words = profileWords, width = P * (3 + words)
        for j in 0..<width { s.profile[j] = 0 }
        for p in 0..<P {
            let at = p * (3 + words)
            guard s.required[p] else {
                s.profile[at] = .nan
                continue
            }
            s.profile[at] = s.scores[p]
            guard uncertain else { continue }
            let a = compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
            s.profile[at + 1] = a.scoreRange.lo
            s.profile[at + 2] = a.scoreRange.hi
            for position in violated {
                let word = at + 3 + position / 64
                s.profile[word] = Double(bitPattern: s.profile[word].bitPattern | 1 << UInt64(position % 64))
            }
        }
        return UnsafeBufferPointer(start: s.profile, count: width)
    }

    /// A package with every term set.
    private mutating func leaf(_ s: State, _ t: SearchTables) {
        let n = plan.issueCount, P = plan.partyCount
        let level = n * P
        let partial = s.partial + level
        // Always-required additive parties: a red line at the last depth may have broken one.
        for q in 0..<t.quickCount where partial[t.quick[q]] < t.leafNeed[t.quick[q]] { return }
        let requirementLevel = plan.hasConditionalParties ? level : 0
        for p in plan.otherParties where s.requirement[requirementLevel + p] == 1 {
            if plan.additive[p] && (s.flags[level + p] & 1 != 0 || partial[p] < t.leafNeed[p]) { return }
        }
        let scores = s.scores, required = s.required
        var anyUncertain = false, leansViable = true
        for p in 0..<P {
            let isRequired = s.requirement[requirementLevel + p] == 1
            required[p] = isRequired
            if plan.additive[p] {
                if plan.exactOrder[p] {
                    scores[p] = partial[p]
                } else {
                    // The running sum adds in another order: the evaluator's score decides.
                    let a = compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
                    scores[p] = a.score
                    if isRequired && a.verdict == .reject { return }
                }
            } else {
                guard isRequired else { continue }
                let a = compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
                scores[p] = a.score
                if a.verdict == .reject { return }
                if a.verdict == .uncertain { anyUncertain = true }
                if a.lean == .reject { leansViable = false }
            }
        }
        // The scores of the parties not required here that the frontier compares.
        if plan.hasGeneralParties && !anyUncertain {
            for p in 0..<P {
                if !plan.additive[p] && !required[p] && plan.mayRequire(p) {
                    scores[p] = compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated).score
                }
            }
        }
        let index = s.index[n]
        let value = options.objective.value(
            scores: UnsafeBufferPointer(start: scores, count: P), thresholds: plan.thresholdMid,
            required: UnsafeBufferPointer(start: required, count: P))
        if anyUncertain {
            uncertain &+= 1
            if leansViable {
                leaningViable &+= 1
                if bestLeaning.admits(value, index) {
                    bestLeaning.add(value, index, profile: bestLeaning.width > 0 ? profile(s, redLines: true) : nil)
                }
            } else {
                let margin = Objective.maxmin.value(
                    scores: UnsafeBufferPointer(start: scores, count: P), thresholds: plan.thresholdMid,
                    required: UnsafeBufferPointer(start: required, count: P))
                if closestUncertain.admits(margin, index) {
                    closestUncertain.add(margin, index, profile: closestUncertain.width > 0 ? profile(s, redLines: true) : nil)
                }
            }
            return
        }
        viable &+= 1
        if best.admits(value, index) { best.add(value, index, profile: best.width > 0 ? profile(s, redLines: false) : nil) }
        let frontierScores = s.frontierScores, M = plan.mustAgree.count
        plan.mustAgree.withUnsafeBufferPointer { mustAgree in
            for k in 0..<M { frontierScores[k] = scores[mustAgree[k]] }
        }
        frontier.add(UnsafeBufferPointer(start: frontierScores, count: M), index: index)
        if let base = improveBase {
            var geq = true, greater = false
            for k in 0..<base.count {
                if frontierScores[k] < base[k] - 1e-12 {
                    geq = false
                    break
                }
                if frontierScores[k] > base[k] + 1e-12 { greater = true }
            }
            if geq && greater {
                improvementCount &+= 1
                if improvements.admits(value, index) {
                    improvements.add(value, index, profile: improvements.width > 0 ? profile(s, redLines: false) : nil)
                }
            }
        }
    }
}
