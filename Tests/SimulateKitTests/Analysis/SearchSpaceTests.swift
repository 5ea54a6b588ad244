import Foundation
import Testing

@testable import SimulateKit

/// The search space: number grids as the format's rule states them, and spaces too large to
/// search refused from their sizes, before any domain is built.
struct SearchSpaceTests {
    static func scenario(_ issues: [SimulateKit.Issue]) -> Scenario {
        Scenario(
            title: "space", asOf: RandomScenario.asOf, issues: issues, parties: [], packages: [], files: ["space.json"], sourcesFolders: [:])
    }

    static func choice(_ id: String, _ count: Int) -> SimulateKit.Issue {
        SimulateKit.Issue(id: id, kind: .choice, options: (0..<count).map { Option(id: "\(id)\($0)") }, location: RandomScenario.here)
    }

    static func set(_ id: String, _ count: Int) -> SimulateKit.Issue {
        SimulateKit.Issue(id: id, kind: .set, options: (0..<count).map { Option(id: "\(id)\($0)") }, location: RandomScenario.here)
    }

    /// The grid as the guide states it: min, min + step, … while the value is at most max.
    /// The grid by the rule, counted in doubles; each value, when `min` and `step` are short
    /// decimals, summed in decimal arithmetic (0 + 3 × 0.1 is 0.3).
    static func obviousGrid(_ issue: SimulateKit.Issue, step: Double) -> [Double] {
        func decimal(_ x: Double) -> Decimal? {
            guard let d = Decimal(string: "\(x)"), d.exponent >= -9 else { return nil }
            return d
        }
        var values: [Double] = []
        var k = 0.0
        while issue.minimum + k * step <= issue.maximum + step * 1e-9 {
            var value = issue.minimum + k * step
            if let m = decimal(issue.minimum), let s = decimal(step) {
                // Through its decimal text: NSDecimalNumber's doubleValue is not correctly rounded.
                value = Double("\(m + Decimal(Int(k)) * s)")!
            }
            values.append(min(value, issue.maximum))
            k += 1
        }
        return values
    }

    /// Decimal steps give the decimals a user writes, which a package's term then equals.
    @Test func decimalStepsGiveExactDecimals() throws {
        var issue = SimulateKit.Issue(id: "n", kind: .number, options: [], location: RandomScenario.here)
        (issue.minimum, issue.maximum, issue.step) = (0, 1, 0.1)
        let values = try SearchSpace(Self.scenario([issue])).domains[0]
        #expect(values.count == 11)
        #expect(values[3] == .number(0.3))
        #expect(values[7] == .number(0.7))
        #expect(values[10] == .number(1))
    }

    /// Steps and minimums below a millionth are neither rounded to 0 nor shifted (a step of 5e-7
    /// used to give every value as the minimum).
    @Test(arguments: [
        (0.0, 2e-6, 5e-7, [0, 5e-7, 1e-6, 1.5e-6, 2e-6]),
        (5e-7, 2.0, 1.0, [5e-7, 1.0000005]),
        (0.0, 2.5, 1.0000004, [0, 1.0000004, 2.0000008]),
        (1e-10, 3e-10, 1e-10, [1e-10, 2e-10, 3e-10]),
        (1000.0000001, 1003, 1, [1000.0000001, 1001.0000001, 1002.0000001]),
    ])
    func smallStepsAndMinimumsKeepTheirValues(min: Double, max: Double, step: Double, want: [Double]) throws {
        var issue = SimulateKit.Issue(id: "n", kind: .number, options: [], location: RandomScenario.here)
        (issue.minimum, issue.maximum, issue.step) = (min, max, step)
        let values = try SearchSpace(Self.scenario([issue])).domains[0].map { term -> Double in
            guard case .number(let x) = term else { return .nan }
            return x
        }
        #expect(values.count == want.count)
        for (got, wanted) in zip(values, want) { #expect(abs(got - wanted) <= 1e-15 * Swift.max(1, abs(wanted)), "\(values)") }
        #expect(Set(values).count == values.count)
    }

    /// A maximum on the grid is kept even where the doubles' sum lands a rounding step above it.
    @Test(arguments: [(404.23, 404.23000532, 0.00000014, 39), (264.16, 264.1603136, 0.0000056, 57)])
    func aMaximumOnTheGridIsKept(min: Double, max: Double, step: Double, count: Int) throws {
        var issue = SimulateKit.Issue(id: "n", kind: .number, options: [], location: RandomScenario.here)
        (issue.minimum, issue.maximum, issue.step) = (min, max, step)
        let values = try SearchSpace(Self.scenario([issue])).domains[0]
        #expect(values.count == count)
        #expect(values.last == .number(max))
    }

    @Test(arguments: 0..<300)
    func numberGridsFollowTheRule(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed))
        var issue = SimulateKit.Issue(id: "n", kind: .number, options: [], location: RandomScenario.here)
        let steps = [0.1, 0.3, 0.25, 1.0 / 3, 0.7, 1, 2.5, 5, 7, 1.0000004, 0.0625]
        issue.step = steps[Int(rng.next() % UInt64(steps.count))]
        issue.minimum = Double(Int(rng.next() % 21) - 10) / 10
        // A minimum with seven decimals, as a user would type it.
        if seed % 7 == 0 { issue.minimum = Double(String(format: "%.7f", issue.minimum + 5e-7))! }
        issue.maximum = issue.minimum + Double(rng.next() % 100) / 10
        // Sometimes a maximum that lies on the grid, where rounding decides.
        if seed % 3 == 0 { issue.maximum = issue.minimum + Double(rng.next() % 20) * issue.step! }
        let space = try SearchSpace(Self.scenario([issue]))
        let want = Self.obviousGrid(issue, step: issue.step!)
        #expect(space.domains[0] == want.map(Term.number), "seed \(seed): step \(issue.step!) from \(issue.minimum) to \(issue.maximum)")
    }

    /// Grids the loader refuses (a step finer than the numbers can resolve, or uncountably many
    /// steps) still give the search a finite answer at once: they used to loop for ever.
    @Test func degenerateGridsEndAtOnce() throws {
        var coarse = SimulateKit.Issue(id: "n", kind: .number, options: [], location: RandomScenario.here)
        (coarse.minimum, coarse.maximum, coarse.step) = (1e300, 1e300, 1)
        let space = try SearchSpace(Self.scenario([coarse]))
        #expect((1...5).contains(space.domains[0].count))
        var wide = coarse
        (wide.minimum, wide.maximum, wide.step) = (0, 1e300, 1e-300)
        #expect(throws: SearchSpace.Problem.self) { _ = try SearchSpace(Self.scenario([wide])) }
    }

    @Test func aSpaceOverTheLimitIsRefusedFromItsSizesWithTheLargestIssues() {
        // 2^24 subsets × 5 × 3: the set's domain alone would be 16.8 M terms.
        let scenario = Self.scenario([Self.choice("small", 3), Self.set("guarantors", 24), Self.choice("mid", 5)])
        #expect {
            _ = try SearchSpace(scenario, limit: 1e6)
        } throws: { error in
            let message = (error as? SearchSpace.Problem)?.message ?? ""
            return message.contains("The space holds 251,658,240 packages, more than the limit of 1,000,000")
                && message.contains("guarantors (16,777,216), mid (5), small (3)")
        }
        #expect(throws: Never.self) { _ = try SearchSpace(Self.scenario([Self.set("guarantors", 4)]), limit: 16) }
    }

    @Test func aSetIssueWithMoreOptionsThanSearchEnumeratesMustBePinned() throws {
        let scenario = Self.scenario([Self.set("guarantors", 25)])
        #expect {
            _ = try SearchSpace(scenario)
        } throws: { error in
            ((error as? SearchSpace.Problem)?.message ?? "").contains("fix it with --fix guarantors=a,b,c")
        }
        let pinned = try SearchSpace(scenario, fixed: [0: .members(0b101)])
        #expect(pinned.domains == [[Term.members(0b101)]])
    }

    @Test func searchRefusesASpaceOverItsLimit() throws {
        var options = SearchOptions()
        options.limit = 1
        var generator = RandomScenario(seed: 1)
        let compiled = CompiledScenario(generator.make(), asOf: RandomScenario.asOf)
        #expect(throws: SearchSpace.Problem.self) { _ = try Search.run(compiled, options: options) }
        // An issue nothing reads is walked at one term: 2^20 packages, one deal, within a limit of 1.
        let inert = CompiledScenario(Self.scenario([Self.set("guarantors", 20)]), asOf: RandomScenario.asOf)
        let result = try Search.run(inert, options: options)
        #expect(result.spaceSize == 1_048_576 && result.examined == 1_048_576 && result.evaluated == 1 && result.copies == 1_048_576)
        // Copies counted in whole numbers: 7^19 is past 2^53, where a Double rounds it.
        let many = CompiledScenario(Self.scenario((0..<19).map { Self.choice("i\($0)", 7) }), asOf: RandomScenario.asOf)
        let counted = try Search.run(many, options: SearchOptions())
        #expect(counted.examined == 11_398_895_185_373_143 && counted.copyCount == 11_398_895_185_373_143)
    }
}
