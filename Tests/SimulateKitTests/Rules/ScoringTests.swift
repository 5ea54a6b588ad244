import Testing

@testable import SimulateKit

/// Scores: weighted means of demand satisfactions, curves, capped set values, thresholds.
struct ScoringTests {
    static func evaluate(_ positions: String, threshold: String = "0", terms: String) -> PartyVerdict {
        let text = TestSupport.miniScenario(
            parties: #"[{"id": "party", "threshold": \#(threshold), "positions": \#(positions)}]"#,
            packages: #"[{"id": "p", "terms": \#(terms)}]"#)
        let scenario = TestSupport.scenario(text)
        return CompiledScenario(scenario, asOf: Day(iso: "2022-03-29")!).evaluate(scenario.packages[0].terms).verdicts[0]
    }

    @Test(arguments: [(0.0, 0.0), (5.0, 0.3), (10.0, 0.65), (15.0, 1.0), (20.0, 1.0), (2.5, 0.15)])
    func curveIsPiecewiseLinearAndFlatBeyondItsEnds(x: Double, expected: Double) {
        let positions = #"[{"id": "d", "type": "demand", "weight": 1, "issue": "n", "curve": [[0, 0], [5, 0.3], [15, 1]]}]"#
        let v = Self.evaluate(positions, terms: #"{"a": "x", "n": \#(x), "s": []}"#)
        #expect(abs(v.score - expected) < 1e-12)
    }

    @Test func curveIsFlatBelowItsFirstPoint() {
        let positions = #"[{"id": "d", "type": "demand", "weight": 1, "issue": "n", "curve": [[10, 0.4], [20, 0.8]]}]"#
        let v = Self.evaluate(positions, terms: #"{"a": "x", "n": 5, "s": []}"#)
        #expect(abs(v.score - 0.4) < 1e-12)
    }

    @Test func setValuesSumOverMembersAndCapAtOne() {
        let positions = #"[{"id": "d", "type": "demand", "weight": 1, "issue": "s", "values": {"p": 0.5, "q": 0.4, "r": 0.3}}]"#
        #expect(abs(Self.evaluate(positions, terms: #"{"a": "x", "n": 0, "s": ["p", "q"]}"#).score - 0.9) < 1e-12)
        #expect(Self.evaluate(positions, terms: #"{"a": "x", "n": 0, "s": ["p", "q", "r"]}"#).score == 1)
        #expect(Self.evaluate(positions, terms: #"{"a": "x", "n": 0, "s": []}"#).score == 0)
    }

    @Test func choiceValuesScoreZeroForUnlistedOptions() {
        let positions = #"[{"id": "d", "type": "demand", "weight": 1, "issue": "a", "values": {"x": 1, "y": 0.6}}]"#
        #expect(abs(Self.evaluate(positions, terms: #"{"a": "y", "n": 0, "s": []}"#).score - 0.6) < 1e-12)
        #expect(Self.evaluate(positions, terms: #"{"a": "z", "n": 0, "s": []}"#).score == 0)
    }

    @Test func scoreIsTheWeightedMeanOfSatisfactions() {
        let positions = """
            [{"id": "w3", "type": "demand", "weight": 3, "wants": {"issue": "a", "is": "x"}},
             {"id": "w1", "type": "demand", "weight": 1, "wants": {"issue": "a", "is": "y"}}]
            """
        let v = Self.evaluate(positions, threshold: "0.7", terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(abs(v.score - 0.75) < 1e-12)
        #expect(v.verdict == .accept)
        #expect(v.unmetDemands.count == 1)
    }

    @Test func partyWithNoDemandsScoresOne() {
        let v = Self.evaluate("[]", threshold: "1", terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(v.score == 1)
        #expect(v.verdict == .accept)
    }

    @Test func scoreEqualToThresholdWithinToleranceIsAccepted() {
        // 0.1 + 0.2 style rounding: 1/3 weights give a score a hair below 1/3 in doubles.
        let positions = """
            [{"id": "a1", "type": "demand", "weight": 1, "wants": {"issue": "a", "is": "x"}},
             {"id": "a2", "type": "demand", "weight": 1, "wants": {"issue": "a", "is": "y"}},
             {"id": "a3", "type": "demand", "weight": 1, "wants": {"issue": "a", "is": "z"}}]
            """
        let v = Self.evaluate(positions, threshold: "0.3333333333333333", terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(v.verdict == .accept)
        let w = Self.evaluate(positions, threshold: "0.33333334", terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(w.verdict == .reject)
    }

    @Test func unmetDemandsAreListedHeaviestFirst() {
        let positions = """
            [{"id": "light", "type": "demand", "weight": 1, "wants": {"issue": "a", "is": "z"}},
             {"id": "heavy", "type": "demand", "weight": 5, "wants": {"issue": "a", "is": "y"}},
             {"id": "met", "type": "demand", "weight": 9, "wants": {"issue": "a", "is": "x"}},
             {"id": "middle", "type": "demand", "weight": [2, 4], "wants": {"issue": "a", "is": "y"}}]
            """
        let v = Self.evaluate(positions, terms: #"{"a": "x", "n": 0, "s": []}"#)
        let ids = v.unmetDemands.map { ["light", "heavy", "met", "middle"][$0] }
        #expect(ids == ["heavy", "middle", "light"])
    }

    @Test func thresholdRangeMakesABorderlineScoreUncertain() {
        let positions = #"[{"id": "d", "type": "demand", "weight": 1, "issue": "a", "values": {"x": 0.5}}]"#
        let v = Self.evaluate(positions, threshold: "[0.4, 0.6]", terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(v.verdict == .uncertain)
        #expect(v.lean == .accept)
        let below = Self.evaluate(positions, threshold: "[0.55, 0.6]", terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(below.verdict == .reject)
    }

    @Test func unlikelyRedLineGivesUncertainLeaningAccept() {
        let positions = #"[{"id": "r", "type": "redLine", "likelihood": 0.3, "forbids": {"issue": "a", "is": "x"}}]"#
        let v = Self.evaluate(positions, terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(v.verdict == .uncertain)
        #expect(v.lean == .accept)
        #expect(v.violatedRedLines == [0])
    }

    @Test func likelyRedLineGivesUncertainLeaningReject() {
        let positions = #"[{"id": "r", "type": "redLine", "likelihood": 0.5, "forbids": {"issue": "a", "is": "x"}}]"#
        let v = Self.evaluate(positions, terms: #"{"a": "x", "n": 0, "s": []}"#)
        #expect(v.verdict == .uncertain)
        #expect(v.lean == .reject)
    }

    @Test func uncertainDemandWidensTheScoreRangeToOneWhenItIsTheOnlyOne() {
        let positions = #"[{"id": "d", "type": "demand", "weight": 2, "likelihood": 0.4, "wants": {"issue": "a", "is": "y"}}]"#
        let v = Self.evaluate(positions, threshold: "0.5", terms: #"{"a": "x", "n": 0, "s": []}"#)
        // Held: score 0; not held: no active demands, score 1. Midpoint reading: not held (p < 0.5).
        #expect(v.scoreRange == Bounds(0, 1))
        #expect(v.score == 1)
        #expect(v.verdict == .uncertain)
        #expect(v.lean == .accept)
    }
}
