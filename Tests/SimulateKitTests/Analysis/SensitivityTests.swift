import Foundation
import Testing

@testable import SimulateKit

/// Sensitivity sampling: certain verdicts stay certain in every sample, frequencies follow
/// likelihoods, and a seed repeats a run exactly.
struct SensitivityTests {
    @Test(arguments: 0..<100)
    func certainVerdictsHoldInEverySample(seed: Int) {
        var generator = RandomScenario(seed: UInt64(7000 + seed))
        let scenario = generator.make()
        let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
        let s = Sensitivity(compiled, packages: Array(scenario.packages.indices), samples: 64, seed: UInt64(seed))
        for n in scenario.packages.indices {
            for p in scenario.parties.indices {
                switch s.evaluations[n].verdicts[p].verdict {
                case .accept: #expect(s.accepted[n][p] == 64, "seed \(seed) package \(n) party \(p)")
                case .reject: #expect(s.accepted[n][p] == 0, "seed \(seed) package \(n) party \(p)")
                case .uncertain: break
                }
            }
            let viable = s.evaluations[n].viable
            if viable == .yes { #expect(s.viable[n] == 64) }
            if viable == .no { #expect(s.viable[n] == 0) }
        }
    }

    @Test func aRedLineHeldWithLikelihoodOneThirdRejectsAboutOneSampleInThree() {
        let text = TestSupport.miniScenario(
            parties: #"[{"id": "p", "positions": [{"id": "r", "type": "redLine", "likelihood": 0.3333, "forbids": {"issue": "a", "is": "x"}}]}]"#,
            packages: #"[{"id": "k", "terms": {"a": "x", "n": 0, "s": []}}]"#)
        let compiled = CompiledScenario(TestSupport.scenario(text), asOf: Day(iso: "2022-03-29")!)
        let s = Sensitivity(compiled, packages: [0], samples: 6000, seed: 42)
        let share = Double(s.accepted[0][0]) / 6000
        #expect(abs(share - 0.6667) < 0.03, "\(share)")
    }

    /// Common random numbers: a what-if that changes one party (its threshold becomes a range,
    /// its positions come in another order) leaves every other party's counts exactly as they
    /// were, where one shared stream would have shifted every later draw.
    @Test(arguments: 0..<40)
    func aChangeToOnePartyLeavesTheOthersDrawsAlone(seed: Int) {
        var generator = RandomScenario(seed: UInt64(9000 + seed))
        let base = generator.make()
        var whatIf = base
        let changed = seed % base.parties.count
        whatIf.parties[changed].threshold = Bounds(0.2, 0.8)
        whatIf.parties[changed].positions.reverse()
        let packages = Array(base.packages.indices)
        let a = Sensitivity(CompiledScenario(base, asOf: RandomScenario.asOf), packages: packages, samples: 200, seed: 5)
        let b = Sensitivity(CompiledScenario(whatIf, asOf: RandomScenario.asOf), packages: packages, samples: 200, seed: 5)
        for n in packages {
            for p in base.parties.indices where p != changed {
                #expect(a.accepted[n][p] == b.accepted[n][p], "seed \(seed) package \(n) party \(p)")
            }
        }
    }

    @Test func theSameSeedGivesTheSameCounts() {
        let compiled = CompiledScenario(
            ScenarioLoader.load(path: TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json").path).scenario!,
            asOf: Day(iso: "2031-06-10")!)
        let a = Sensitivity(compiled, packages: [0, 1, 2, 3], samples: 300, seed: 7)
        let b = Sensitivity(compiled, packages: [0, 1, 2, 3], samples: 300, seed: 7)
        let c = Sensitivity(compiled, packages: [0, 1, 2, 3], samples: 300, seed: 8)
        #expect(a.accepted == b.accepted)
        #expect(a.viable == b.viable)
        #expect(a.accepted != c.accepted)
    }

    /// An uncertain verdict that no sample flipped reads ~0% or ~100%, never as a certain one.
    @Test func anUncertainVerdictNoSampleFlippedIsMarked() {
        #expect(SensitivityReport.percent(0, certain: true) == "0%")
        #expect(SensitivityReport.percent(0, certain: false) == "~0%")
        #expect(SensitivityReport.percent(1, certain: false) == "~100%")
        #expect(SensitivityReport.percent(0.5, certain: false) == "50%")
        // The shipped Istanbul proposal is ? no, and none of 1,000 samples makes it viable.
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/russia-ukraine-2022.json").path
        let r = TestSupport.run(["sensitivity", path, "--package", "istanbul-proposal", "--party", "ukraine"])
        #expect(TestSupport.run([path, "--package", "istanbul-proposal"]).out.contains("viable: ? no"))
        #expect(r.out.contains("istanbul-proposal  ~0%     100%"))
    }

    @Test func theCommandPrintsSharesAndRepeats() {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json").path
        let r = TestSupport.run(["sensitivity", path, "--as-of", "2031-06-10", "--samples", "500", "--seed", "3"])
        #expect(r.code == 0)
        #expect(r.out.contains("500 samples (seed 3)"))
        #expect(r.out.contains("status-quo       0%      0%          100%"))
        #expect(TestSupport.run(["sensitivity", path, "--as-of", "2031-06-10", "--samples", "500", "--seed", "3"]).out == r.out)
        #expect(TestSupport.run(["sensitivity", path, "--samples", "0"]).code == 64)
    }

    /// `--party` narrows what is shown, never what is drawn: the shown shares and the viable
    /// shares equal those of the full report.
    @Test func partyShowsOnlyThoseColumnsWithTheSameShares() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json").path
        let args = ["sensitivity", path, "--as-of", "2031-06-10", "--samples", "300", "--format", "json"]
        func packages(_ r: (code: Int32, out: String, err: String)) throws -> [[String: Any]] {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            return try #require(json["packages"] as? [[String: Any]])
        }
        let all = try packages(TestSupport.run(args))
        let some = try packages(TestSupport.run(args + ["--party", "borea", "--party", "northland"]))
        #expect(all.count == some.count)
        for (a, s) in zip(all, some) {
            #expect(a["viableShare"] as? Double == s["viableShare"] as? Double)
            let shown = try #require(s["parties"] as? [[String: Any]])
            #expect(shown.map { $0["party"] as? String } == ["northland", "borea"])
            let full = try #require(a["parties"] as? [[String: Any]])
            for party in shown {
                let same = full.first { $0["party"] as? String == party["party"] as? String }
                #expect(same?["acceptShare"] as? Double == party["acceptShare"] as? Double)
            }
        }
        #expect(TestSupport.run(["sensitivity", path, "--party", "nobody"]).code == 64)
    }
}
