import Foundation
import Testing

@testable import SimulateKit

/// `extends`: scalars replace, objects merge by key, id-lists merge by id, `remove` deletes,
/// other lists replace; cycles are reported with their chain.
struct MergeTests {
    static let base = """
        {"format": 1, "title": "Base", "asOf": "2022-03-29",
         "issues": [
           {"id": "alignment", "kind": "choice", "options": ["nato", {"id": "neutral", "label": "Neutral"}]},
           {"id": "years", "kind": "number", "min": 0, "max": 30, "default": 0}
         ],
         "parties": [
           {"id": "russia", "threshold": 0.6, "positions": [
             {"id": "no-nato", "type": "redLine", "forbids": {"issue": "alignment", "is": "nato"}},
             {"id": "donbas", "type": "demand", "weight": 3, "wants": {"issue": "years", "atLeast": 10},
              "evidence": [{"source": "a.txt", "quote": "one"}, {"source": "a.txt", "quote": "two"}]}
           ]},
           {"id": "ukraine", "positions": []}
         ],
         "packages": [{"id": "p1", "terms": {"alignment": "neutral"}}]}
        """

    static func merged(_ overlay: String) -> ScenarioLoader.Result {
        let folder = TestSupport.write(["base.json": base, "what-if.json": overlay])
        return ScenarioLoader.load(path: folder.appendingPathComponent("what-if.json").path)
    }

    static func scenario(_ overlay: String) -> Scenario {
        let r = merged(overlay)
        guard let s = r.scenario else { fatalError(r.diagnostics.map(\.description).joined(separator: "\n")) }
        return s
    }

    /// A chain of what-ifs deeper than the loader follows is an error at the 'extends' that goes
    /// too far, not a stack overflow (10,000 files used to crash the process).
    @Test func aChainTooDeepIsAnError() {
        var files = ["c0.json": Self.base]
        for k in 1...(ScenarioLoader.maxExtendsDepth + 5) {
            files["c\(k).json"] = #"{"format": 1, "extends": "c\#(k - 1).json"}"#
        }
        let folder = TestSupport.write(files)
        let deep = ScenarioLoader.load(path: folder.appendingPathComponent("c\(ScenarioLoader.maxExtendsDepth + 5).json").path)
        #expect(deep.scenario == nil)
        #expect(deep.diagnostics.contains { $0.code == "extends-too-deep" })
        let fine = ScenarioLoader.load(path: folder.appendingPathComponent("c\(ScenarioLoader.maxExtendsDepth - 1).json").path)
        #expect(fine.diagnostics.filter { $0.severity == .error }.isEmpty)
    }

    @Test func scalarsReplace() {
        let s = Self.scenario(#"{"format": 1, "extends": "base.json", "title": "What if", "asOf": "2023-01-01"}"#)
        #expect(s.title == "What if")
        #expect(s.asOf == Day(iso: "2023-01-01"))
        #expect(s.files.count == 2)
    }

    @Test func knownIdMergesIntoItsEntryKeyByKey() {
        let s = Self.scenario(#"{"format": 1, "extends": "base.json", "parties": [{"id": "russia", "threshold": 0.4}]}"#)
        let russia = s.parties[s.partyIndex("russia")!]
        #expect(russia.threshold == Bounds(0.4))
        #expect(russia.positions.map(\.id) == ["no-nato", "donbas"])
        #expect(s.parties.map(\.id) == ["russia", "ukraine"])
    }

    @Test func newIdIsAppended() {
        let s = Self.scenario(
            """
            {"format": 1, "extends": "base.json", "parties": [{"id": "turkey", "positions": []},
              {"id": "russia", "positions": [{"id": "new-demand", "type": "demand", "weight": 1, "wants": {"issue": "years", "atMost": 5}}]}]}
            """)
        #expect(s.parties.map(\.id) == ["russia", "ukraine", "turkey"])
        #expect(s.parties[0].positions.map(\.id) == ["no-nato", "donbas", "new-demand"])
    }

    @Test func removeDeletesTheEntry() {
        let s = Self.scenario(
            """
            {"format": 1, "extends": "base.json",
             "parties": [{"id": "russia", "positions": [{"id": "donbas", "remove": true}]}, {"id": "ukraine", "remove": true}]}
            """)
        #expect(s.parties.map(\.id) == ["russia"])
        #expect(s.parties[0].positions.map(\.id) == ["no-nato"])
    }

    @Test func optionsMergeByIdWhetherWrittenAsStringsOrObjects() {
        let s = Self.scenario(
            """
            {"format": 1, "extends": "base.json",
             "issues": [{"id": "alignment", "options": [{"id": "nato", "label": "NATO membership"}, "armed-neutrality", {"id": "neutral", "remove": true}]}],
             "packages": [{"id": "p1", "terms": {"alignment": "armed-neutrality"}}]}
            """)
        let options = s.issues[0].options
        #expect(options.map(\.id) == ["nato", "armed-neutrality"])
        #expect(options[0].label == "NATO membership")
    }

    @Test func otherListsReplace() {
        let s = Self.scenario(
            """
            {"format": 1, "extends": "base.json",
             "parties": [{"id": "russia", "positions": [{"id": "donbas", "evidence": [{"source": "b.txt", "quote": "three"}]}]}]}
            """)
        let donbas = s.parties[0].positions[1]
        #expect(donbas.evidence.map(\.quote) == ["three"])
    }

    @Test func objectsMergeKeyByKeyInsideAnEntry() {
        let s = Self.scenario(
            """
            {"format": 1, "extends": "base.json",
             "parties": [{"id": "russia", "positions": [{"id": "donbas", "wants": {"issue": "years", "atLeast": 20}}]}]}
            """)
        guard case .demand(let d) = s.parties[0].positions[1].kind else { Issue.record("not a demand"); return }
        #expect(d.weight == Bounds(3))
        #expect(d.satisfaction == .wants(.numberIn(issue: 1, lo: 20, hi: .infinity)))
    }

    @Test func removingTheSameIdTwiceSaysSo() {
        let r = Self.merged(
            #"{"format": 1, "extends": "base.json", "parties": [{"id": "ukraine", "remove": true}, {"id": "ukraine", "remove": true}]}"#)
        #expect(r.diagnostics.map(\.code) == ["remove-unknown-id"])
        #expect(r.diagnostics.first?.message == "'ukraine' is removed twice in 'parties' of this file; the first 'remove' already deleted it.")
    }

    @Test func removingAnUnknownIdIsAnErrorWithASuggestion() {
        let r = Self.merged(#"{"format": 1, "extends": "base.json", "parties": [{"id": "rusia", "remove": true}]}"#)
        #expect(r.scenario == nil)
        let d = r.diagnostics.first { $0.code == "remove-unknown-id" }
        #expect(d?.suggestion == "russia")
        #expect(d?.location.line == 1)
    }

    @Test func chainsOfExtendsApplyInOrder() {
        let folder = TestSupport.write([
            "base.json": Self.base,
            "middle.json": #"{"format": 1, "extends": "base.json", "title": "Middle", "parties": [{"id": "russia", "threshold": 0.5}]}"#,
            "top.json": #"{"format": 1, "extends": "middle.json", "parties": [{"id": "russia", "threshold": 0.3}]}"#,
        ])
        let s = ScenarioLoader.load(path: folder.appendingPathComponent("top.json").path).scenario!
        #expect(s.title == "Middle")
        #expect(s.parties[0].threshold == Bounds(0.3))
        #expect(s.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["top.json", "middle.json", "base.json"])
    }

    @Test func aCycleIsReportedWithItsChain() {
        let folder = TestSupport.write([
            "a.json": #"{"format": 1, "extends": "b.json"}"#,
            "b.json": #"{"format": 1, "extends": "c.json"}"#,
            "c.json": #"{"format": 1, "extends": "a.json"}"#,
        ])
        let r = ScenarioLoader.load(path: folder.appendingPathComponent("a.json").path)
        #expect(r.scenario == nil)
        let d = try! #require(r.diagnostics.first { $0.code == "extends-cycle" })
        #expect(d.message.contains("a.json -> b.json -> c.json -> a.json"))
        // Reported at the 'extends' of the file that was named, where the cycle starts.
        #expect(d.location.file.hasSuffix("a.json"))
    }

    @Test func aMissingBaseIsAnUnreadableFileAtTheExtendsValue() {
        let r = Self.merged(#"{"format": 1, "extends": "nowhere.json"}"#)
        #expect(r.unreadableFile)
        #expect(r.diagnostics.first?.location.column == 26)
        #expect(r.diagnostics.first?.message.contains("nowhere.json") == true)
    }

    /// An entry with `"remove": false` is an entry: given twice, its id is a duplicate (it used to
    /// pass, and the second entry was lost). A repeated party's second entry is checked too.
    @Test func aRepeatedIdIsReportedAndBothEntriesAreChecked() {
        let kept = Self.merged(
            #"{"format": 1, "extends": "base.json", "parties": [{"id": "ukraine", "remove": false, "note": "kept"}, {"id": "ukraine", "threshold": 0.9}]}"#
        )
        #expect(kept.diagnostics.map(\.code) == ["duplicate-id"])
        let twice = Self.merged(
            #"{"format": 1, "extends": "base.json", "parties": [{"id": "ukraine"}, {"id": "ukraine", "threshold": 7}]}"#)
        #expect(Set(twice.diagnostics.map(\.code)) == ["duplicate-id", "out-of-range"], "\(twice.diagnostics.map(\.message))")
    }

    /// A key repeated in one object takes its last value; the two are not merged into one.
    @Test func aRepeatedKeyTakesItsLastValue() {
        let r = Self.merged(
            """
            {"format": 1, "extends": "base.json",
             "parties": [{"id": "russia", "positions": [{"id": "no-nato", "forbids": {"issue": "alignment", "in": ["nato"]}, "forbids": {"issue": "alignment", "is": "neutral"}}]}]}
            """)
        #expect(r.diagnostics.map(\.code) == ["duplicate-key"], "\(r.diagnostics.map(\.message))")
    }

    /// A repeated `id` key: every reader takes the last id, so the entry it then duplicates is
    /// reported, and nothing else is misread (the package's term for `b` stays valid).
    @Test func aRepeatedIdKeyIsReadAsItsLastValueEverywhere() {
        let r = TestSupport.load(
            """
            {"format": 1, "issues": [{"id": "a", "id": "b", "kind": "choice", "options": ["x", "y"]}, {"id": "b", "kind": "number", "min": 0, "max": 1}],
             "parties": [], "packages": [{"id": "k", "terms": {"b": "x"}}]}
            """)
        #expect(r.diagnostics.map(\.code) == ["duplicate-key", "duplicate-id"], "\(r.diagnostics.map(\.message))")
    }

    /// A what-if that writes one test over another gets both (objects merge key by key): the
    /// error says so and how to replace the rule.
    @Test func aTestWrittenOverAnotherSaysHowToReplaceIt() {
        let r = Self.merged(
            """
            {"format": 1, "extends": "base.json",
             "parties": [{"id": "russia", "positions": [{"id": "no-nato", "forbids": {"issue": "alignment", "in": ["nato"]}}]}]}
            """)
        let d = r.diagnostics.first { $0.code == "invalid-predicate" }
        #expect(d?.message.contains("gives this one 'is' and 'in': objects merge key by key") == true, "\(r.diagnostics.map(\.message))")
        #expect(d?.message.contains("remove the position and add it again") == true)
    }

    @Test func errorsInAMergedEntryPointAtTheFileThatWroteThem() {
        let r = Self.merged(
            """
            {"format": 1, "extends": "base.json",
             "parties": [{"id": "russia", "threshold": 1.5}]}
            """)
        let d = try! #require(r.diagnostics.first)
        #expect(d.location.file.hasSuffix("what-if.json"))
        #expect(d.location.line == 2)
        #expect(d.location.column == 44)
    }
}

/// The id-list merge against an obvious reference: on many seeded random lists, every mix of
/// removals, re-additions, merges into known ids and new ids gives the list an array simulation
/// gives, entry by entry and in order.
struct MergeListReferenceTests {
    @Test(arguments: 0..<4)
    func idListsMergeAsTheObviousSimulationSays(batch: UInt64) throws {
        var rng = SplitMix64(seed: 0x6D65_7267 &+ batch)
        for _ in 0..<100 {
            let ids = (0..<Int(rng.next() % 8)).map { "e\($0)" }
            var reference: [(id: String, v: Int)] = ids.enumerated().map { ($1, $0) }
            var overlay: [String] = []
            var expectedErrors = 0
            // An id the overlay gives twice (a duplicate-id error of its own): the later entry
            // stands apart, so that its own mistakes are checked too.
            var given = Set<String>()
            for n in 0..<Int(rng.next() % 12) {
                let id = "e\(rng.next() % 10)"
                if rng.next() % 3 == 0 {
                    overlay.append(#"{"id": "\#(id)", "remove": true}"#)
                    if let i = reference.firstIndex(where: { $0.id == id }) { reference.remove(at: i) } else { expectedErrors += 1 }
                } else {
                    let v = 100 + n
                    overlay.append(#"{"id": "\#(id)", "v": \#(v)}"#)
                    if !given.insert(id).inserted {
                        reference.append((id, v))
                        continue
                    }
                    if let i = reference.firstIndex(where: { $0.id == id }) { reference[i].v = v } else { reference.append((id, v)) }
                }
            }
            let baseList = ids.enumerated().map { #"{"id": "\#($1)", "v": \#($0)}"# }.joined(separator: ", ")
            let base = try JSONParser.parse(Array(#"{"parties": [\#(baseList)]}"#.utf8), file: "base.json")
            let layer = try JSONParser.parse(Array(#"{"parties": [\#(overlay.joined(separator: ", "))]}"#.utf8), file: "layer.json")
            var merge = ScenarioMerge()
            let merged = merge.merge(base, layer)
            let entries = try #require(merged["parties"]?.elements)
            #expect(entries.map { $0["id"]?.stringValue ?? "?" } == reference.map(\.id), "\(overlay)")
            #expect(entries.map { Int($0["v"]?.numberValue ?? -1) } == reference.map(\.v), "\(overlay)")
            #expect(merge.diagnostics.count == expectedErrors)
        }
    }
}
