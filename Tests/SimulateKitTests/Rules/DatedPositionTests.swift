import Foundation
import Testing

@testable import SimulateKit

/// `since` is inclusive, `until` exclusive; `--as-of` picks the positions in force.
struct DatedPositionTests {
    static let text = TestSupport.miniScenario(
        parties: """
            [{"id": "russia", "positions": [
              {"id": "early", "type": "redLine", "until": "2022-03-15", "forbids": {"issue": "a", "is": "x"}},
              {"id": "late", "type": "redLine", "since": "2022-03-15", "forbids": {"issue": "a", "is": "y"}},
              {"id": "window", "type": "redLine", "since": "2022-03-01", "until": "2022-03-02", "forbids": {"issue": "a", "is": "z"}}
            ]}]
            """,
        packages:
            #"[{"id": "x", "terms": {"a": "x", "n": 0, "s": []}}, {"id": "y", "terms": {"a": "y", "n": 0, "s": []}}, {"id": "z", "terms": {"a": "z", "n": 0, "s": []}}]"#
    )

    static func verdicts(on day: String) -> [Verdict] {
        let scenario = TestSupport.scenario(text)
        let compiled = CompiledScenario(scenario, asOf: Day(iso: day)!)
        return scenario.packages.map { compiled.evaluate($0.terms).verdicts[0].verdict }
    }

    @Test(arguments: [
        ("2022-02-28", [Verdict.reject, .accept, .accept]),
        ("2022-03-01", [Verdict.reject, .accept, .reject]),
        ("2022-03-02", [Verdict.reject, .accept, .accept]),
        ("2022-03-14", [Verdict.reject, .accept, .accept]),
        ("2022-03-15", [Verdict.accept, .reject, .accept]),
        ("2023-01-01", [Verdict.accept, .reject, .accept]),
    ])
    func positionsAreActiveFromSinceUntilTheDayBeforeUntil(day: String, expected: [Verdict]) {
        #expect(Self.verdicts(on: day) == expected)
    }

    @Test func asOfOptionOverridesTheFile() {
        let folder = TestSupport.write(["s.json": Self.text])
        let path = folder.appendingPathComponent("s.json").path
        let before = TestSupport.run([path, "--format", "json", "--package", "x"])
        let after = TestSupport.run([path, "--format", "json", "--package", "x", "--as-of", "2022-03-14"])
        // The file's asOf (2022-03-29) is after 'early' ends; --as-of 2022-03-14 is inside it.
        #expect(before.out.contains(#""verdict": "accept""#))
        #expect(after.out.contains(#""verdict": "reject""#))
        #expect(after.out.contains(#""asOf": "2022-03-14""#))
    }

    @Test func leapDaysAndInvalidDates() {
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2022-3-29") == nil)
        #expect(Day(iso: "2022-13-01") == nil)
        #expect(Day(iso: "2022-03-29")!.description == "2022-03-29")
    }
}
