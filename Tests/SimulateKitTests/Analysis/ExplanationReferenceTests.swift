import Testing

@testable import SimulateKit

/// Every `explain` answer is minimal: brute force over the whole space finds no package with
/// fewer changed issues that wins the party over (keeping the accepting parties), and none
/// with as few changes and less loss.
struct ExplanationReferenceTests {
    /// A proof that no change wins a party over is never wrong: with one change allowed, so that
    /// explain looks for proofs often, every party it calls blocked is won over by no package of
    /// the whole space that keeps the accepting parties accepting, and when it says no package
    /// can be viable, none of the space is.
    @Test func aBlockedPartyCannotBeWonOverByAnyPackage() throws {
        var blocked = 0, nearestBlocked = 0
        for seed in 0..<1000 {
            var generator = RandomScenario(seed: UInt64(9000 + seed))
            let scenario = generator.make()
            let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
            var all: [[Term]]?
            for k in scenario.packages.indices {
                let explanation = try Explanation(compiled, package: k, maxChanges: 1)
                if all == nil && (explanation.nearestBlocked != nil || explanation.winOvers.contains { $0.blocked != nil }) {
                    var packages: [[Term]] = []
                    forEachProduct(try SearchSpace(scenario).domains) { packages.append($0) }
                    all = packages
                }
                if explanation.nearestBlocked != nil {
                    nearestBlocked += 1
                    let viable = all!.first { compiled.evaluate($0).viable == .yes }
                    #expect(viable == nil, "seed \(seed) package \(k): no viable package, says explain, but \(viable!) is")
                }
                for w in explanation.winOvers where w.blocked != nil {
                    blocked += 1
                    let wins = all!.first { t in
                        let e = compiled.evaluate(t)
                        return e.verdicts[w.party].verdict == .accept && explanation.accepting.allSatisfy { e.verdicts[$0].verdict == .accept }
                    }
                    #expect(wins == nil, "seed \(seed) package \(k) party \(w.party): blocked, but \(wins!) wins it over")
                }
            }
        }
        #expect(blocked >= 8, "only \(blocked) blocked parties in 1,000 random scenarios")
        #expect(nearestBlocked >= 3, "only \(nearestBlocked) proofs that nothing is viable in 1,000 random scenarios")
    }

    /// When explain (at one change) says a change needs at least L issues, no package of the
    /// space within fewer changes wins the party over (or is viable, for the nearest viable
    /// package), by brute force; and the unit cases of the hitting-set bound.
    @Test func theLeastNumberOfChangesIsALowerBound() throws {
        #expect(Explanation.leastChanges([[0, 1], [1, 2], [3]], changeable: [0, 1, 2, 3]) == 2)
        #expect(Explanation.leastChanges([[0], [2], [3]], changeable: [0, 1, 2, 3]) == 3)
        #expect(Explanation.leastChanges([[0], [4]], changeable: [0, 1, 2, 3]) == 5)
        #expect(Explanation.leastChanges([], changeable: [0, 1]) == 1)
        var bounded = 0
        for seed in 0..<1500 {
            var generator = RandomScenario(seed: UInt64(12000 + seed))
            let scenario = generator.make()
            let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
            let space = try SearchSpace(scenario)
            for (k, package) in scenario.packages.enumerated() {
                let explanation = try Explanation(compiled, package: k, maxChanges: 1)
                let claims = explanation.winOvers.filter { $0.leastChanges != nil }
                guard !claims.isEmpty || explanation.nearestLeastChanges != nil else { continue }
                var domains = space.domains
                for i in domains.indices where !domains[i].contains(package.terms[i]) { domains[i].append(package.terms[i]) }
                var all: [[Term]] = []
                forEachProduct(domains) { all.append($0) }
                let evaluations = all.map { compiled.evaluate($0) }
                let context = "seed \(seed) package \(k)"
                for w in claims {
                    bounded += 1
                    let closest = all.indices.filter { x in
                        evaluations[x].verdicts[w.party].verdict == .accept
                            && explanation.accepting.allSatisfy { evaluations[x].verdicts[$0].verdict == .accept }
                    }.map { Self.distance(all[$0], package.terms) }.min()
                    #expect(
                        closest.map { $0 >= w.leastChanges! } ?? true, "\(context) party \(w.party): at least \(w.leastChanges!), but \(closest!)")
                }
                if let least = explanation.nearestLeastChanges {
                    bounded += 1
                    let closest = all.indices.filter { evaluations[$0].viable == .yes }.map { Self.distance(all[$0], package.terms) }.min()
                    #expect(closest.map { $0 >= least } ?? true, "\(context) nearest viable: at least \(least), but \(closest!)")
                }
            }
        }
        #expect(bounded >= 10, "only \(bounded) bounds in 1,500 random scenarios")
    }

    /// North needs a to be y or z; South accepts now and forbids y, then y and z. Only when
    /// South forbids both is North blocked, and the proof names South's red line.
    @Test(arguments: [(#"["y"]"#, false), (#"["y", "z"]"#, true)])
    func aPartyIsBlockedOnlyWhenEveryTermThatMeetsItsRedLineBreaksAnother(forbidden: String, blocked: Bool) throws {
        let north =
            #"{"id": "north", "threshold": 0, "positions": [{"id": "needs-y-or-z", "type": "redLine", "requires": {"issue": "a", "in": ["y", "z"]}}]}"#
        let south =
            #"{"id": "south", "threshold": 0, "positions": [{"id": "not-these", "type": "redLine", "forbids": {"issue": "a", "in": \#(forbidden)}}]}"#
        let scenario = TestSupport.scenario(
            TestSupport.miniScenario(parties: "[\(north), \(south)]", packages: #"[{"id": "deal", "terms": {"a": "x", "n": 0, "s": []}}]"#))
        let compiled = CompiledScenario(scenario, asOf: scenario.asOf!)
        let explanation = try Explanation(compiled, package: 0)
        let w = try #require(explanation.winOvers.first { $0.party == 0 })
        #expect((w.blocked != nil) == blocked)
        #expect((w.change == nil) == blocked)
        // The proof itself, asked directly (explain asks only when it found no change).
        let proof = Explanation.blocking(
            compiled, party: 0, terms: scenario.packages[0].terms, domains: try SearchSpace(scenario).domains, accepting: [1])
        #expect((proof != nil) == blocked)
        if let b = w.blocked {
            #expect(b.issue == 0)
            #expect(b.by.map(\.party) == [1] && b.by.map(\.position) == [0])
            #expect(b.redLine == 0)
        }
    }

    /// A red line of the accepting party over more issues blocks when it breaks whatever they
    /// hold (`any`), not when another of them can meet it (`all`); one over a number issue is
    /// not used, though here it would hold (the grid leaves out values between its points).
    @Test(arguments: [
        (#"{"any": [{"issue": "a", "in": ["y", "z"]}, {"issue": "s", "includes": ["p"]}]}"#, true, false),
        (#"{"all": [{"issue": "a", "in": ["y", "z"]}, {"issue": "s", "includes": ["p"]}]}"#, false, true),
        (#"{"any": [{"issue": "a", "in": ["y", "z"]}, {"issue": "n", "atLeast": 10}]}"#, false, false),
    ])
    func aRedLineOverMoreIssuesBlocksWhenItBreaksWhateverTheyHold(forbids: String, blocked: Bool, changes: Bool) throws {
        let north =
            #"{"id": "north", "threshold": 0, "positions": [{"id": "needs-y-or-z", "type": "redLine", "requires": {"issue": "a", "in": ["y", "z"]}}]}"#
        let south = #"{"id": "south", "threshold": 0, "positions": [{"id": "not-these", "type": "redLine", "forbids": \#(forbids)}]}"#
        let scenario = TestSupport.scenario(
            TestSupport.miniScenario(parties: "[\(north), \(south)]", packages: #"[{"id": "deal", "terms": {"a": "x", "n": 0, "s": []}}]"#))
        let compiled = CompiledScenario(scenario, asOf: scenario.asOf!)
        let w = try #require(try Explanation(compiled, package: 0).winOvers.first { $0.party == 0 })
        #expect((w.blocked != nil) == blocked)
        #expect((w.change != nil) == changes)
        if blocked {
            let text = ExplainReport(explanation: try Explanation(compiled, package: 0)).text()
            let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains("breaks south's red line not-these whatever its other issues hold."), "\(text)")
        }
    }

    /// A number issue's grid leaves out the values between its points, so no proof reads one:
    /// here x = 7 meets both red lines, though no grid value (0, 5, 10, …) does.
    @Test func noProofReadsANumberIssue() throws {
        let scenario = TestSupport.scenario(
            TestSupport.miniScenario(
                parties: #"""
                    [{"id": "p", "threshold": 0, "positions": [{"id": "six", "type": "redLine", "requires": {"issue": "n", "atLeast": 6}}]},
                     {"id": "q", "threshold": 0, "positions": [{"id": "eight", "type": "redLine", "requires": {"issue": "n", "atMost": 8}}]}]
                    """#, packages: #"[{"id": "zero", "terms": {"a": "x", "n": 0, "s": []}}, {"id": "seven", "terms": {"a": "x", "n": 7, "s": []}}]"#)
        )
        let compiled = CompiledScenario(scenario, asOf: scenario.asOf!)
        #expect(compiled.evaluate(scenario.packages[1].terms).viable == .yes)
        let explanation = try Explanation(compiled, package: 0)
        #expect(explanation.nearestBlocked == nil)
        #expect(Explanation.viabilityBlocked(compiled, terms: scenario.packages[0].terms, domains: try SearchSpace(scenario).domains) == nil)
    }

    /// A guarantor that doubts the deal is left out by swapping it for another: explain picks
    /// the one that accepts, not the first found (which rejects), at the same loss.
    @Test func aSwapPrefersANewlyNeededPartyThatAccepts() throws {
        func guarantor(_ id: String, _ option: String, _ positions: String = "") -> String {
            #"{"id": "\#(id)", "threshold": 0, "required": {"issue": "s", "includes": ["\#(option)"]}, "positions": [\#(positions)]}"#
        }
        // gp doubts the deal as the shipped guarantors do ("if I guarantee it, not on these
        // terms"); gq rejects it outright, so it does not accept now and nothing protects it.
        let doubt = #"{"id": "doubt", "type": "redLine", "if": {"issue": "s", "includes": ["p"]}, "forbids": {"issue": "n", "atLeast": 0}}"#
        let never = #"{"id": "never", "type": "redLine", "forbids": {"issue": "n", "atLeast": 0}}"#
        let main =
            #"{"id": "main", "threshold": 0, "positions": [{"id": "guarded", "type": "redLine", "requires": {"issue": "s", "sizeAtLeast": 1}}]}"#
        let scenario = TestSupport.scenario(
            TestSupport.miniScenario(
                parties: "[\(main), \(guarantor("gp", "p", doubt)), \(guarantor("gq", "q", never)), \(guarantor("gr", "r"))]",
                packages: #"[{"id": "deal", "terms": {"a": "x", "n": 0, "s": ["p"]}}]"#))
        let compiled = CompiledScenario(scenario, asOf: scenario.asOf!)
        let explanation = try Explanation(compiled, package: 0, maxChanges: 1)
        let gp = try #require(explanation.winOvers.first { $0.party == 1 })
        let change = try #require(gp.change)
        // [q] comes first in the search order and costs no one anything, but needs gq.
        #expect(change.terms.map(\.to) == [.members(0b100)], "s → [r], not [q]: q would be needed and reject")
        #expect(compiled.evaluate(change.package).viable == .yes)
    }

    /// Among equal changes that win a party over, explain picks the one that costs the other
    /// doubters least: n → 20 keeps what "doubter" wants, n → 0 (found first) would take it away.
    @Test func aTieGoesToTheChangeThatCostsTheOtherDoubtersLeast() throws {
        let target = #"{"id": "target", "threshold": 0, "positions": [{"id": "short", "type": "redLine", "forbids": {"issue": "n", "atLeast": 25}}]}"#
        let doubter = #"""
            {"id": "doubter", "threshold": 0.5, "positions": [
              {"id": "not-x", "type": "redLine", "forbids": {"issue": "a", "is": "x"}},
              {"id": "long", "type": "demand", "weight": 1, "wants": {"issue": "n", "atLeast": 20}}]}
            """#
        let scenario = TestSupport.scenario(
            TestSupport.miniScenario(parties: "[\(target), \(doubter)]", packages: #"[{"id": "deal", "terms": {"a": "x", "n": 30, "s": []}}]"#))
        let compiled = CompiledScenario(scenario, asOf: scenario.asOf!)
        #expect(compiled.evaluate(scenario.packages[0].terms).verdicts.map(\.verdict) == [.reject, .reject])
        let explanation = try Explanation(compiled, package: 0, parties: [0], maxChanges: 1)
        let change = try #require(explanation.winOvers.first?.change)
        #expect(change.terms.map(\.to) == [.number(20)], "n → 20, not n → 0: the doubter keeps its demand")
        #expect(change.scores[1] == 1)
    }

    /// Among equal changes, explain picks the one that breaks no new red line of another doubter:
    /// a → z, not a → y (found first), which "doubter" forbids, though its score is the same.
    @Test func aTieGoesToTheChangeThatBreaksNoNewRedLineOfAnotherDoubter() throws {
        let target = #"{"id": "target", "threshold": 0, "positions": [{"id": "not-x", "type": "redLine", "forbids": {"issue": "a", "is": "x"}}]}"#
        let doubter = #"""
            {"id": "doubter", "threshold": 0, "positions": [
              {"id": "never", "type": "redLine", "forbids": {"issue": "n", "atLeast": 0}},
              {"id": "not-y", "type": "redLine", "forbids": {"issue": "a", "is": "y"}}]}
            """#
        let scenario = TestSupport.scenario(
            TestSupport.miniScenario(parties: "[\(target), \(doubter)]", packages: #"[{"id": "deal", "terms": {"a": "x", "n": 30, "s": []}}]"#))
        let compiled = CompiledScenario(scenario, asOf: scenario.asOf!)
        let explanation = try Explanation(compiled, package: 0, parties: [0], maxChanges: 1)
        let change = try #require(explanation.winOvers.first?.change)
        #expect(change.terms.map(\.to) == [.option(2)], "a → z: a → y would newly break the doubter's not-y")
    }

    static func distance(_ a: [Term], _ b: [Term]) -> Int { zip(a, b).filter { $0 != $1 }.count }

    @Test(arguments: 0..<150)
    func explanationsAreMinimal(seed: Int) throws {
        var generator = RandomScenario(seed: UInt64(5000 + seed))
        let scenario = generator.make()
        let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
        let space = try SearchSpace(scenario)
        for (k, package) in scenario.packages.enumerated() {
            // Every package of the space, and those that keep an off-grid current term.
            var domains = space.domains
            for i in domains.indices where !domains[i].contains(package.terms[i]) { domains[i].append(package.terms[i]) }
            var all: [[Term]] = []
            forEachProduct(domains) { all.append($0) }
            let evaluations = all.map { compiled.evaluate($0) }
            let explanation = try Explanation(compiled, package: k, maxChanges: scenario.issues.count)
            let before = compiled.evaluate(package.terms)
            let accepting = explanation.accepting
            func loss(_ e: PackageEvaluation) -> Double {
                accepting.reduce(0.0) { $0 + max(0, before.verdicts[$1].score - e.verdicts[$1].score) }
            }
            for w in explanation.winOvers {
                let fits = all.indices.filter { x in
                    evaluations[x].verdicts[w.party].verdict == .accept && accepting.allSatisfy { evaluations[x].verdicts[$0].verdict == .accept }
                }
                let context = "seed \(seed) package \(k) party \(w.party)"
                // A proof that nothing works is never wrong.
                if w.blocked != nil { #expect(fits.isEmpty, "\(context): explain says blocked, brute force wins it over") }
                guard let least = fits.map({ Self.distance(all[$0], package.terms) }).min() else {
                    #expect(w.change == nil, "\(context): explain found a change the brute force did not")
                    continue
                }
                let change = try #require(w.change, "\(context): brute force wins it over in \(least) changes")
                #expect(change.terms.count == least, "\(context)")
                let bestLoss = fits.filter { Self.distance(all[$0], package.terms) == least }.map { loss(evaluations[$0]) }.min()!
                #expect(abs(change.loss - bestLoss) < 1e-9, "\(context)")
                // Then the fewest parties newly needed that do not accept.
                func newcomers(_ e: PackageEvaluation) -> Int {
                    e.verdicts.indices.filter { !before.verdicts[$0].required && e.verdicts[$0].required && e.verdicts[$0].verdict != .accept }.count
                }
                let fewest = fits.filter { Self.distance(all[$0], package.terms) == least && loss(evaluations[$0]) <= bestLoss + 1e-12 }
                    .map { newcomers(evaluations[$0]) }.min()!
                #expect(newcomers(compiled.evaluate(change.package)) <= fewest, "\(context): newcomers")
                // Then, over the other parties that may have to agree and do not accept, the fewest
                // red lines newly broken, then the least loss.
                let doubters = scenario.parties.indices.filter {
                    $0 != w.party && scenario.parties[$0].required != .never && before.verdicts[$0].verdict != .accept
                }
                func newlyBroken(_ e: PackageEvaluation) -> Int {
                    doubters.reduce(0) { n, q in n + e.verdicts[q].violatedRedLines.filter { !before.verdicts[q].violatedRedLines.contains($0) }.count
                    }
                }
                func doubterLoss(_ e: PackageEvaluation) -> Double {
                    doubters.reduce(0.0) { $0 + max(0, before.verdicts[$1].score - e.verdicts[$1].score) }
                }
                let tied = fits.filter {
                    Self.distance(all[$0], package.terms) == least && loss(evaluations[$0]) <= bestLoss + 1e-12
                        && newcomers(evaluations[$0]) == fewest
                }
                if let fewestBroken = tied.map({ newlyBroken(evaluations[$0]) }).min() {
                    let chosen = compiled.evaluate(change.package)
                    #expect(newlyBroken(chosen) == fewestBroken, "\(context): doubters' red lines")
                    let leastDoubterLoss = tied.filter { newlyBroken(evaluations[$0]) == fewestBroken }.map { doubterLoss(evaluations[$0]) }.min()!
                    #expect(doubterLoss(chosen) <= leastDoubterLoss + 1e-9, "\(context): doubters' loss")
                }
                // The change it names really does what it says.
                let after = compiled.evaluate(change.package)
                #expect(after.verdicts[w.party].verdict == .accept, "\(context)")
                #expect(Self.distance(change.package, package.terms) == change.terms.count)
                Self.checkReasons(change, sought: w.party, accepting: accepting, scenario, context)
            }
            if before.viable != .yes {
                let viable = all.indices.filter { evaluations[$0].viable == .yes }
                let least = viable.map { Self.distance(all[$0], package.terms) }.min()
                #expect(explanation.nearestViable?.terms.count == least, "seed \(seed) package \(k) nearest viable")
                if let change = explanation.nearestViable {
                    #expect(compiled.evaluate(change.package).viable == .yes)
                    Self.checkReasons(change, sought: nil, accepting: accepting, scenario, "seed \(seed) package \(k) nearest viable")
                    let bestLoss = viable.filter { Self.distance(all[$0], package.terms) == least }.map { loss(evaluations[$0]) }.min()!
                    #expect(abs(change.loss - bestLoss) < 1e-9, "seed \(seed) package \(k) nearest viable loss")
                }
            }
        }
    }

    /// Each changed issue's reasons, against the reference evaluator: undoing that issue alone
    /// loses exactly the parties the reasons name (the party sought or a party the package
    /// needs, a party that accepts now, or a party the package would newly need), at least one
    /// (else a smaller change would do), and every red line named is broken undone and not with
    /// the change.
    static func checkReasons(_ change: Explanation.Change, sought: Int?, accepting: [Int], _ scenario: Scenario, _ context: String) {
        func verdicts(_ terms: [Term]) -> [ReferenceEvaluator.Result] {
            scenario.parties.indices.map { ReferenceEvaluator.evaluate(scenario, asOf: RandomScenario.asOf, party: $0, terms) }
        }
        let after = verdicts(change.package)
        for (k, t) in change.terms.enumerated() {
            var undone = change.package
            undone[t.issue] = t.from
            let u = verdicts(undone)
            var lost: [(party: Int, role: Explanation.Reason.Role)] = []
            if let p = sought {
                if u[p].verdict != .accept { lost.append((p, .winsOver)) }
                for q in accepting where q != p && u[q].verdict != .accept { lost.append((q, .keepsAccepting)) }
            } else {
                for q in scenario.parties.indices where u[q].required && u[q].verdict != .accept {
                    lost.append((q, !after[q].required ? .keepsOut : accepting.contains(q) ? .keepsAccepting : .winsOver))
                }
            }
            let reasons = change.reasons[k]
            #expect(!lost.isEmpty, "\(context): undoing issue \(t.issue) alone loses nothing")
            #expect(reasons.map(\.party) == lost.map(\.party) && reasons.map(\.role) == lost.map(\.role), "\(context): issue \(t.issue)")
            for r in reasons {
                for position in r.positions {
                    guard case .redLine = scenario.parties[r.party].positions[position].kind else { continue }
                    #expect(u[r.party].violated.contains(position) && !after[r.party].violated.contains(position), "\(context): \(position)")
                }
                if r.role == .keepsOut { #expect(r.positions.isEmpty && !after[r.party].required) }
            }
        }
    }
}
