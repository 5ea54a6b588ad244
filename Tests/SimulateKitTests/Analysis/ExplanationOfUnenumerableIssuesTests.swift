import Testing

@testable import SimulateKit

/// `explain` on a scenario with a set issue too large to enumerate keeps that set as the
/// package has it and changes the rest.
struct ExplanationOfUnenumerableIssuesTests {
    @Test func explainKeepsALargeSetAtThePackagesTerm() throws {
        let issues = [SearchSpaceTests.choice("border", 3), SearchSpaceTests.set("observers", 25)]
        let wantsBorder2 = Position(
            id: "border-2", kind: .redLine(RedLine(condition: nil, rule: .requires(.choiceIn(issue: 0, options: 0b100)))), since: nil,
            until: nil, likelihood: 1, evidence: [], location: RandomScenario.here)
        let party = Party(id: "north", required: .always, threshold: Bounds(0), positions: [wantsBorder2], location: RandomScenario.here)
        let package = DealPackage(id: "p", terms: [.option(0), .members(0b11)], evidence: [], location: RandomScenario.here)
        let scenario = Scenario(
            title: "large set", asOf: RandomScenario.asOf, issues: issues, parties: [party], packages: [package], files: ["large.json"],
            sourcesFolders: [:])
        let explanation = try Explanation(CompiledScenario(scenario, asOf: RandomScenario.asOf), package: 0)
        let change = try #require(explanation.winOvers.first?.change)
        #expect(change.terms.map(\.issue) == [0])
        #expect(change.package == [.option(2), .members(0b11)])
    }
}
