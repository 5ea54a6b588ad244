import Foundation
import Testing

@testable import SimulateKit

/// `ScenarioDiff` on small base/what-if pairs: what flips, and the positions it names.
struct ScenarioDiffTests {
    /// Writes `a` and `b` as `a.json` and `b.json` in one folder (so `b` may extend `a.json`),
    /// loads both and compares them at their own dates.
    static func diff(_ a: String, _ b: String, files extra: [String: String] = [:], parties: Set<String>? = nil) throws -> ScenarioDiff {
        let folder = TestSupport.write(extra.merging(["a.json": a, "b.json": b]) { x, _ in x })
        func compiled(_ name: String) throws -> CompiledScenario {
            let result = ScenarioLoader.load(path: folder.appendingPathComponent(name).path)
            let scenario = try #require(result.scenario, "\(name): \(result.diagnostics.map(\.description))")
            return CompiledScenario(scenario, asOf: scenario.asOf!)
        }
        return ScenarioDiff(try compiled("a.json"), try compiled("b.json"), parties: parties)
    }

    static let forbidsX = #"{"id": "no-x", "type": "redLine", "forbids": {"issue": "a", "is": "x"}}"#
    static let wantsY = #"{"id": "wants-y", "type": "demand", "weight": 1, "wants": {"issue": "a", "is": "y"}}"#
    static let wantsP = #"{"id": "wants-p", "type": "demand", "weight": 1, "wants": {"issue": "s", "includes": ["p"]}}"#
    static let packages = #"""
        [{"id": "deal", "terms": {"a": "x", "n": 10, "s": ["p"]}},
         {"id": "calm", "terms": {"a": "y", "n": 10, "s": ["p"]}}]
        """#

    static func party(_ id: String, threshold: String = "0.4", required: String = "true", _ positions: String...) -> String {
        #"{"id": "\#(id)", "threshold": \#(threshold), "required": \#(required), "positions": [\#(positions.joined(separator: ", "))]}"#
    }

    static func comparison(_ diff: ScenarioDiff, _ id: String) throws -> ScenarioDiff.PackageComparison {
        try #require(diff.packages.first { $0.id == id })
    }

    static func change(_ p: ScenarioDiff.PackageComparison, _ party: String) throws -> ScenarioDiff.PartyChange {
        try #require(p.parties.first { $0.party == party }, "no change for \(party) on \(p.id)")
    }

    @Test func aRemovedRedLineFlipsAVerdictAndIsNamedAsResponsible() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", Self.forbidsX, Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "no-x", "remove": true}]}]}"#
        let diff = try Self.diff(base, whatIf)
        let deal = try Self.comparison(diff, "deal")
        #expect(deal.evaluation.a.viable == .no)
        #expect(deal.evaluation.b.viable == .yes)
        #expect(deal.viabilityFlipped && deal.changed)
        let north = try Self.change(deal, "north")
        #expect(north.verdict.a?.verdict == .reject)
        #expect(north.verdict.b?.verdict == .accept)
        let cause = try #require(north.causes.first)
        #expect(north.causes.count == 1)
        #expect(cause.position == "no-x")
        #expect(cause.kind == "redLine")
        #expect(cause.changes == [.removed])
        #expect(cause.detail == "removed in B")
        guard case .redLine(_, let rule, let violated, _) = cause.subject else { Testing.Issue.record("not a red line"); return }
        #expect(rule == "forbids a is x")
        #expect(violated == ScenarioDiff.Both(a: true, b: false))
        let text = DiffReport(diff: diff).text()
        #expect(text.contains("    · red line no-x, violated in A only: removed in B\n        forbids a is x\n"))
    }

    @Test func aLoweredThresholdFlipsAndIsNamed() throws {
        // Satisfied by 'calm' (a is y) but not by 'deal': score 0.5 on deal.
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", threshold: "0.6", Self.wantsY, Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "threshold": 0.4}]}"#
        let diff = try Self.diff(base, whatIf)
        let north = try Self.change(try Self.comparison(diff, "deal"), "north")
        #expect(north.verdict.a?.verdict == .reject)
        #expect(north.verdict.b?.verdict == .accept)
        #expect(north.causes.map(\.kind) == ["threshold"])
        #expect(north.causes[0].changes == [.thresholdChanged])
        #expect(north.causes[0].detail == "threshold 0.60 → 0.40")
        #expect(north.causes[0].position == nil)
        // The unmet demand did not change, so it is not named.
        #expect(!north.causes.contains { $0.position == "wants-y" })
    }

    @Test func aPackageOnlyInBIsListedWithItsViability() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", Self.forbidsX))]", packages: Self.packages)
        let whatIf = #"""
            {"format": 1, "extends": "a.json",
             "packages": [{"id": "calm", "remove": true}, {"id": "extra", "terms": {"a": "z", "n": 0, "s": []}}]}
            """#
        let diff = try Self.diff(base, whatIf)
        #expect(diff.onlyInB.map(\.id) == ["extra"])
        #expect(diff.onlyInB.first?.evaluation.viable == .yes)
        #expect(diff.onlyInA.map(\.id) == ["calm"])
        #expect(diff.onlyInA.first?.evaluation.viable == .yes)
        #expect(diff.packages.map(\.id) == ["deal"])
        let text = DiffReport(diff: diff).text()
        #expect(text.contains("only in A: calm (viable yes)\nonly in B: extra (viable yes)\n"))
    }

    @Test func packagesWhereNothingFlipsAreSummarisedOnOneLine() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", Self.forbidsX, Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "no-x", "remove": true}]}]}"#
        let diff = try Self.diff(base, whatIf)
        #expect(diff.unchanged.map(\.id) == ["calm"])
        let calm = try Self.comparison(diff, "calm")
        #expect(!calm.changed && calm.parties.isEmpty && calm.terms.isEmpty)
        let text = DiffReport(diff: diff).text()
        #expect(text.hasSuffix("\nunchanged: calm\n"))
        #expect(!text.contains("calm —"), "an unchanged package gets no section")
        #expect(DiffReport(diff: diff).markdown().contains("Unchanged: `calm`."))
    }

    /// A change short of a flip is reported, not called "unchanged": a higher threshold that
    /// leaves a satisfied party accepting, and a rejecting one rejecting.
    @Test func aMoveWithoutAFlipIsReported() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", Self.forbidsX, Self.wantsP))]", packages: Self.packages)
        let same = try Self.diff(base, base)
        #expect(same.movedOnly.isEmpty && same.unchanged.count == 2)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "threshold": 0.9}]}"#
        let diff = try Self.diff(base, whatIf)
        #expect(diff.movedOnly.map(\.id) == ["deal", "calm"])
        #expect(diff.unchanged.isEmpty)
        let calm = try #require(try Self.comparison(diff, "calm").moved.first)
        #expect(calm.thresholdMoved && !calm.scoreMoved && calm.brokenInAOnly.isEmpty && calm.brokenInBOnly.isEmpty)
        let text = DiffReport(diff: diff).text()
        #expect(text.contains("2 packages in both: 0 changed, 2 moved without a flip, 0 unchanged"))
        #expect(text.contains("  calm: north stays accept: threshold 0.40 → 0.90\n"))
        #expect(DiffReport(diff: diff).json().contains(#""redLinesBrokenInAOnly""#))
    }

    /// A broken red line held with another likelihood moves the verdict's ground without flipping
    /// it (the score alone rejects): reported as a move, with both likelihoods.
    @Test func aBrokenRedLinesNewLikelihoodIsAMove() throws {
        let unsure = #"{"id": "no-x", "type": "redLine", "likelihood": 0.7, "forbids": {"issue": "a", "is": "x"}}"#
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", threshold: "0.9", unsure, Self.wantsY))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "no-x", "likelihood": 0.4}]}]}"#
        let diff = try Self.diff(base, whatIf)
        #expect(diff.movedOnly.map(\.id) == ["deal"])
        let north = try #require(try Self.comparison(diff, "deal").moved.first)
        #expect(north.verdict.a.verdict == .reject && north.verdict.b.verdict == .reject)
        #expect(north.likelihoodMoved.map(\.id) == ["no-x"])
        #expect(north.likelihoodMoved.first?.likelihood == ScenarioDiff.Both(a: 0.7, b: 0.4))
        let report = DiffReport(diff: diff)
        #expect(report.text().contains("  deal: north stays REJECT: red line no-x likelihood 0.7 → 0.4\n"))
        #expect(report.json().contains(#""redLineLikelihoods""#))
        #expect(report.markdown().contains("- `deal`: north stays REJECT: red line no-x likelihood 0.7 → 0.4\n"))
        // A change below the reporting grain (as for scores and thresholds) is no move.
        let tiny = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "no-x", "likelihood": 0.701}]}]}"#
        #expect(try Self.diff(base, tiny).movedOnly.isEmpty)
    }

    @Test func aPartyRequiredOnlyInBFlipsTheViability() throws {
        let observer = Self.party("observer", required: "false", Self.forbidsX)
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", Self.wantsP)), \(observer)]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "observer", "required": true}]}"#
        let diff = try Self.diff(base, whatIf)
        let deal = try Self.comparison(diff, "deal")
        #expect(deal.evaluation.a.viable == .yes)
        #expect(deal.evaluation.b.viable == .no)
        let change = try Self.change(deal, "observer")
        #expect(change.verdict.a?.required == false)
        #expect(change.verdict.b?.required == true)
        #expect(change.verdict.a?.verdict == .reject && change.verdict.b?.verdict == .reject)
        #expect(change.causes.map(\.kind) == ["requirement"])
        #expect(change.causes[0].changes == [.requirementChanged])
        #expect(change.causes[0].detail == "requirement never → always")
        #expect(
            DiffReport(diff: diff).text().contains(
                "  observer        (REJECT)  → REJECT     score 1.00 → 1.00 (threshold 0.40)\n"
                    + "    · required in B only: requirement never → always\n"))
        // 'calm' violates nothing: the observer accepts either way, so only its requirement moved.
        #expect(try Self.change(try Self.comparison(diff, "calm"), "observer").causes.map(\.kind) == ["requirement"])
    }

    @Test func aGuarantorRequiredByChangedTermsIsExplainedByTheTerms() throws {
        let guarantor = Self.party(
            "guarantor", required: #"{"issue": "s", "includes": ["q"]}"#,
            #"{"id": "short", "type": "redLine", "requires": {"issue": "n", "atMost": 5}}"#)
        let base = TestSupport.miniScenario(parties: "[\(guarantor)]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "packages": [{"id": "deal", "terms": {"s": ["p", "q"]}}]}"#
        let diff = try Self.diff(base, whatIf)
        let deal = try Self.comparison(diff, "deal")
        #expect(deal.terms.map(\.issue) == ["s"])
        #expect(deal.terms.first?.a == "p" && deal.terms.first?.b == "p, q")
        let change = try Self.change(deal, "guarantor")
        #expect(change.causes.map(\.changes) == [[.termsChanged]])
        #expect(deal.evaluation.b.viable == .no)
    }

    @Test func aRedLineThatLapsesByTheDateIsNamedWithItsWindow() throws {
        let lapsing = #"{"id": "no-x-for-now", "type": "redLine", "until": "2022-06-01", "forbids": {"issue": "a", "is": "x"}}"#
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", lapsing))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "asOf": "2022-07-01"}"#
        let diff = try Self.diff(base, whatIf)
        let cause = try #require(try Self.change(try Self.comparison(diff, "deal"), "north").causes.first)
        #expect(cause.changes == [.deactivated])
        #expect(cause.detail == "not active on 2022-07-01 in B (held until 2022-06-01)")
    }

    @Test func aFirmerRedLineIsNamedByItsLikelihood() throws {
        let doubtful = #"{"id": "no-x", "type": "redLine", "likelihood": 0.5, "forbids": {"issue": "a", "is": "x"}}"#
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", doubtful))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "no-x", "likelihood": 1}]}]}"#
        let diff = try Self.diff(base, whatIf)
        let north = try Self.change(try Self.comparison(diff, "deal"), "north")
        #expect(north.verdict.a?.verdict == .uncertain && north.verdict.b?.verdict == .reject)
        #expect(north.causes.map(\.changes) == [[.likelihoodChanged]])
        #expect(north.causes.first?.detail == "likelihood 0.5 → 1")
    }

    @Test func aHeavierUnmetDemandIsNamedWithItsWeight() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", threshold: "0.45", Self.wantsY, Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "wants-y", "weight": 3}]}]}"#
        let diff = try Self.diff(base, whatIf)
        let north = try Self.change(try Self.comparison(diff, "deal"), "north")
        #expect(north.verdict.a?.verdict == .accept && north.verdict.b?.verdict == .reject)
        let cause = try #require(north.causes.first)
        #expect(north.causes.count == 1)
        #expect(cause.position == "wants-y" && cause.changes == [.weightChanged])
        guard case .demand(_, let weight, let satisfaction, _) = cause.subject else { Testing.Issue.record("not a demand"); return }
        #expect(weight == ScenarioDiff.Both<Bounds?>(a: Bounds(1), b: Bounds(3)))
        #expect(satisfaction.a?.mid == 0 && satisfaction.b?.mid == 0)
    }

    @Test func partiesOnlyInOneScenarioAreListed() throws {
        let base = TestSupport.miniScenario(
            parties: "[\(Self.party("north", Self.wantsP)), \(Self.party("gone", Self.wantsP))]", packages: Self.packages)
        let whatIf = #"""
            {"format": 1, "extends": "a.json",
             "parties": [{"id": "gone", "remove": true}, {"id": "newcomer", "threshold": 0.4, "positions": [\#(Self.forbidsX)]}]}
            """#
        let diff = try Self.diff(base, whatIf)
        #expect(diff.partiesOnlyInA == ["gone"])
        #expect(diff.partiesOnlyInB == ["newcomer"])
        let deal = try Self.comparison(diff, "deal")
        #expect(deal.evaluation.b.viable == .no)
        // Under a package, a party only one file has is named only where it could decide the
        // viability: required and not accepting for certain. `gone` accepted both packages.
        #expect(deal.parties.map(\.party) == ["newcomer"])
        #expect(deal.parties[0].verdict.a == nil)
        #expect(deal.parties[0].causes.map(\.changes) == [[.added]])
        let calm = try Self.comparison(diff, "calm")
        #expect(calm.parties.isEmpty && !calm.changed)
    }

    /// With `--party`, a party not shown that only one file has counts as flipping where it
    /// could decide the viability, as it is named when shown; Markdown marks the ids as code.
    @Test func aPartyNotShownThatOnlyOneFileHasIsNamedWhereItCouldDecide() throws {
        let base = TestSupport.miniScenario(
            parties: "[\(Self.party("north", Self.wantsP)), \(Self.party("gone", Self.forbidsX))]", packages: Self.packages)
        let whatIf = #"""
            {"format": 1, "extends": "a.json",
             "parties": [{"id": "gone", "remove": true}, {"id": "newcomer", "threshold": 0.4, "positions": [\#(Self.forbidsX)]}]}
            """#
        let diff = try Self.diff(base, whatIf, parties: ["north"])
        #expect(try Self.comparison(diff, "deal").flippedNotShown == ["gone", "newcomer"])
        #expect(try Self.comparison(diff, "calm").flippedNotShown.isEmpty)
        let markdown = DiffReport(diff: diff).markdown()
        #expect(markdown.contains("Parties not shown flip on 1 package: `deal` (`gone`, `newcomer`); run without --party to see why."))
    }

    /// A what-if that adds an option, or renames a unit, edits no rule: the words of a rule
    /// change ("a is not z" reads "a is one of x, y" once a fourth option exists), its meaning
    /// does not. Only the terms, which did change, are named.
    @Test func anAddedOptionOrUnitIsNotARuleChange() throws {
        let positions = [
            #"{"id": "xy-only", "type": "redLine", "requires": {"issue": "a", "in": ["x", "y"]}}"#,
            #"{"id": "ten", "type": "redLine", "requires": {"issue": "n", "atLeast": 10}}"#,
            #"{"id": "likes", "type": "demand", "weight": 1, "issue": "a", "values": {"x": 1, "y": 1}}"#,
        ]
        let guarantor =
            #"{"id": "g", "required": {"issue": "a", "in": ["x", "y"]}, "positions": [{"id": "no-x", "type": "redLine", "forbids": {"issue": "a", "is": "x"}}]}"#
        let base = TestSupport.miniScenario(
            parties: "[\(Self.party("north", threshold: "0.5", positions[0], positions[1], positions[2])), \(guarantor)]",
            packages: #"[{"id": "k", "terms": {"a": "z", "n": 10, "s": []}}, {"id": "m", "terms": {"a": "x", "n": 5, "s": []}}]"#)
        let whatIf = #"""
            {"format": 1, "extends": "a.json",
             "issues": [{"id": "a", "options": ["w"]}, {"id": "n", "unit": "years"}],
             "packages": [{"id": "k", "terms": {"a": "x"}}, {"id": "m", "terms": {"n": 10}}]}
            """#
        let diff = try Self.diff(base, whatIf)
        let k = try Self.comparison(diff, "k")
        let north = try Self.change(k, "north")
        #expect(north.causes.map(\.position) == ["xy-only", "likes"])
        #expect(north.causes.map(\.changes) == [[.termsChanged], [.termsChanged]])
        #expect(north.causes.map(\.detail) == ["terms changed: a", "terms changed: a"])
        let g = try Self.change(k, "g")
        #expect(g.causes.map(\.changes) == [[.termsChanged], [.termsChanged]])
        #expect(g.causes.last?.detail == "required when a is one of x, y; the package's terms changed")
        let m = try Self.comparison(diff, "m")
        #expect(try Self.change(m, "north").causes.map(\.detail) == ["terms changed: n"])
    }

    /// A requirement whose rule and whose terms both changed names both.
    @Test func aRequirementWhoseRuleAndTermsChangedNamesBoth() throws {
        let guarantor =
            #"{"id": "g", "required": {"issue": "a", "in": ["x"]}, "positions": [{"id": "no-y", "type": "redLine", "forbids": {"issue": "a", "is": "y"}}]}"#
        let base = TestSupport.miniScenario(
            parties: "[\(guarantor)]", packages: #"[{"id": "k", "terms": {"a": "z", "n": 10, "s": []}}]"#)
        let whatIf = #"""
            {"format": 1, "extends": "a.json",
             "parties": [{"id": "g", "required": {"issue": "a", "in": ["x", "y"]}}],
             "packages": [{"id": "k", "terms": {"a": "y"}}]}
            """#
        let diff = try Self.diff(base, whatIf)
        let g = try Self.change(try Self.comparison(diff, "k"), "g")
        let requirement = try #require(g.causes.first { $0.kind == "requirement" })
        #expect(requirement.changes == [.requirementChanged, .termsChanged])
        #expect(requirement.detail == "requirement when a is x → when a is not z; terms changed: a")
    }

    /// A threshold moved by 0.005, a hair less in binary (0.105 − 0.1), is a move.
    @Test func aMoveOfExactlyTheCutOffIsReported() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", threshold: "0.1", Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "threshold": 0.105}]}"#
        let diff = try Self.diff(base, whatIf)
        #expect(try Self.comparison(diff, "deal").moved.first?.thresholdMoved == true)
    }

    /// A threshold reads as every command gives it: the midpoint, then the range, in A and in B.
    @Test func theJSONThresholdIsAMidpointWithItsRange() throws {
        let base = TestSupport.miniScenario(
            parties: "[\(Self.party("north", threshold: "[0.2, 0.4]", Self.wantsY, Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "threshold": 0.9}]}"#
        let json = DiffReport(diff: try Self.diff(base, whatIf)).json()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let packages = try #require(root["packages"] as? [[String: Any]])
        let entries = packages.flatMap { ($0["parties"] as? [[String: Any]] ?? []) + ($0["moved"] as? [[String: Any]] ?? []) }
        #expect(!entries.isEmpty)
        for entry in entries {
            let mid = try #require(entry["threshold"] as? [String: Double])
            #expect(abs(mid["a"]! - 0.3) < 1e-12 && mid["b"] == 0.9)
            let range = try #require(entry["thresholdRange"] as? [String: [Double]])
            #expect(range["a"] == [0.2, 0.4] && range["b"] == [0.9, 0.9])
        }
        let causes = packages.flatMap { ($0["parties"] as? [[String: Any]] ?? []).flatMap { $0["responsible"] as? [[String: Any]] ?? [] } }
        let threshold = try #require(causes.first { $0["kind"] as? String == "threshold" })
        #expect((threshold["thresholdRange"] as? [String: [Double]])?["b"] == [0.9, 0.9])
    }

    @Test func theJSONReportHasTheContractKeys() throws {
        let base = TestSupport.miniScenario(parties: "[\(Self.party("north", Self.forbidsX, Self.wantsP))]", packages: Self.packages)
        let whatIf = #"{"format": 1, "extends": "a.json", "parties": [{"id": "north", "positions": [{"id": "no-x", "remove": true}]}]}"#
        let json = DiffReport(diff: try Self.diff(base, whatIf)).json()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((root["a"] as? String)?.hasSuffix("a.json") == true)
        #expect((root["asOf"] as? [String: Any])?["b"] as? String == "2022-03-29")
        let packages = try #require(root["packages"] as? [[String: Any]])
        #expect(packages.map { $0["id"] as? String } == ["deal", "calm"])
        #expect(packages.map { $0["changed"] as? Bool } == [true, false])
        #expect((packages[0]["viable"] as? [String: String]) == ["a": "no", "b": "yes"])
        let party = try #require((packages[0]["parties"] as? [[String: Any]])?.first)
        #expect(party["party"] as? String == "north")
        #expect((party["verdict"] as? [String: String]) == ["a": "reject", "b": "accept"])
        let responsible = try #require((party["responsible"] as? [[String: Any]])?.first)
        #expect(responsible["position"] as? String == "no-x")
        #expect(responsible["kind"] as? String == "redLine")
        #expect(responsible["change"] as? [String] == ["removed"])
        #expect((root["onlyInA"] as? [Any])?.isEmpty == true)
        #expect((root["onlyInB"] as? [Any])?.isEmpty == true)
    }
}
