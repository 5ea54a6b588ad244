import Testing

@testable import SimulateKit

/// Every predicate and combinator, read from JSON and evaluated on packages.
struct PredicateTests {
    /// Loads a one-party scenario whose red line forbids `predicate`, and returns whether the
    /// predicate holds for the package with `terms` (the party then rejects).
    static func holds(_ predicate: String, _ terms: String) -> Bool {
        let text = TestSupport.miniScenario(
            parties: """
                [{"id": "judge", "positions": [{"id": "rule", "type": "redLine", "forbids": \(predicate)}]}]
                """,
            packages: """
                [{"id": "p", "terms": \(terms)}]
                """)
        let scenario = TestSupport.scenario(text)
        let compiled = CompiledScenario(scenario, asOf: Day(iso: "2022-03-29")!)
        return compiled.evaluate(scenario.packages[0].terms).verdicts[0].verdict == .reject
    }

    static let terms = #"{"a": "y", "n": 15, "s": ["p", "r"]}"#

    @Test(arguments: [
        (#"{"issue": "a", "is": "y"}"#, true),
        (#"{"issue": "a", "is": "x"}"#, false),
        (#"{"issue": "a", "in": ["x", "y"]}"#, true),
        (#"{"issue": "a", "in": ["x", "z"]}"#, false),
        (#"{"issue": "a", "notIn": ["x", "z"]}"#, true),
        (#"{"issue": "a", "notIn": ["y"]}"#, false),
        (#"{"issue": "n", "atLeast": 15}"#, true),
        (#"{"issue": "n", "atLeast": 15.5}"#, false),
        (#"{"issue": "n", "atMost": 15}"#, true),
        (#"{"issue": "n", "atMost": 14.9}"#, false),
        (#"{"issue": "n", "between": [15, 15]}"#, true),
        (#"{"issue": "n", "between": [0, 10]}"#, false),
        (#"{"issue": "s", "includes": ["p", "r"]}"#, true),
        (#"{"issue": "s", "includes": ["p", "q"]}"#, false),
        (#"{"issue": "s", "includes": []}"#, true),
        (#"{"issue": "s", "includesAny": ["q", "r"]}"#, true),
        (#"{"issue": "s", "includesAny": ["q"]}"#, false),
        (#"{"issue": "s", "excludes": ["q"]}"#, true),
        (#"{"issue": "s", "excludes": ["q", "p"]}"#, false),
        (#"{"issue": "s", "sizeAtLeast": 2}"#, true),
        (#"{"issue": "s", "sizeAtLeast": 3}"#, false),
        (#"{"issue": "s", "sizeAtMost": 2}"#, true),
        (#"{"issue": "s", "sizeAtMost": 1}"#, false),
        (#"{"all": [{"issue": "a", "is": "y"}, {"issue": "n", "atLeast": 10}]}"#, true),
        (#"{"all": [{"issue": "a", "is": "y"}, {"issue": "n", "atLeast": 20}]}"#, false),
        (#"{"all": []}"#, true),
        (#"{"any": [{"issue": "a", "is": "x"}, {"issue": "s", "includes": ["r"]}]}"#, true),
        (#"{"any": [{"issue": "a", "is": "x"}, {"issue": "s", "includes": ["q"]}]}"#, false),
        (#"{"any": []}"#, false),
        (#"{"not": {"issue": "a", "is": "x"}}"#, true),
        (#"{"not": {"issue": "a", "is": "y"}}"#, false),
        (#"{"not": {"any": [{"issue": "a", "is": "x"}, {"not": {"issue": "n", "between": [10, 20]}}]}}"#, true),
    ])
    func predicateHoldsAsTheFormatSays(predicate: String, expected: Bool) {
        #expect(Self.holds(predicate, Self.terms) == expected)
    }

    @Test func emptySetSatisfiesExcludesAndSizeAtMostZero() {
        let terms = #"{"a": "x", "n": 0, "s": []}"#
        #expect(Self.holds(#"{"issue": "s", "excludes": ["p", "q", "r"]}"#, terms))
        #expect(Self.holds(#"{"issue": "s", "sizeAtMost": 0}"#, terms))
        #expect(!Self.holds(#"{"issue": "s", "includesAny": ["p", "q", "r"]}"#, terms))
    }

    @Test func redLineWithConditionAppliesOnlyWhenConditionHolds() {
        let parties = """
            [{"id": "ukraine", "positions": [{"id": "neutral-needs-guarantees", "type": "redLine",
              "if": {"issue": "a", "in": ["y", "z"]}, "requires": {"issue": "s", "sizeAtLeast": 2}}]}]
            """
        let packages = """
            [{"id": "cond-false", "terms": {"a": "x", "n": 0, "s": []}},
             {"id": "cond-true-met", "terms": {"a": "y", "n": 0, "s": ["p", "q"]}},
             {"id": "cond-true-unmet", "terms": {"a": "z", "n": 0, "s": ["p"]}}]
            """
        let scenario = TestSupport.scenario(TestSupport.miniScenario(parties: parties, packages: packages))
        let compiled = CompiledScenario(scenario, asOf: Day(iso: "2022-03-29")!)
        let verdicts = scenario.packages.map { compiled.evaluate($0.terms).verdicts[0].verdict }
        #expect(verdicts == [.accept, .accept, .reject])
    }
}
