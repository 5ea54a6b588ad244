import Testing

@testable import SimulateKit

/// The engine's three-valued verdicts and exact score bounds equal the brute-force reference
/// (every corner of the ranges × every subset of the uncertain positions).
struct VerdictReferenceTests {
    @Test(arguments: 0..<400)
    func verdictsMatchTheBruteForceReference(seed: Int) {
        var generator = RandomScenario(seed: UInt64(seed))
        let scenario = generator.make()
        let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
        for package in scenario.packages {
            let evaluation = compiled.evaluate(package.terms)
            var referenceVerdicts: [(Verdict, Bool)] = []
            for p in scenario.parties.indices {
                let got = evaluation.verdicts[p]
                let want = ReferenceEvaluator.evaluate(scenario, asOf: RandomScenario.asOf, party: p, package.terms)
                referenceVerdicts.append((want.verdict, want.required))
                #expect(got.verdict == want.verdict, "seed \(seed) \(package.id) party \(p)")
                #expect(got.lean == want.lean, "seed \(seed) \(package.id) party \(p)")
                #expect(abs(got.score - want.score) < 1e-9, "seed \(seed) \(package.id) party \(p)")
                #expect(abs(got.scoreRange.lo - want.scoreLo) < 1e-9, "seed \(seed) \(package.id) party \(p) lo")
                #expect(abs(got.scoreRange.hi - want.scoreHi) < 1e-9, "seed \(seed) \(package.id) party \(p) hi")
                #expect(got.violatedRedLines == want.violated)
                #expect(got.unmetDemands == want.unmet)
                #expect(got.required == want.required)
            }
            let required = referenceVerdicts.filter(\.1).map(\.0)
            let viable: Viability = required.contains(.reject) ? .no : required.contains(.uncertain) ? .uncertain : .yes
            #expect(evaluation.viable == viable, "seed \(seed) \(package.id)")
        }
    }

    @Test func theRandomScenariosExerciseEveryVerdict() {
        var counts: [Verdict: Int] = [:]
        for seed in 0..<400 {
            var generator = RandomScenario(seed: UInt64(seed))
            let scenario = generator.make()
            let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
            for package in scenario.packages {
                for v in compiled.evaluate(package.terms).verdicts { counts[v.verdict, default: 0] += 1 }
            }
        }
        #expect(counts[.accept, default: 0] > 100)
        #expect(counts[.reject, default: 0] > 100)
        #expect(counts[.uncertain, default: 0] > 50)
    }
}
