import Foundation
import Testing

@testable import SimulateKit

/// Search (pruned, incremental, multi-threaded) against the obvious enumeration, on seeded
/// random scenarios with every issue kind, conditional red lines, conditionally required
/// parties, dates and uncertainty.
struct SearchReferenceTests {
    static func check(seed: Int, threads: Int, objective: Objective, top: Int, fixFirst: Bool = false) throws {
        var generator = RandomScenario(seed: UInt64(seed))
        let scenario = generator.make()
        var fixed: [Int: Term] = [:]
        if fixFirst { fixed[0] = scenario.packages[0].terms[0] }
        if case .number(let x) = fixed[0], scenario.issues[0].kind == .number, x != x.rounded() {
            fixed[0] = .number(0)
        }
        try check(scenario, context: "seed \(seed)", threads: threads, objective: objective, top: top, fixed: fixed)
    }

    /// The options both checks search with: `threads` threads however small the space, so the
    /// parallel path (work sharing, frontier merge) is compared with the reference too, and a
    /// package to improve on picked by `pick`.
    static func options(_ scenario: Scenario, threads: Int, objective: Objective, top: Int, pick: Int) -> SearchOptions {
        var options = SearchOptions()
        options.threads = threads
        options.parallelFrom = 0
        options.objective = objective
        options.top = top
        options.improve = scenario.packages.isEmpty ? nil : pick % scenario.packages.count
        return options
    }

    static func check(_ scenario: Scenario, context: String, threads: Int, objective: Objective, top: Int, fixed: [Int: Term] = [:]) throws {
        let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
        var options = Self.options(scenario, threads: threads, objective: objective, top: top, pick: context.count)
        options.fixed = fixed
        let got = try Search.run(compiled, options: options)
        let want = try ReferenceSearch(compiled, options: options)
        let space = try SearchSpace(scenario, fixed: options.fixed)
        let context = "\(context) threads \(threads) \(objective)"
        #expect(Double(got.examined) == space.size, "\(context)")
        #expect(got.viable == UInt64(want.viable), "\(context)")
        #expect(got.uncertain == UInt64(want.uncertain), "\(context)")
        #expect(Set(got.frontier.map(\.index)) == want.frontier, "\(context)")
        for package in got.frontier { #expect(package.terms == space.terms(at: package.index), "\(context)") }
        #expect(got.best.map(\.index) == want.ranked.prefix(top).map(\.1), "\(context)")
        for (found, expected) in zip(got.best, want.ranked) {
            #expect(abs(found.objective - expected.0) < 1e-12, "\(context)")
        }
        #expect(got.kalaiSmorodinsky?.index == want.kalaiSmorodinsky, "\(context)")
        #expect(got.leaningViable == UInt64(want.leaningCount), "\(context)")
        #expect(got.bestLeaning.map(\.index) == want.leaning.prefix(top).map(\.1), "\(context)")
        #expect(got.closestUncertain.map(\.index) == want.closest.prefix(top).map(\.1), "\(context)")
        for (found, expected) in zip(got.closestUncertain, want.closest) {
            #expect(abs(found.objective - expected.0) < 1e-12, "\(context)")
        }
        #expect(got.improvementCount == UInt64(want.improvementCount), "\(context)")
        #expect(got.improvements.map(\.index) == want.improvements.prefix(top).map(\.1), "\(context)")
    }

    @Test(arguments: 0..<300)
    func searchMatchesTheReference(seed: Int) throws {
        try Self.check(seed: seed, threads: seed % 2 + 1, objective: Objective.allCases[seed % 3], top: [1, 3, 10][seed % 3])
    }

    @Test(arguments: 0..<60)
    func searchWithAFixedIssueMatchesTheReference(seed: Int) throws {
        try Self.check(seed: 1000 + seed, threads: 2, objective: .nash, top: 5, fixFirst: true)
    }

    /// Certain scenarios of four to six issues and two to five parties: deep walks, where
    /// subtrees are settled by score bounds and by red lines folded into running scores, and
    /// where most parties are additive (scored by running sums) and the rest assessed in full.
    static func certainScenario(seed: Int) -> Scenario {
        var attempt: UInt64 = 0
        while true {
            var generator = RandomScenario(seed: 50_000 + UInt64(seed) * 64 + attempt)
            generator.uncertaintyRate = 0
            let scenario = generator.make(issueCount: 4...6, partyCount: 2...5)
            if let space = try? SearchSpace(scenario), space.size <= 6_000 { return scenario }
            attempt += 1
        }
    }

    @Test(arguments: 0..<120)
    func searchOnDeeperCertainSpacesMatchesTheReference(seed: Int) throws {
        try Self.check(
            Self.certainScenario(seed: seed), context: "certain seed \(seed)", threads: seed % 2 + 1, objective: Objective.allCases[seed % 3],
            top: [1, 4, 10][seed % 3])
    }

    @Test func theDeeperSpacesAreSettledInBulkAndHaveViablePackages() throws {
        var viable: UInt64 = 0, examined: UInt64 = 0, evaluated: UInt64 = 0
        for seed in 0..<120 {
            let r = try Search.run(CompiledScenario(Self.certainScenario(seed: seed), asOf: RandomScenario.asOf), options: SearchOptions())
            viable += r.viable
            examined += r.examined
            evaluated += r.evaluated
        }
        #expect(viable > 2000)
        // Pruning is exercised: a good share of the packages is settled without being evaluated.
        #expect(evaluated * 10 < examined * 9)
    }

    /// A bounded search (what a space over --limit gets) on the same scenarios: the viable
    /// count, frontier, best packages, improvements and every uncertain list equal the full
    /// enumeration's; the packages it skipped are accounted for; the leaning count is exact
    /// whenever it says so.
    static func checkBounded(
        seed: Int, threads: Int, objective: Objective, top: Int, frontier: Bool = true, budget: UInt64? = nil, frontierBudget: UInt64? = nil,
        scenario given: Scenario? = nil
    ) throws -> SearchResult {
        var generator = RandomScenario(seed: UInt64(seed))
        let scenario = given ?? generator.make()
        let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
        var options = Self.options(scenario, threads: threads, objective: objective, top: top, pick: seed)
        options.bounded = true
        options.estimateSamples = 400
        options.frontier = frontier
        if let budget { options.boundedBudget = budget }
        if let frontierBudget { options.frontierBudget = frontierBudget }
        let got = try Search.run(compiled, options: options)
        let want = try ReferenceSearch(compiled, options: options)
        let space = try SearchSpace(scenario)
        let context = "bounded seed \(seed) threads \(threads) \(objective) top \(top)"
        // A walk that skipped nothing counted everything, and says so.
        #expect(got.bounded == (got.skipped > 0), "\(context)")
        #expect(Double(got.examined + got.skipped) == space.size, "\(context)")
        #expect(got.uncertain <= UInt64(want.uncertain), "\(context)")
        if got.frontierComputed {
            #expect(got.viable == UInt64(want.viable), "\(context)")
            #expect(!got.skippedViable, "\(context)")
            #expect(Set(got.frontier.map(\.index)) == want.frontier, "\(context)")
            #expect(got.kalaiSmorodinsky?.index == want.kalaiSmorodinsky, "\(context)")
        } else {
            // Without the frontier: the viable packages walked, all of them unless it says not.
            #expect(got.viable <= UInt64(want.viable), "\(context)")
            if !got.skippedViable { #expect(got.viable == UInt64(want.viable), "\(context)") }
            #expect(got.frontier.isEmpty && got.kalaiSmorodinsky == nil, "\(context)")
        }
        #expect(got.best.map(\.index) == want.ranked.prefix(top).map(\.1), "\(context)")
        if !got.skippedLeaning { #expect(got.leaningViable == UInt64(want.leaningCount), "\(context)") }
        #expect(got.bestLeaning.map(\.index) == want.leaning.prefix(top).map(\.1), "\(context)")
        #expect(got.closestUncertain.map(\.index) == want.closest.prefix(top).map(\.1), "\(context)")
        #expect(got.improvementCount == UInt64(want.improvementCount), "\(context)")
        #expect(got.improvements.map(\.index) == want.improvements.prefix(top).map(\.1), "\(context)")
        #expect(got.sampledUncertain.samples == (got.bounded ? 400 : 0), "\(context)")
        if !got.bounded { #expect(got.uncertain == UInt64(want.uncertain) && got.leaningViable == UInt64(want.leaningCount), "\(context)") }
        return got
    }

    @Test(arguments: 0..<300)
    func boundedSearchMatchesTheReference(seed: Int) throws {
        _ = try Self.checkBounded(seed: seed, threads: seed % 2 + 1, objective: Objective.allCases[seed % 3], top: [1, 3, 10][seed % 3])
    }

    /// Without the frontier (what a bounded search falls back to when too many packages may be
    /// viable for certain), the best packages, improvements and uncertain lists are still exact.
    @Test(arguments: 0..<300)
    func boundedSearchWithoutTheFrontierMatchesTheReference(seed: Int) throws {
        _ = try Self.checkBounded(
            seed: seed, threads: seed % 2 + 1, objective: Objective.allCases[seed % 3], top: [1, 3, 10][seed % 3], frontier: false)
    }

    /// A bounded search over its first budget (a tenth, with the frontier) searches again without
    /// the frontier, and that answer is checked too; it skips viable packages on some scenarios.
    @Test func aBoundedSearchOverItsFirstBudgetListsWithoutTheFrontier() throws {
        // The deeper certain spaces: many viable packages, so the first try (30 here) runs out.
        var withoutFrontier = 0
        for seed in 0..<120 {
            guard
                let got = try? Self.checkBounded(
                    seed: seed, threads: 1, objective: .nash, top: 1, budget: 300, scenario: Self.certainScenario(seed: seed))
            else { continue }
            if !got.frontierComputed { withoutFrontier += 1 }
        }
        #expect(withoutFrontier > 10)
    }

    /// So does one that meets more packages viable for certain than its frontier budget, however
    /// few it evaluated.
    @Test func aBoundedSearchWithManyViablePackagesListsWithoutTheFrontier() throws {
        var withoutFrontier = 0, withFrontier = 0
        for seed in 0..<60 {
            let scenario = Self.certainScenario(seed: seed)
            let got = try Self.checkBounded(seed: seed, threads: 1, objective: .maxmin, top: 3, frontierBudget: 2, scenario: scenario)
            if got.frontierComputed {
                withFrontier += 1
            } else {
                // It gave the frontier up only because more than 2 packages walked are viable
                // (one copy of each deal, where issues are inert).
                withoutFrontier += 1
                let compiled = CompiledScenario(scenario, asOf: RandomScenario.asOf)
                #expect(Double(try ReferenceSearch(compiled, options: SearchOptions()).viable) / got.copies > 2, "seed \(seed)")
            }
        }
        #expect(withoutFrontier > 10 && withFrontier > 10, "\(withoutFrontier) without the frontier, \(withFrontier) with it")
    }

    /// The bounded searches above do skip subtrees, and sometimes subtrees that held packages
    /// leaning viable (so that the count is estimated); and the estimated shares' 95% intervals
    /// hold the true share about as often as they should.
    @Test func boundedSearchesSkipAndTheirIntervalsHoldTheTrueShare() throws {
        var skipped: UInt64 = 0, skippedLeaning = 0, held = 0, runs = 0
        for seed in 0..<200 {
            let got = try Self.checkBounded(seed: seed, threads: 1, objective: .nash, top: 1)
            skipped += got.skipped
            if got.skippedLeaning { skippedLeaning += 1 }
            var generator = RandomScenario(seed: UInt64(seed))
            let compiled = CompiledScenario(generator.make(), asOf: RandomScenario.asOf)
            guard got.bounded else { continue }
            let share = Double(try ReferenceSearch(compiled, options: SearchOptions()).uncertain) / got.spaceSize
            let (lo, hi) = got.sampledUncertain.interval
            runs += 1
            if lo - 1e-12 <= share && share <= hi + 1e-12 { held += 1 }
        }
        #expect(skipped > 1000)
        #expect(skippedLeaning > 0)
        #expect(runs > 30 && held * 100 >= runs * 90, "the 95% interval held the true share in \(held) of \(runs)")
    }

    /// A bounded search that evaluates more than its budget stops and says how to narrow the space.
    @Test func aBoundedSearchOverItsBudgetStopsWithAdvice() throws {
        var generator = RandomScenario(seed: 7)
        let compiled = CompiledScenario(generator.make(), asOf: RandomScenario.asOf)
        var options = SearchOptions()
        options.bounded = true
        options.boundedBudget = 0
        options.threads = 1
        #expect {
            try Search.run(compiled, options: options)
        } throws: { error in
            let message = (error as? SearchSpace.Problem)?.message ?? ""
            return message.contains("A bounded search, which walks only what could change the lists, stopped after 0 packages")
                && message.contains("--fix ISSUE=VALUE") && message.contains("--limit")
        }
    }

    @Test func theRandomSpacesHaveViableAndUncertainPackages() throws {
        var viable = 0, uncertain = 0, frontier = 0, closest = 0, withCopies = 0, withFolds = 0
        for seed in 0..<300 {
            var generator = RandomScenario(seed: UInt64(seed))
            let compiled = CompiledScenario(generator.make(), asOf: RandomScenario.asOf)
            let r = try Search.run(compiled, options: SearchOptions())
            if r.copies > 1 { withCopies += 1 }
            if try ReferenceSearch(compiled, options: SearchOptions()).folded > 0 { withFolds += 1 }
            viable += Int(r.viable)
            uncertain += Int(r.uncertain)
            frontier += r.frontier.count
            closest += r.closestUncertain.count
        }
        #expect(viable > 1000)
        #expect(uncertain > 1000)
        #expect(frontier > 300)
        // Uncertain packages that lean not viable, whose ranking the reference checks.
        #expect(closest > 300)
        // Scenarios with inert issues, whose copies the reference walks one by one.
        #expect(withCopies > 20, "\(withCopies) with inert issues")
        // Scenarios whose lists leave out packages that are the same deal as one listed.
        #expect(withFolds > 20, "\(withFolds) with packages folded")
    }
}

/// The Kalai–Smorodinsky package reads the parties each package needs, as the objectives do.
struct KalaiSmorodinskyTests {
    /// Two parties always required want `c` out; a third, required only when `c` is in, wants
    /// it in. Keeping `c` out gives both signatories their best score, and the third party is
    /// not in that deal: its zero score there must not count against it.
    @Test func aPartyThePackageDoesNotNeedIsLeftOut() throws {
        let folder = TestSupport.write([
            "ks.json": """
            {"format": 1, "asOf": "2030-01-01", "issues": [{"id": "g", "kind": "set", "options": ["c"]}],
             "parties": [
              {"id": "a", "threshold": 0.4, "positions": [
                {"id": "d", "type": "demand", "weight": 1, "wants": {"issue": "g", "excludes": ["c"]}},
                {"id": "e", "type": "demand", "weight": 1, "wants": {"all": []}}]},
              {"id": "b", "threshold": 0.4, "positions": [
                {"id": "d", "type": "demand", "weight": 1, "wants": {"issue": "g", "excludes": ["c"]}},
                {"id": "e", "type": "demand", "weight": 1, "wants": {"all": []}}]},
              {"id": "c", "threshold": 0.5, "required": {"issue": "g", "includes": ["c"]}, "positions": [
                {"id": "d", "type": "demand", "weight": 1, "wants": {"issue": "g", "includes": ["c"]}}]}]}
            """
        ])
        let scenario = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("ks.json").path).scenario)
        let result = try Search.run(CompiledScenario(scenario, asOf: RandomScenario.asOf), options: SearchOptions())
        #expect(result.frontier.count == 2)
        #expect(result.kalaiSmorodinsky?.terms == [.members(0)])
    }
}

/// The estimated shares of bounded searches: Wilson intervals and their wording.
struct ShareEstimateTests {
    @Test func theWilsonIntervalIsRightAtItsEnds() {
        // No hit in n: the upper end is z²/(n + z²).
        let none = ShareEstimate(hits: 0, samples: 10_000)
        let z2 = 1.959963984540054 * 1.959963984540054
        #expect(none.interval.lo == 0)
        #expect(abs(none.interval.hi - z2 / (10_000 + z2)) < 1e-15)
        #expect(none.phrase == "none of 10,000 random packages (under 0.038% of the space, 95%)")
        // Every sample a hit: the mirror image.
        let all = ShareEstimate(hits: 50, samples: 50)
        #expect(all.interval.hi == 1 && abs(all.interval.lo - 50 / (50 + z2)) < 1e-15)
        // 19 of 10,000: the textbook interval, 0.122%–0.296%.
        let some = ShareEstimate(hits: 19, samples: 10_000)
        #expect(abs(some.interval.lo - 0.001215) < 2e-6 && abs(some.interval.hi - 0.002966) < 2e-6)
        #expect(some.phrase == "about 0.19% of the space (95%: 0.12–0.30%)")
        #expect(ShareEstimate.percent(0.123) == "12%" && ShareEstimate.percent(0.0123) == "1.2%")
    }
}

/// Issues that nothing reads on a date, and search's note on them.
struct InertIssueTests {
    static let scenario = """
        {"format": 1, "asOf": "2030-01-01",
         "issues": [{"id": "read", "kind": "choice", "options": ["x", "y"]},
                    {"id": "by-condition", "kind": "choice", "options": ["x", "y"]},
                    {"id": "by-requirement", "kind": "choice", "options": ["x", "y"]},
                    {"id": "later", "kind": "choice", "options": ["x", "y"]},
                    {"id": "unread", "kind": "choice", "options": ["x", "y", "z"]},
                    {"id": "also-unread", "kind": "choice", "options": ["x", "y"]}],
         "parties": [
          {"id": "a", "threshold": 0.5, "positions": [
            {"id": "d", "type": "demand", "weight": 1, "wants": {"issue": "read", "is": "x"}},
            {"id": "r", "type": "redLine", "forbids": {"issue": "read", "is": "y"}, "if": {"issue": "by-condition", "is": "y"}},
            {"id": "l", "type": "demand", "weight": 1, "wants": {"issue": "later", "is": "x"}, "since": "2031-01-01"}]},
          {"id": "b", "threshold": 0, "required": {"issue": "by-requirement", "is": "y"}, "positions": []}]}
        """

    @Test func anIssueReadByNoActivePositionOrRequirementIsInert() throws {
        let folder = TestSupport.write(["inert.json": Self.scenario])
        let scenario = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("inert.json").path).scenario)
        let ids = { (day: String) in CompiledScenario(scenario, asOf: Day(iso: day)!).inertIssues.map { scenario.issues[$0].id } }
        #expect(ids("2030-01-01") == ["later", "unread", "also-unread"])
        // Once the dated demand holds, its issue is read.
        #expect(ids("2031-06-01") == ["unread", "also-unread"])
    }

    @Test func searchNamesTheInertIssuesAndHowManyCopiesTheyMake() throws {
        let folder = TestSupport.write(["inert.json": Self.scenario])
        let path = folder.appendingPathComponent("inert.json").path
        let text = TestSupport.run(["search", path]).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("No position held on 2030-01-01, and no party's requirement, reads later, unread and also-unread"))
        #expect(text.contains("every deal comes in 12 copies. The search walked one copy of each, with them at their first terms"))
        #expect(text.contains("(later x, unread x, also-unread x), counts every copy, and lists one"))
        #expect(text.contains("Examined 96 packages") && text.contains("(one copy of each deal, 8 packages: "))
        // by-condition only decides a red line that a's demand already keeps unbroken: its two
        // terms are one deal, and the list says it shows one.
        #expect(text.contains("Each list shows one package per deal: of packages that every party they need scores the same"))
        #expect(text.contains("Pareto frontier: 4 viable packages") && text.contains("Each is one copy of a deal: with the copies, 48 packages."))
        // Pinned, an issue is not searched over, and not named.
        let pinned = TestSupport.run(["search", path, "--fix", "unread=z", "--fix", "later=x"]).out
        #expect(pinned.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("reads also-unread: packages that differ only there"))
        #expect(pinned.contains("Pin it with --fix"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(TestSupport.run(["search", path, "--format", "json"]).out.utf8)) as? [String: Any])
        #expect(json["inertIssues"] as? [String] == ["later", "unread", "also-unread"])
        #expect(json["inertCopies"] as? Double == 12)
        // Every copy is counted, and each deal listed once, as its first copy.
        #expect(json["packagesExamined"] as? Double == 96 && json["viable"] as? Double == 48)
        let frontier = try #require(json["paretoFrontier"] as? [[String: Any]])
        #expect(frontier.count == 4)
        for package in frontier {
            let terms = try #require(package["terms"] as? [String: Any])
            #expect(terms["later"] as? String == "x" && terms["unread"] as? String == "x" && terms["also-unread"] as? String == "x")
        }
    }

    /// With inert issues, every count is the count over the whole space and every list holds the
    /// first copy of each deal, as the reference finds (which walks every copy); and those
    /// copies are named by their index in the whole space.
    @Test func searchWithInertIssuesCountsEveryCopyAndListsOne() throws {
        let folder = TestSupport.write(["inert.json": Self.scenario])
        let scenario = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("inert.json").path).scenario)
        let compiled = CompiledScenario(scenario, asOf: Day(iso: "2030-01-01")!)
        for bounded in [false, true] {
            var options = SearchOptions()
            options.bounded = bounded
            options.threads = 1
            let got = try Search.run(compiled, options: options)
            let want = try ReferenceSearch(compiled, options: options)
            #expect(got.copies == 12 && got.inertPinned == [3, 4, 5])
            #expect(got.spaceSize == 96 && got.examined + got.skipped == 96)
            #expect(got.viable == UInt64(want.viable) && want.viable == 48)
            #expect(Set(got.frontier.map(\.index)) == want.frontier)
            #expect(got.best.map(\.index) == want.ranked.prefix(10).map(\.1))
            let space = try SearchSpace(scenario)
            for p in got.best { #expect(space.terms(at: p.index) == p.terms) }
        }
    }
}
