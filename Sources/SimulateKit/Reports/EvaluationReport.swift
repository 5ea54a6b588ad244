/// The result of `simulate SCENARIO.json`: the chosen packages evaluated for the chosen
/// parties. Text, Markdown and JSON are renderings of this one value.
struct EvaluationReport {
    var compiled: CompiledScenario
    /// Indices of the packages shown, in file order.
    var packages: [Int]
    /// Indices of the parties shown, in file order.
    var parties: [Int]
    /// One evaluation per shown package (all parties evaluated; viability needs them all).
    var evaluations: [PackageEvaluation]
    /// Notes on the evaluation date (before every dated quote; parties whose positions begin
    /// later), which every format shows.
    var notes: [String] { scenario.dateNotes(on: compiled.asOf) }

    var scenario: Scenario { compiled.scenario }

    init(compiled: CompiledScenario, packages: [Int], parties: [Int]) {
        self.compiled = compiled
        self.packages = packages
        self.parties = parties
        evaluations = packages.map { compiled.evaluate(compiled.scenario.packages[$0].terms) }
    }

    /// The position at `index` of party `p`.
    func position(_ p: Int, _ index: Int) -> Position { scenario.parties[p].positions[index] }

    /// The weight of a demand at the midpoint, and its range when uncertain.
    func weight(_ position: Position) -> Bounds {
        if case .demand(let d) = position.kind { return d.weight }
        return Bounds(0)
    }

    /// A package's terms as `issue value` pairs.
    func termsText(_ package: DealPackage) -> [String] {
        scenario.issues.indices.map { "\(scenario.issues[$0].id) \(scenario.describe(package.terms[$0], of: $0))" }
    }

    /// The required parties that certainly reject, and those that are uncertain.
    func blockers(_ e: PackageEvaluation) -> (rejecting: [String], uncertain: [String]) {
        let required = e.verdicts.filter(\.required)
        return (
            required.filter { $0.verdict == .reject }.map { scenario.parties[$0.party].id },
            required.filter { $0.verdict == .uncertain }.map { scenario.parties[$0.party].id }
        )
    }
}
