import Foundation
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

    /// When nothing works, explain says why it kept each issue it could not change: the reason
    /// that applies, not both possible ones.
    @Test(arguments: [
        (
            #"{"id": "n", "kind": "number", "min": 0, "max": 10}"#, "1",
            "n at the package's term: search cannot enumerate a number issue without a step)"
        ),
        (
            #"{"id": "n", "kind": "set", "options": [\#((0..<25).map { "\"o\($0)\"" }.joined(separator: ", "))]}"#, "[\"o1\"]",
            "n at the package's term: search cannot enumerate a set of more than 24 options)"
        ),
    ])
    func theReportGivesTheReasonAnIssueIsKept(issue: String, term: String, reason: String) throws {
        let test = issue.contains("number") ? #"{"issue": "n", "atLeast": 5}"# : #"{"issue": "n", "includes": ["o2"]}"#
        let folder = TestSupport.write([
            "s.json": """
            {"format": 1, "asOf": "2022-01-01",
             "issues": [\(issue), {"id": "b", "kind": "choice", "options": ["x", "y"]}],
             "parties": [{"id": "north", "positions": [{"id": "more", "type": "redLine", "requires": \(test)}]}],
             "packages": [{"id": "p", "terms": {"n": \(term), "b": "x"}}]}
            """
        ])
        let r = TestSupport.run(["explain", folder.appendingPathComponent("s.json").path, "--package", "p"])
        #expect(r.code == 0, "\(r.err)")
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("(keeping " + reason), "\(r.out)")
    }
}
