import Testing

@testable import SimulateKit

/// Every `explain` answer is minimal: brute force over the whole space finds no package with
/// fewer changed issues that wins the party over (keeping the accepting parties), and none
/// with as few changes and less loss.
struct ExplanationReferenceTests {
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
                guard let least = fits.map({ Self.distance(all[$0], package.terms) }).min() else {
                    #expect(w.change == nil, "\(context): explain found a change the brute force did not")
                    continue
                }
                let change = try #require(w.change, "\(context): brute force wins it over in \(least) changes")
                #expect(change.terms.count == least, "\(context)")
                let bestLoss = fits.filter { Self.distance(all[$0], package.terms) == least }.map { loss(evaluations[$0]) }.min()!
                #expect(abs(change.loss - bestLoss) < 1e-9, "\(context)")
                // The change it names really does what it says.
                let after = compiled.evaluate(change.package)
                #expect(after.verdicts[w.party].verdict == .accept, "\(context)")
                #expect(Self.distance(change.package, package.terms) == change.terms.count)
            }
            if before.viable != .yes {
                let viable = all.indices.filter { evaluations[$0].viable == .yes }
                let least = viable.map { Self.distance(all[$0], package.terms) }.min()
                #expect(explanation.nearestViable?.terms.count == least, "seed \(seed) package \(k) nearest viable")
                if let change = explanation.nearestViable {
                    #expect(compiled.evaluate(change.package).viable == .yes)
                    let bestLoss = viable.filter { Self.distance(all[$0], package.terms) == least }.map { loss(evaluations[$0]) }.min()!
                    #expect(abs(change.loss - bestLoss) < 1e-9, "seed \(seed) package \(k) nearest viable loss")
                }
            }
        }
    }
}
