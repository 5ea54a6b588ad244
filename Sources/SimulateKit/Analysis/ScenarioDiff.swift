/// The same packages evaluated under two scenarios — typically a base (A) and a what-if (B):
/// which viabilities and verdicts flip, and the positions responsible.
///
/// Packages, parties, positions and issues are matched by id, so B may add, remove or reorder
/// any of them. Each package is evaluated with its own terms in its own scenario: A's package
/// under A, B's under B. Text, Markdown and JSON are renderings of this one value (see
/// ``DiffReport``); it does no I/O.
struct ScenarioDiff {
    /// A value under scenario A and under scenario B.
    struct Both<Value> {
        var a: Value
        var b: Value
    }

    /// One issue whose term differs between A's and B's version of a package; nil where the
    /// scenario has no such issue.
    struct TermChange {
        var issue: String
        var a: String?
        var b: String?
    }

    /// A reason a party's verdict moved: a position, the threshold, the requirement, or the
    /// party itself, with what changed about it from A to B.
    struct Cause {
        /// What changed, from A to B.
        enum Change: String {
            case removed, added, deactivated, activated, kindChanged, ruleChanged, likelihoodChanged
            case weightChanged, satisfactionChanged, termsChanged, thresholdChanged, requirementChanged
        }

        /// What the cause is about, with its readings under A and B (nil where it is absent
        /// or inactive).
        enum Subject {
            /// A red line violated under one scenario only, or under both with another likelihood.
            case redLine(id: String, rule: String, violated: Both<Bool>, likelihood: Both<Double?>)
            /// A demand whose weight, likelihood or satisfaction on this package moved.
            case demand(id: String, weight: Both<Bounds?>, satisfaction: Both<SatisfactionReading?>, likelihood: Both<Double?>)
            case threshold(Both<Bounds>)
            /// Whether the party's agreement is needed, and the rule that says so.
            case requirement(required: Both<Bool>, rule: Both<String>)
            /// A party that only one scenario has.
            case party(present: Both<Bool>)
        }

        var subject: Subject
        /// Every change found, most structural first; never empty.
        var changes: [Change]
        /// The changes in words, as a clause: `removed in B`, `likelihood 0.5 → 1`.
        var detail: String

        /// The position's id, for red lines and demands.
        var position: String? {
            switch subject {
            case .redLine(let id, _, _, _), .demand(let id, _, _, _): return id
            default: return nil
            }
        }

        /// `redLine`, `demand`, `threshold`, `requirement` or `party`.
        var kind: String {
            switch subject {
            case .redLine: return "redLine"
            case .demand: return "demand"
            case .threshold: return "threshold"
            case .requirement: return "requirement"
            case .party: return "party"
            }
        }
    }

    /// A party whose verdict, lean or requirement differs on a package, with the causes.
    struct PartyChange {
        var party: String
        /// The verdicts; nil under a scenario without the party.
        var verdict: Both<PartyVerdict?>
        var causes: [Cause]
    }

    /// A party in both scenarios whose verdict, lean and requirement are the same on a package,
    /// but whose score, score range or threshold moved by at least ``Movement/least`` or whose
    /// broken red lines differ: a change short of a flip.
    struct Movement {
        /// Moves smaller than this are not reported: reports show scores to two decimals. (Less
        /// a billionth, so that 0.105 − 0.1, a hair under 0.005 in binary, counts.)
        static let least = 0.005 - 1e-9

        var party: String
        var verdict: Both<PartyVerdict>
        /// Red lines broken only under A, and only under B, by id.
        var brokenInAOnly: [String]
        var brokenInBOnly: [String]
        /// Red lines broken under both whose likelihood differs: the verdict stands, but on
        /// firmer or shakier ground.
        var likelihoodMoved: [LikelihoodChange] = []

        struct LikelihoodChange {
            var id: String
            var likelihood: Both<Double>
        }

        var scoreMoved: Bool {
            abs(verdict.a.score - verdict.b.score) >= Self.least || abs(verdict.a.scoreRange.lo - verdict.b.scoreRange.lo) >= Self.least
                || abs(verdict.a.scoreRange.hi - verdict.b.scoreRange.hi) >= Self.least
        }

        var thresholdMoved: Bool {
            abs(verdict.a.threshold.lo - verdict.b.threshold.lo) >= Self.least || abs(verdict.a.threshold.hi - verdict.b.threshold.hi) >= Self.least
        }
    }

    /// A package both scenarios have.
    struct PackageComparison {
        var id: String
        /// B's label, else A's.
        var label: String?
        var evaluation: Both<PackageEvaluation>
        var terms: [TermChange]
        /// The parties whose verdict, lean or requirement differs, in A's order then B's.
        var parties: [PartyChange]
        /// The parties that moved without flipping, in A's order.
        var moved: [Movement]
        /// With `--party`: the parties not shown whose verdict, lean or requirement differs
        /// (so a report can say the package changes for others), in A's order then B's; a party
        /// only one file has counts where it is required and does not accept for certain.
        var flippedNotShown: [String] = []

        /// True when the viability or its lean differs.
        var viabilityFlipped: Bool {
            evaluation.a.viable != evaluation.b.viable || evaluation.a.viableLean != evaluation.b.viableLean
        }

        /// True when anything flips or the terms differ; otherwise the package is only named.
        var changed: Bool { viabilityFlipped || !parties.isEmpty || !terms.isEmpty }
    }

    /// A package only one scenario has, evaluated under it.
    struct LonePackage {
        var id: String
        var label: String?
        var evaluation: PackageEvaluation
    }

    let a: CompiledScenario
    let b: CompiledScenario
    /// The packages both have, in A's order.
    private(set) var packages: [PackageComparison] = []
    private(set) var onlyInA: [LonePackage] = []
    private(set) var onlyInB: [LonePackage] = []
    private(set) var partiesOnlyInA: [String] = []
    private(set) var partiesOnlyInB: [String] = []

    /// The parties whose flips and moves are reported (every party when nil); viability is
    /// still read over every party a package needs.
    let shownParties: Set<String>?

    /// Compares `a` and `b`, on the packages with these ids (every package when nil), reporting
    /// the parties with these ids (every party when nil).
    init(_ a: CompiledScenario, _ b: CompiledScenario, packages wanted: Set<String>? = nil, parties: Set<String>? = nil) {
        self.a = a
        self.b = b
        shownParties = parties
        let sa = a.scenario, sb = b.scenario
        let shown = { (id: String) in parties?.contains(id) ?? true }
        partiesOnlyInA = sa.parties.map(\.id).filter { sb.partyIndex($0) == nil && shown($0) }
        partiesOnlyInB = sb.parties.map(\.id).filter { sa.partyIndex($0) == nil && shown($0) }
        for (k, package) in sa.packages.enumerated() where wanted?.contains(package.id) ?? true {
            if let j = sb.packageIndex(package.id) {
                packages.append(compare(k, j))
            } else {
                onlyInA.append(LonePackage(id: package.id, label: package.label, evaluation: a.evaluate(package.terms)))
            }
        }
        for package in sb.packages where (wanted?.contains(package.id) ?? true) && sa.packageIndex(package.id) == nil {
            onlyInB.append(LonePackage(id: package.id, label: package.label, evaluation: b.evaluate(package.terms)))
        }
    }

    /// The compared packages where nothing flips and the terms agree.
    /// The packages where nothing flips and nothing moves.
    var unchanged: [PackageComparison] { packages.filter { !$0.changed && $0.moved.isEmpty } }

    /// The packages where nothing flips but some party moved (``Movement``).
    var movedOnly: [PackageComparison] { packages.filter { !$0.changed && !$0.moved.isEmpty } }

    // MARK: Packages

    private func compare(_ k: Int, _ j: Int) -> PackageComparison {
        let pa = a.scenario.packages[k], pb = b.scenario.packages[j]
        let evaluation = Both(a: a.evaluate(pa.terms), b: b.evaluate(pb.terms))
        let terms = termChanges(pa.terms, pb.terms)
        let changedIssues = Set(terms.map(\.issue))
        var parties: [PartyChange] = []
        var moved: [Movement] = []
        var flippedNotShown: [String] = []
        for (p, party) in a.scenario.parties.enumerated() where !(shownParties?.contains(party.id) ?? true) {
            let va = evaluation.a.verdicts[p]
            // A party only in A counts where it could decide the viability, as ``lone`` reports it.
            guard let q = b.scenario.partyIndex(party.id) else {
                if Self.couldDecide(va) { flippedNotShown.append(party.id) }
                continue
            }
            let vb = evaluation.b.verdicts[q]
            if Self.flips(va, vb) { flippedNotShown.append(party.id) }
        }
        for (q, party) in b.scenario.parties.enumerated()
        where a.scenario.partyIndex(party.id) == nil && !(shownParties?.contains(party.id) ?? true) {
            let vb = evaluation.b.verdicts[q]
            if Self.couldDecide(vb) { flippedNotShown.append(party.id) }
        }
        for (p, party) in a.scenario.parties.enumerated() where shownParties?.contains(party.id) ?? true {
            let va = evaluation.a.verdicts[p]
            guard let q = b.scenario.partyIndex(party.id) else {
                // Named once as a party only in A; under a package only where it could have
                // decided the viability: required and not accepting for certain.
                if Self.couldDecide(va) { parties.append(lone(party.id, verdict: Both(a: va, b: nil))) }
                continue
            }
            let vb = evaluation.b.verdicts[q]
            guard Self.flips(va, vb) else {
                let partyB = b.scenario.parties[q]
                let brokenA = va.violatedRedLines.map { party.positions[$0].id }, brokenB = vb.violatedRedLines.map { partyB.positions[$0].id }
                var movement = Movement(
                    party: party.id, verdict: Both(a: va, b: vb), brokenInAOnly: brokenA.filter { !brokenB.contains($0) },
                    brokenInBOnly: brokenB.filter { !brokenA.contains($0) })
                for index in va.violatedRedLines {
                    let position = party.positions[index]
                    guard let other = partyB.positions.first(where: { $0.id == position.id }), brokenB.contains(position.id),
                        abs(other.likelihood - position.likelihood) >= Movement.least
                    else { continue }
                    movement.likelihoodMoved.append(.init(id: position.id, likelihood: Both(a: position.likelihood, b: other.likelihood)))
                }
                if movement.scoreMoved || movement.thresholdMoved || !movement.brokenInAOnly.isEmpty || !movement.brokenInBOnly.isEmpty
                    || !movement.likelihoodMoved.isEmpty
                {
                    moved.append(movement)
                }
                continue
            }
            let terms = Both(a: pa.terms, b: pb.terms)
            parties.append(PartyChange(party: party.id, verdict: Both(a: va, b: vb), causes: causes(p, q, Both(a: va, b: vb), terms, changedIssues)))
        }
        for (q, party) in b.scenario.parties.enumerated() where a.scenario.partyIndex(party.id) == nil && shownParties?.contains(party.id) ?? true {
            let vb = evaluation.b.verdicts[q]
            if Self.couldDecide(vb) { parties.append(lone(party.id, verdict: Both(a: nil, b: vb))) }
        }
        return PackageComparison(
            id: pb.id, label: pb.label ?? pa.label, evaluation: evaluation, terms: terms, parties: parties, moved: moved,
            flippedNotShown: flippedNotShown)
    }

    /// Whether a party's verdict, lean or requirement differs between the scenarios.
    private static func flips(_ a: PartyVerdict, _ b: PartyVerdict) -> Bool {
        a.verdict != b.verdict || a.lean != b.lean || a.required != b.required
    }

    /// Whether a party only one scenario has could decide the package's viability there:
    /// required, and not accepting for certain.
    private static func couldDecide(_ v: PartyVerdict) -> Bool { v.required && v.verdict != .accept }

    /// A required party only one scenario has: it can flip the viability on its own.
    private func lone(_ id: String, verdict: Both<PartyVerdict?>) -> PartyChange {
        let inB = verdict.b != nil
        let cause = Cause(
            subject: .party(present: Both(a: !inB, b: inB)), changes: [inB ? .added : .removed],
            detail: inB ? "party added in B" : "party removed in B")
        return PartyChange(party: id, verdict: verdict, causes: [cause])
    }

    /// The issues (by id, A's order then B's) whose terms read differently.
    private func termChanges(_ ta: [Term], _ tb: [Term]) -> [TermChange] {
        let sa = a.scenario, sb = b.scenario
        var changes: [TermChange] = []
        for (i, issue) in sa.issues.enumerated() {
            let textA = sa.describe(ta[i], of: i)
            let textB = sb.issueIndex(issue.id).map { sb.describe(tb[$0], of: $0) }
            if textA != textB { changes.append(TermChange(issue: issue.id, a: textA, b: textB)) }
        }
        for (i, issue) in sb.issues.enumerated() where sa.issueIndex(issue.id) == nil {
            changes.append(TermChange(issue: issue.id, a: nil, b: sb.describe(tb[i], of: i)))
        }
        return changes
    }

    // MARK: Causes

    /// A position as one scenario holds it on its date.
    private enum Holding {
        case absent
        case inactive(Position)
        case active(Position)

        var active: Position? {
            if case .active(let p) = self { return p }
            return nil
        }
    }

    private static func holding(_ id: String, _ party: Party, on day: Day) -> Holding {
        guard let position = party.positions.first(where: { $0.id == id }) else { return .absent }
        return position.isActive(on: day) ? .active(position) : .inactive(position)
    }

    /// Why party `p` of A and `q` of B (the same id) answer the package differently.
    private func causes(_ p: Int, _ q: Int, _ v: Both<PartyVerdict>, _ terms: Both<[Term]>, _ changedIssues: Set<String>) -> [Cause] {
        let partyA = a.scenario.parties[p], partyB = b.scenario.parties[q]
        var ids = partyA.positions.map(\.id)
        ids += partyB.positions.map(\.id).filter { !ids.contains($0) }
        let violated = Both(
            a: Set(v.a.violatedRedLines.map { partyA.positions[$0].id }),
            b: Set(v.b.violatedRedLines.map { partyB.positions[$0].id }))
        var redLines: [Cause] = [], demands: [Cause] = []
        for id in ids {
            let h = Both(a: Self.holding(id, partyA, on: a.asOf), b: Self.holding(id, partyB, on: b.asOf))
            if h.a.active?.isRedLine == true || h.b.active?.isRedLine == true {
                if let c = redLineCause(id, h, Both(a: violated.a.contains(id), b: violated.b.contains(id)), changedIssues) { redLines.append(c) }
            }
            if h.a.active?.isRedLine == false || h.b.active?.isRedLine == false {
                if let c = demandCause(id, h, terms, changedIssues) { demands.append(c) }
            }
        }
        var causes = redLines + demands
        if partyA.threshold != partyB.threshold {
            causes.append(
                Cause(
                    subject: .threshold(Both(a: partyA.threshold, b: partyB.threshold)), changes: [.thresholdChanged],
                    detail: "threshold \(NumberFormat.threshold(partyA.threshold)) → \(NumberFormat.threshold(partyB.threshold))"))
        }
        if v.a.required != v.b.required {
            let rule = Both(a: requirementText(partyA.required, a.scenario), b: requirementText(partyB.required, b.scenario))
            let ruleChanged = requirementKey(partyA.required, a.scenario) != requirementKey(partyB.required, b.scenario)
            let moved = Self.issueIDs(Self.issues(partyA.required), a.scenario).union(Self.issueIDs(Self.issues(partyB.required), b.scenario))
                .intersection(changedIssues)
            var changes: [Cause.Change] = [], clauses: [String] = []
            if ruleChanged {
                changes.append(.requirementChanged)
                clauses.append("requirement \(rule.a) → \(rule.b)")
                if !moved.isEmpty {
                    changes.append(.termsChanged)
                    clauses.append("terms changed: " + moved.sorted().joined(separator: ", "))
                }
            } else {
                changes.append(.termsChanged)
                clauses.append("required \(rule.b); the package's terms changed")
            }
            causes.append(
                Cause(
                    subject: .requirement(required: Both(a: v.a.required, b: v.b.required), rule: rule), changes: changes,
                    detail: clauses.joined(separator: "; ")))
        }
        return causes
    }

    /// Structural changes — the position removed, added, (de)activated, or turned from red line
    /// to demand — as a change and a clause; nil when it is active under both as the same kind.
    private func structural(_ h: Both<Holding>) -> (Cause.Change, String)? {
        switch (h.a, h.b) {
        case (.active, .absent): return (.removed, "removed in B")
        case (.absent, .active): return (.added, "added in B")
        case (.active, .inactive(let p)): return (.deactivated, "not active on \(b.asOf) in B" + Self.window(p))
        case (.inactive(let p), .active): return (.activated, "not active on \(a.asOf) in A" + Self.window(p))
        case (.active(let pa), .active(let pb)) where pa.isRedLine != pb.isRedLine:
            return (.kindChanged, pb.isRedLine ? "a red line in B, a demand in A" : "a demand in B, a red line in A")
        default: return nil
        }
    }

    private func redLineCause(_ id: String, _ h: Both<Holding>, _ violated: Both<Bool>, _ changedIssues: Set<String>) -> Cause? {
        let ra = h.a.active.flatMap(Self.redLine), rb = h.b.active.flatMap(Self.redLine)
        let likelihood = Both(a: ra == nil ? nil : h.a.active?.likelihood, b: rb == nil ? nil : h.b.active?.likelihood)
        guard violated.a != violated.b || (violated.a && likelihood.a != likelihood.b) else { return nil }
        let ruleA = ra.map { PredicateText.describe($0, in: a.scenario) }
        let ruleB = rb.map { PredicateText.describe($0, in: b.scenario) }
        // Compared by key: the words depend on the options an issue has and on its unit.
        let sameRule = ra.map { PredicateText.key($0, in: a.scenario) } == rb.map { PredicateText.key($0, in: b.scenario) }
        var changes: [Cause.Change] = []
        var clauses: [String] = []
        if let (change, clause) = structural(h) {
            changes = [change]
            clauses = [clause]
        } else if let ra, let rb, let ruleA {
            if !sameRule {
                changes.append(.ruleChanged)
                clauses.append("rule changed in B (was: \(ruleA))")
            }
            if likelihood.a != likelihood.b {
                changes.append(.likelihoodChanged)
                clauses.append("likelihood \(NumberFormat.plain(likelihood.a!)) → \(NumberFormat.plain(likelihood.b!))")
            }
            let read = Self.issueIDs(Self.issues(ra), a.scenario).union(Self.issueIDs(Self.issues(rb), b.scenario))
            let moved = read.intersection(changedIssues)
            if violated.a != violated.b && (!moved.isEmpty || changes.isEmpty) {
                changes.append(.termsChanged)
                clauses.append(moved.isEmpty ? "the package's terms changed" : "terms changed: " + moved.sorted().joined(separator: ", "))
            }
        }
        let subject = Cause.Subject.redLine(id: id, rule: ruleB ?? ruleA ?? "", violated: violated, likelihood: likelihood)
        return Cause(subject: subject, changes: changes, detail: clauses.joined(separator: "; "))
    }

    private func demandCause(_ id: String, _ h: Both<Holding>, _ terms: Both<[Term]>, _ changedIssues: Set<String>) -> Cause? {
        let da = h.a.active.flatMap(Self.demand), db = h.b.active.flatMap(Self.demand)
        let readingA = da.map { CompiledScenario.satisfaction($0.satisfaction, terms.a) }
        let readingB = db.map { CompiledScenario.satisfaction($0.satisfaction, terms.b) }
        let weight = Both(a: da?.weight, b: db?.weight)
        let likelihood = Both(a: da == nil ? nil : h.a.active?.likelihood, b: db == nil ? nil : h.b.active?.likelihood)
        let satisfaction = Both(a: readingA, b: readingB)
        let subject = Cause.Subject.demand(id: id, weight: weight, satisfaction: satisfaction, likelihood: likelihood)
        if let (change, clause) = structural(h) {
            return Cause(subject: subject, changes: [change], detail: clause)
        }
        guard let da, let db, let readingA, let readingB else { return nil }
        let readingMoved = !Self.same(readingA.lo, readingB.lo) || !Self.same(readingA.mid, readingB.mid) || !Self.same(readingA.hi, readingB.hi)
        var changes: [Cause.Change] = []
        var clauses: [String] = []
        if da.weight != db.weight {
            changes.append(.weightChanged)
            clauses.append("weight \(NumberFormat.bounds(da.weight)) → \(NumberFormat.bounds(db.weight))")
        }
        if readingMoved && satisfactionText(da, a.scenario) != satisfactionText(db, b.scenario) {
            changes.append(.satisfactionChanged)
            clauses.append("how it is satisfied changed in B")
        }
        if likelihood.a != likelihood.b {
            changes.append(.likelihoodChanged)
            clauses.append("likelihood \(NumberFormat.plain(likelihood.a!)) → \(NumberFormat.plain(likelihood.b!))")
        }
        let moved = Self.issueIDs(Self.issues(da), a.scenario).union(Self.issueIDs(Self.issues(db), b.scenario)).intersection(changedIssues)
        if readingMoved && (!moved.isEmpty || changes.isEmpty) {
            changes.append(.termsChanged)
            clauses.append(moved.isEmpty ? "the package's terms changed" : "terms changed: " + moved.sorted().joined(separator: ", "))
        }
        guard !changes.isEmpty else { return nil }
        return Cause(subject: subject, changes: changes, detail: clauses.joined(separator: "; "))
    }

    // MARK: Reading positions

    private static func redLine(_ p: Position) -> RedLine? {
        if case .redLine(let r) = p.kind { return r }
        return nil
    }

    private static func demand(_ p: Position) -> Demand? {
        if case .demand(let d) = p.kind { return d }
        return nil
    }

    private static func issues(_ r: RedLine) -> Set<Int> {
        var read: Set<Int>
        switch r.rule {
        case .requires(let p), .forbids(let p): read = Set(p.issues)
        }
        if let c = r.condition { read.formUnion(c.issues) }
        return read
    }

    private static func issues(_ d: Demand) -> Set<Int> {
        if case .wants(let p) = d.satisfaction { return Set(p.issues) }
        return d.issue.map { [$0] } ?? []
    }

    private static func issueIDs(_ indices: Set<Int>, _ scenario: Scenario) -> Set<String> {
        Set(indices.map { scenario.issues[$0].id })
    }

    /// How a demand is satisfied, for telling whether two scenarios state the same demand: in
    /// ids, so that issues or options in another order compare equal, and without the options
    /// valued 0 (what an option the values do not name is worth), so that an option added in B
    /// changes nothing until it is valued.
    private func satisfactionText(_ d: Demand, _ scenario: Scenario) -> String {
        func values(_ i: Int, _ values: [Bounds]) -> String {
            let options = scenario.issues[i].options
            return "\(scenario.issues[i].id): "
                + values.indices.filter { values[$0] != Bounds(0) }.map { "\(options[$0].id)=\(NumberFormat.bounds(values[$0]))" }.sorted()
                .joined(separator: ",")
        }
        switch d.satisfaction {
        case .wants(let p): return "wants " + PredicateText.key(p, in: scenario)
        case .choiceValues(let i, let v): return "choice " + values(i, v)
        case .setValues(let i, let v): return "set " + values(i, v)
        case .curve(let i, let points):
            return "curve \(scenario.issues[i].id): "
                + points.map { "\(NumberFormat.plain($0.x))=\(NumberFormat.bounds($0.y))" }.joined(separator: ",")
        }
    }

    private func requirementKey(_ r: Party.Requirement, _ scenario: Scenario) -> String {
        if case .when(let p) = r { return "when " + PredicateText.key(p, in: scenario) }
        return requirementText(r, scenario)
    }

    private static func issues(_ r: Party.Requirement) -> Set<Int> {
        if case .when(let p) = r { return Set(p.issues) }
        return []
    }

    private func requirementText(_ r: Party.Requirement, _ scenario: Scenario) -> String {
        switch r {
        case .always: return "always"
        case .never: return "never"
        case .when(let p): return "when " + PredicateText.describe(p, in: scenario)
        }
    }

    /// ` (held from 2031-06-10 until 2031-09-01)`, or nothing for a position with no dates.
    private static func window(_ p: Position) -> String {
        var parts: [String] = []
        if let since = p.since { parts.append("from \(since)") }
        if let until = p.until { parts.append("until \(until)") }
        return parts.isEmpty ? "" : " (held " + parts.joined(separator: " ") + ")"
    }

    /// A weight or threshold: `0.5`, or `0.45–0.55` for a range.
    private static func same(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= Evaluation.tolerance }
}

extension ScenarioDiff.Both: Equatable where Value: Equatable {}
