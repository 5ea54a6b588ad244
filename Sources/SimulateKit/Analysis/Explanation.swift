/// What it would take: for each party that does not accept a package, the smallest set of
/// term changes that wins it over while every party that accepts still accepts; and the
/// nearest viable package (the fewest changes after which every required party accepts).
///
/// "Smallest" is the fewest issues changed; among those, the least total loss of score to
/// the parties that already accept; then the fewest parties the change newly needs that do not
/// accept it (``newcomers(_:_:)``: swapping a guarantor for one that doubts the deal is a worse
/// answer than swapping it for one that accepts); then, over the other parties that may have to
/// agree and do not accept, the fewest red lines the change newly breaks, then the least total
/// loss of score (a change that wins one party over should not push another further away when
/// an equal change would not); then the first found, trying issues in file order.
/// Values come from the search space (grid values for numbers). Only combinations that change
/// an issue of every red line the party now violates are tried: leaving one alone leaves it
/// violated.
struct Explanation: Sendable {
    /// A set of term changes and what it does.
    struct Change: Sendable {
        /// Issue index → new term, in issue order.
        var terms: [(issue: Int, from: Term, to: Term)]
        /// The package's terms after the change.
        var package: [Term]
        /// Total score lost by the parties that accepted before (midpoint scores).
        var loss: Double
        /// The package after the change, evaluated: what the reports show of its price to the
        /// parties the search did not protect.
        var after: PackageEvaluation
        /// Every party's midpoint score after the change.
        var scores: [Double] { after.verdicts.map(\.score) }
        /// For each changed issue, why it is in the change (``Reason``).
        var reasons: [[Reason]]
    }

    /// Why one changed issue is in a change: undone alone, the rest of the change kept, it loses
    /// something the change is for. Since no smaller change works, every changed issue has one.
    struct Reason: Sendable {
        enum Role: String, Sendable {
            /// The party sought would not accept (for the nearest viable package: a party the
            /// package needs that does not accept now).
            case winsOver
            /// A party that accepts now would stop accepting (for the nearest viable package: a
            /// party it needs that accepts now).
            case keepsAccepting
            /// The package would need a party that does not accept it (nearest viable package).
            case keepsOut
        }
        var party: Int
        var role: Role
        /// The party's positions that undoing the change makes worse: a red line broken again, a
        /// demand less satisfied; in position order, red lines first.
        var positions: [Int]
    }

    /// The answer for one party that does not accept.
    struct WinOver: Sendable {
        var party: Int
        var before: PartyVerdict
        /// Nil when no change of at most `maxChanges` issues works.
        var change: Change?
        /// The number of changes at which the search stopped before trying more than
        /// ``Explanation/candidateLimit`` candidates, when it did; `maxChanges + 1` when nothing
        /// within `maxChanges` works and one more change would pass the limit.
        var stoppedAt: Int?
        /// When no change was found: the fewest issues any change that works must touch (every
        /// broken red line's issues), when that is more than `maxChanges + 1`; more than the
        /// issues that can change when no change touches them all. See ``leastChanges(_:changeable:)``.
        var leastChanges: Int?
        /// When no change was found: a proof that none exists, if explain found one.
        var blocked: Blocked?
    }

    /// Why no change can win a party over while the accepting parties keep accepting: one of its
    /// red lines reads a single issue, and every term of that issue that meets it breaks a red
    /// line of a party that accepts now, whatever that red line's other issues hold
    /// (``alwaysBroken(_:keeping:_:domains:_:)``). (A certain ACCEPT needs every
    /// red line met, whatever its likelihood.)
    struct Blocked: Sendable {
        /// The red line of the party sought, as an index into its party's positions.
        var redLine: Int
        var issue: Int
        /// For each term that would meet it, the accepting party's red line that term breaks.
        var by: [(party: Int, position: Int)]
    }

    /// A proof that no package of `domains` is viable for certain, if one is found: a party every
    /// package needs whose red line over one issue is met only by terms another such party's
    /// red line forbids (``blocking(_:party:terms:domains:accepting:)`` among those parties).
    static func viabilityBlocked(_ compiled: CompiledScenario, terms: [Term], domains: [[Term]]) -> (party: Int, blocked: Blocked)? {
        let always = compiled.scenario.parties.indices.filter { compiled.scenario.parties[$0].required == .always }
        for p in always {
            if let b = blocking(compiled, party: p, terms: terms, domains: domains, accepting: always) { return (p, b) }
        }
        return nil
    }

    /// The first red line of party `p` that no change can meet while the parties in `accepting`
    /// keep accepting (``Blocked``), trying the values of `domains`. (A red line met now is met by
    /// the package's own term, which breaks no red line of a party that accepts it: it proves
    /// nothing about winning `p` over, but may about viability, where `accepting` are the parties
    /// every package needs.)
    static func blocking(_ compiled: CompiledScenario, party p: Int, terms: [Term], domains: [[Term]], accepting: [Int]) -> Blocked? {
        for r in compiled.parties[p].redLines where r.redLine.condition == nil {
            let issues = SearchPlan.issues(of: r.redLine)
            // An issue held at one term (pinned, or not enumerable) proves nothing worth saying
            // as "every term of it"; nor does a number issue, whose grid leaves out the values
            // between its points. Choice and set issues have every term in their domains.
            guard issues.count == 1, let i = issues.first, domains[i].count > 1, compiled.scenario.issues[i].kind != .number else { continue }
            var by: [(party: Int, position: Int)] = []
            var candidate = terms
            var blocked = true
            for value in domains[i] {
                candidate[i] = value
                if r.redLine.isViolated(by: candidate) { continue }
                let breaker = accepting.lazy.filter { $0 != p }.compactMap { q in
                    compiled.parties[q].redLines.first { rq in
                        alwaysBroken(rq.redLine, keeping: i, candidate, domains: domains, compiled.scenario)
                    }.map { (party: q, position: $0.position) }
                }.first
                guard let breaker else {
                    blocked = false
                    break
                }
                if !by.contains(where: { $0 == breaker }) { by.append(breaker) }
            }
            if blocked && !by.isEmpty { return Blocked(redLine: r.position, issue: i, by: by) }
        }
        return nil
    }

    /// Whether red line `r` is broken by `candidate` whatever the terms of the issues it reads
    /// other than `i`, over their values in `domains` (and their term in `candidate`): only
    /// choice and set issues, at most 4,096 combinations, else false (no proof).
    static func alwaysBroken(_ r: RedLine, keeping i: Int, _ candidate: [Term], domains: [[Term]], _ scenario: Scenario) -> Bool {
        let issues = SearchPlan.issues(of: r)
        guard issues.contains(i) else { return false }
        let others = issues.filter { $0 != i }
        if others.isEmpty { return r.isViolated(by: candidate) }
        guard others.allSatisfy({ scenario.issues[$0].kind != .number }) else { return false }
        let values = others.map { j in domains[j].contains(candidate[j]) ? domains[j] : domains[j] + [candidate[j]] }
        guard values.reduce(1.0, { $0 * Double($1.count) }) <= 4096 else { return false }
        var terms = candidate
        var broken = true
        forEachProduct(values) { combination in
            guard broken else { return }
            for (k, j) in others.enumerated() { terms[j] = combination[k] }
            if !r.isViolated(by: terms) { broken = false }
        }
        return broken
    }

    let compiled: CompiledScenario
    let package: Int
    let before: PackageEvaluation
    /// The parties that may have to agree and accept now: they must keep accepting.
    let accepting: [Int]
    var winOvers: [WinOver] = []
    var nearestViable: Change?
    /// Where the search for the nearest viable package stopped, as ``WinOver/stoppedAt``.
    var nearestStoppedAt: Int?
    /// For the nearest viable package, as ``WinOver/leastChanges``.
    var nearestLeastChanges: Int?
    /// The issues explain cannot change: kept (``frozen``) or with no other term.
    let unchangeable: Set<Int>
    /// How many issues explain may change (the others keep the package's term).
    var changeableIssues: Int { compiled.scenario.issues.count - unchangeable.count }
    /// When no viable package was found: a party every package needs whose red line no package
    /// can meet while the other such parties accept, if explain found one.
    var nearestBlocked: (party: Int, blocked: Blocked)?
    let maxChanges: Int
    /// True when `maxChanges` reaches every issue that can change: then "not found" is final.
    var exhaustive: Bool { maxChanges >= changeableIssues }
    /// How many candidate packages were evaluated.
    var candidates = 0
    /// The issues explain keeps at the package's term (``unenumerableIssues(_:_:)``): "no terms
    /// at all" is said of the others only.
    let frozen: [Int]

    /// The most candidate packages one search may try: at 0.35 µs each (two number issues and two
    /// parties, release build, 3 Dec 2026) half a minute, longer on richer models.
    static let candidateLimit = 1e8
    /// The most values explain holds for the issues it may change (each is a term in memory).
    static let valueLimit = 2e7

    /// How many candidates level `k` of a search tries: for each combination of `k` changeable
    /// issues that touches every set in `mustTouch`, the product of their numbers of other
    /// values. Counting stops once it passes `cap`.
    static func levelCount(_ counts: [Int], changeable: [Int], mustTouch: [[Int]], size k: Int, cap: Double) -> Double {
        var total = 0.0
        forEachCombination(of: changeable, size: k) { issues in
            guard total <= cap, mustTouch.allSatisfy({ $0.contains(where: issues.contains) }) else { return }
            total += issues.reduce(1.0) { $0 * Double(counts[$1]) }
        }
        return total
    }

    /// `progress`, when given, is called now and then during long searches with the party being
    /// won over (nil for the nearest viable package), the number of changes being tried and the
    /// share of that level's candidates tried so far.
    init(
        _ compiled: CompiledScenario, package: Int, parties: [Int]? = nil, maxChanges: Int = 3,
        progress: ((_ party: Int?, _ changes: Int, _ fraction: Double) -> Void)? = nil
    ) throws(SearchSpace.Problem) {
        self.compiled = compiled
        self.package = package
        self.maxChanges = maxChanges
        let scenario = compiled.scenario
        let terms = scenario.packages[package].terms
        before = compiled.evaluate(terms)
        accepting = before.verdicts.filter { $0.verdict == .accept && scenario.parties[$0.party].required != .never }.map(\.party)
        let kept = Self.unenumerableIssues(scenario, terms)
        frozen = kept.keys.sorted()
        // Refuse, before building any domain, what would take gigabytes or hours.
        let choices = try SearchSpace.sizes(scenario, fixed: kept).map { max(0, $0 - 1) }
        guard choices.reduce(0, +) <= Self.valueLimit else {
            throw SearchSpace.Problem(
                message: "The issues explain may change have \(NumberFormat.grouped(choices.reduce(0, +))) values other than "
                    + "the package's terms between them, more than the limit of \(NumberFormat.grouped(Self.valueLimit)) (the "
                    + "issues with most: \(SearchSpace.largest(choices, scenario))); coarsen the largest issues.")
        }
        let space = try SearchSpace(scenario, fixed: kept)
        let alternatives = space.domains.enumerated().map { i, domain in domain.filter { $0 != terms[i] } }
        unchangeable = Set(alternatives.indices.filter { alternatives[$0].isEmpty })
        // By default the parties that may have to agree; observers only when named.
        let mayAgree = scenario.parties.indices.filter { scenario.parties[$0].required != .never }
        let targets = (parties ?? mayAgree).filter { before.verdicts[$0].verdict != .accept }
        let doubters = mayAgree.filter { before.verdicts[$0].verdict != .accept }
        for p in targets {
            let mustTouch = Self.touchSets(compiled, party: p, terms: terms)
            let (change, stoppedAt, least) = search(
                terms: terms, alternatives: alternatives, mustTouch: mustTouch, keepAccepting: true, doubters: doubters.filter { $0 != p },
                progress: progress.map { report in { k, fraction in report(p, k, fraction) } }
            ) { candidate, s in
                Self.accepts(compiled, p, candidate, &s)
            }
            let blocked = change == nil ? Self.blocking(compiled, party: p, terms: terms, domains: space.domains, accepting: accepting) : nil
            winOvers.append(
                WinOver(
                    party: p, before: before.verdicts[p], change: change.map { annotate($0, winningOver: p) }, stoppedAt: stoppedAt,
                    leastChanges: least, blocked: blocked))
        }
        if before.viable != .yes {
            // Always-required parties' violated red lines must be touched; conditional parties
            // may stop being required, so they set no such rule.
            var mustTouch: [[Int]] = []
            for p in scenario.parties.indices where scenario.parties[p].required == .always {
                mustTouch += Self.touchSets(compiled, party: p, terms: terms)
            }
            let (change, stoppedAt, least) = search(
                terms: terms, alternatives: alternatives, mustTouch: mustTouch, keepAccepting: false, doubters: doubters,
                progress: progress.map { report in { k, fraction in report(nil, k, fraction) } }
            ) { candidate, s in
                for p in scenario.parties.indices where compiled.parties[p].required.isRequired(for: candidate) {
                    if !Self.accepts(compiled, p, candidate, &s) { return false }
                }
                return true
            }
            nearestViable = change.map { annotate($0, winningOver: nil) }
            nearestStoppedAt = stoppedAt
            nearestLeastChanges = least
            if change == nil { nearestBlocked = Self.viabilityBlocked(compiled, terms: terms, domains: space.domains) }
        }
    }

    /// The issues explain keeps at the package's term because search cannot enumerate them: a
    /// number issue without a `step`, a set issue of more than ``SearchSpace/maxSetOptions`` options.
    static func unenumerableIssues(_ scenario: Scenario, _ terms: [Term]) -> [Int: Term] {
        var fixed: [Int: Term] = [:]
        for (i, issue) in scenario.issues.enumerated() {
            let unstepped = issue.kind == .number && issue.step == nil
            let tooManySubsets = issue.kind == .set && issue.options.count > SearchSpace.maxSetOptions
            if unstepped || tooManySubsets { fixed[i] = terms[i] }
        }
        return fixed
    }

    /// The issue sets of the red lines a party violates now: a change must touch each.
    static func touchSets(_ compiled: CompiledScenario, party p: Int, terms: [Term]) -> [[Int]] {
        compiled.parties[p].redLines.filter { $0.redLine.isViolated(by: terms) }.map { SearchPlan.issues(of: $0.redLine) }
    }

    /// Scratch buffers for `assess`.
    struct Scratch {
        var satisfactions: [SatisfactionReading] = []
        var violated: [Int] = []
    }

    /// How many parties `terms` needs that the package did not, and that do not accept `terms`.
    func newcomers(_ terms: [Term], _ s: inout Scratch) -> Int {
        compiled.parties.indices.filter { p in
            !before.verdicts[p].required && compiled.parties[p].required.isRequired(for: terms) && !Self.accepts(compiled, p, terms, &s)
        }.count
    }

    static func accepts(_ compiled: CompiledScenario, _ p: Int, _ terms: [Term], _ s: inout Scratch) -> Bool {
        compiled.assess(party: p, terms, satisfactions: &s.satisfactions, violated: &s.violated).verdict == .accept
    }

    /// The red lines in `violated` (positions) that the package did not break for the party of
    /// `before`, in their order.
    static func newlyBroken(_ violated: [Int], since before: PartyVerdict) -> [Int] {
        violated.filter { !before.violatedRedLines.contains($0) }
    }

    /// What `terms` costs `parties` against the package: how many of their red lines it newly
    /// breaks, and the total midpoint score they lose (gains count as nothing, as in
    /// ``Change/loss``).
    func cost(_ terms: [Term], to parties: [Int], _ s: inout Scratch) -> (broken: Int, loss: Double) {
        var broken = 0
        var loss = 0.0
        for p in parties {
            let a = compiled.assess(party: p, terms, satisfactions: &s.satisfactions, violated: &s.violated)
            broken += Self.newlyBroken(s.violated, since: before.verdicts[p]).count
            loss += max(0, before.verdicts[p].score - a.score)
        }
        return (broken, loss)
    }

    /// The smallest change for which `wins` holds (and, with `keepAccepting`, every accepting
    /// party still accepts); ties go to the least loss to the parties that accept now, then to the
    /// fewest ``newcomers(_:_:)``, then to the least ``cost(_:to:_:)`` to `doubters`. Before
    /// each number of changes, counts its candidates: when they would take the search past
    /// ``candidateLimit``, it stops there and says where (`stoppedAt`, also set to `maxChanges + 1`
    /// when nothing is found and one more change would pass the limit).
    private mutating func search(
        terms: [Term], alternatives: [[Term]], mustTouch: [[Int]], keepAccepting: Bool, doubters: [Int],
        progress: ((_ changes: Int, _ fraction: Double) -> Void)?, wins: (_ candidate: [Term], _ scratch: inout Scratch) -> Bool
    ) -> (change: Change?, stoppedAt: Int?, least: Int?) {
        let n = terms.count
        let changeable = (0..<n).filter { !alternatives[$0].isEmpty }
        let counts = alternatives.map(\.count)
        var scratch = Scratch()
        var candidate = terms
        var tried = 0.0
        for k in 1...max(1, min(maxChanges, changeable.count)) where k <= changeable.count {
            let level = Self.levelCount(counts, changeable: changeable, mustTouch: mustTouch, size: k, cap: Self.candidateLimit)
            if tried + level > Self.candidateLimit { return (nil, k, nil) }
            tried += level
            // `newcomers` and the doubters' cost are counted only when a tie needs them.
            var best:
                (
                    terms: [(issue: Int, from: Term, to: Term)], package: [Term], loss: Double, newcomers: Int?,
                    doubterCost: (broken: Int, loss: Double)?
                )?
            var levelTried = 0
            var shown = -1
            forEachCombination(of: changeable, size: k) { issues in
                guard mustTouch.allSatisfy({ $0.contains(where: issues.contains) }) else { return }
                forEachProduct(issues.map { alternatives[$0] }) { values in
                    for (j, i) in issues.enumerated() { candidate[i] = values[j] }
                    candidates += 1
                    levelTried += 1
                    if let progress, levelTried & 0xFFF == 0 {
                        let fraction = Double(levelTried) / level
                        if Int(fraction * 100) != shown {
                            shown = Int(fraction * 100)
                            progress(k, fraction)
                        }
                    }
                    defer { for i in issues { candidate[i] = terms[i] } }
                    guard wins(candidate, &scratch) else { return }
                    var loss = 0.0
                    for p in accepting {
                        let a = compiled.assess(party: p, candidate, satisfactions: &scratch.satisfactions, violated: &scratch.violated)
                        if keepAccepting && a.verdict != .accept { return }
                        loss += max(0, before.verdicts[p].score - a.score)
                    }
                    var newcomers: Int?
                    var doubterCost: (broken: Int, loss: Double)?
                    if let current = best {
                        if loss > current.loss + 1e-12 { return }
                        if loss >= current.loss - 1e-12 {
                            let theirs = current.newcomers ?? self.newcomers(current.package, &scratch)
                            best!.newcomers = theirs
                            newcomers = self.newcomers(candidate, &scratch)
                            if newcomers! > theirs { return }
                            if newcomers! == theirs {
                                let theirCost = current.doubterCost ?? self.cost(current.package, to: doubters, &scratch)
                                best!.doubterCost = theirCost
                                let ours = self.cost(candidate, to: doubters, &scratch)
                                doubterCost = ours
                                if ours.broken > theirCost.broken { return }
                                if ours.broken == theirCost.broken && ours.loss >= theirCost.loss - 1e-12 { return }
                            }
                        }
                    }
                    best = (issues.map { ($0, terms[$0], candidate[$0]) }, candidate, loss, newcomers, doubterCost)
                }
            }
            if let found = best {
                let change = Change(
                    terms: found.terms, package: found.package, loss: found.loss, after: compiled.evaluate(found.package), reasons: [])
                return (change, nil, nil)
            }
        }
        // Nothing within `maxChanges`. When every change that works needs more issues than one
        // more, say how many (and whether that level would pass the limit).
        let least = Self.leastChanges(mustTouch, changeable: changeable)
        if least > maxChanges + 1 || least > changeable.count {
            if least <= changeable.count,
                tried + Self.levelCount(counts, changeable: changeable, mustTouch: mustTouch, size: least, cap: Self.candidateLimit)
                    > Self.candidateLimit
            {
                return (nil, least, least)
            }
            return (nil, nil, least)
        }
        // Nothing within `maxChanges`: say whether one more change would stay within the limit,
        // so the report does not suggest a search it would refuse.
        if maxChanges < changeable.count,
            tried + Self.levelCount(counts, changeable: changeable, mustTouch: mustTouch, size: maxChanges + 1, cap: Self.candidateLimit)
                > Self.candidateLimit
        {
            return (nil, maxChanges + 1, nil)
        }
        return (nil, nil, nil)
    }

    /// The fewest changeable issues that touch every set in `mustTouch` (a smallest hitting set):
    /// no change with fewer can work. `changeable.count + 1` when a set holds no changeable
    /// issue; 1 (no bound) when the sets span more than 16 issues.
    static func leastChanges(_ mustTouch: [[Int]], changeable: [Int]) -> Int {
        let sets = mustTouch.map { $0.filter(changeable.contains) }
        if sets.contains(where: \.isEmpty) { return changeable.count + 1 }
        let union = Array(Set(sets.joined())).sorted()
        guard !sets.isEmpty, union.count <= 16 else { return 1 }
        for k in 1...union.count {
            var hit = false
            forEachCombination(of: union, size: k) { issues in
                if !hit && sets.allSatisfy({ $0.contains(where: issues.contains) }) { hit = true }
            }
            if hit { return k }
        }
        return union.count
    }

    /// Gives each changed issue its reasons: what undoing it alone would lose. `party` is the
    /// party sought; nil for the nearest viable package.
    private func annotate(_ change: Change, winningOver party: Int?) -> Change {
        var change = change
        let after = change.after
        change.reasons = change.terms.map { t in
            var undone = change.package
            undone[t.issue] = t.from
            let e = compiled.evaluate(undone)
            var reasons: [Reason] = []
            if let p = party {
                if e.verdicts[p].verdict != .accept { reasons.append(Reason(party: p, role: .winsOver, positions: worse(p, e, after))) }
                for q in accepting where q != p && e.verdicts[q].verdict != .accept {
                    reasons.append(Reason(party: q, role: .keepsAccepting, positions: worse(q, e, after)))
                }
            } else {
                for v in e.verdicts where v.required && v.verdict != .accept {
                    // A party that accepted all along is kept accepting, as in a win-over.
                    let role: Reason.Role =
                        !after.verdicts[v.party].required ? .keepsOut : before.verdicts[v.party].verdict == .accept ? .keepsAccepting : .winsOver
                    reasons.append(Reason(party: v.party, role: role, positions: role == .keepsOut ? [] : worse(v.party, e, after)))
                }
            }
            return reasons
        }
        return change
    }

    /// Party `q`'s positions that are worse in `undone` than in `after`: red lines broken only
    /// there, then demands less satisfied there (at any end of their range).
    private func worse(_ q: Int, _ undone: PackageEvaluation, _ after: PackageEvaluation) -> [Int] {
        let u = undone.verdicts[q], a = after.verdicts[q]
        let broken = u.violatedRedLines.filter { !a.violatedRedLines.contains($0) }.sorted()
        let lessSatisfied = u.satisfaction.keys.sorted().filter { d in
            guard let x = u.satisfaction[d], let y = a.satisfaction[d] else { return false }
            return x.lo < y.lo - 1e-12 || x.mid < y.mid - 1e-12 || x.hi < y.hi - 1e-12
        }
        return broken + lessSatisfied
    }
}

/// Calls `body` with every `size`-element combination of `items`, in lexicographic order.
func forEachCombination(of items: [Int], size: Int, _ body: ([Int]) -> Void) {
    var chosen: [Int] = []
    func pick(from start: Int) {
        if chosen.count == size {
            body(chosen)
            return
        }
        guard start < items.count else { return }
        for k in start..<items.count where items.count - k >= size - chosen.count {
            chosen.append(items[k])
            pick(from: k + 1)
            chosen.removeLast()
        }
    }
    pick(from: 0)
}

/// Calls `body` with every combination of one value from each list, last list fastest.
func forEachProduct(_ lists: [[Term]], _ body: ([Term]) -> Void) {
    guard !lists.contains(where: \.isEmpty) else { return }
    var values = lists.map { $0[0] }
    var positions = [Int](repeating: 0, count: lists.count)
    while true {
        body(values)
        var j = lists.count - 1
        while j >= 0 {
            positions[j] += 1
            if positions[j] < lists[j].count {
                values[j] = lists[j][positions[j]]
                break
            }
            positions[j] = 0
            values[j] = lists[j][0]
            j -= 1
        }
        if j < 0 { return }
    }
}
