import Foundation
import Synchronization
import Testing

@testable import SimulateKit

/// `simulate search` and `simulate explain` end to end, through the built binary.
@Suite(.serialized)
struct SearchExplainCLITests {
    @Test func searchReportsCountsAndJSONCoreKeys() throws {
        let r = try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--as-of", "2031-06-10", "--format", "json"])
        #expect(r.code == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        for key in ["packagesExamined", "viable", "uncertain", "paretoFrontier", "best"] { #expect(json[key] != nil, "\(key)") }
        #expect(json["packagesExamined"] as? Int == 360)
        #expect(json["uncertain"] as? Int == 18)
    }

    @Test func searchTextSaysWhatItExamined() throws {
        let r = try TestSupport.runBinary(["search", "Scenarios/tutorial.json"])
        #expect(r.code == 0)
        #expect(r.out.contains("Examined 360 packages"))
        #expect(r.out.contains("0 viable · 0 uncertain · 360 not viable"))
        // Nothing certain and nothing leaning viable: the nearest uncertain packages, each with
        // why it leans not viable.
        let uncertain = try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--as-of", "2031-06-10"])
        let flat = uncertain.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("0 of them at the midpoint reading. The nearest to viable at that reading are listed below"))
        #expect(
            flat.contains(
                "The 10 uncertain packages nearest to viable, by least margin, min (score − threshold) at midpoints, over the parties each needs:"
            ))
        #expect(flat.contains("leans no: southland (red line no-borea-disputed, likelihood 0.5)"))
        #expect(flat.contains("% of samples"))
        // With no list to show, the advice.
        let none = try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--as-of", "2031-06-10", "--top", "0"])
        #expect(none.out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Try 'simulate sensitivity'"))
    }

    /// The nearest uncertain packages in JSON: ranked by their least midpoint margin over the
    /// parties each needs, each with its parties that lean reject and its sampled share.
    @Test func searchJSONRanksTheNearestUncertainPackagesByTheirLeastMargin() throws {
        let r = TestSupport.run(["search", "Scenarios/tutorial.json", "--as-of", "2031-06-10", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((json["bestUncertain"] as? [Any])?.isEmpty == true)
        let nearest = try #require(json["closestUncertain"] as? [[String: Any]])
        #expect(nearest.count == 10)
        let scenario = try #require(ScenarioLoader.load(path: "Scenarios/tutorial.json").scenario)
        var previous = Double.infinity
        for package in nearest {
            let scores = try #require(package["scores"] as? [String: Double])
            let required = try #require(package["required"] as? [String])
            let margin = try #require(package["leastMargin"] as? Double)
            let least = required.map { id in scores[id]! - scenario.parties[scenario.partyIndex(id)!].threshold.mid }.min()!
            #expect(abs(margin - least) < 1e-12)
            #expect(margin <= previous + 1e-12)
            previous = margin
            let leansNo = try #require(package["leansNo"] as? [[String: Any]])
            #expect(!leansNo.isEmpty)
            #expect(package["viableShare"] is Double)
        }
    }

    /// A party whose midpoint score falls short of its threshold's midpoint is named with the
    /// two; a red line the midpoint reading does not hold (likelihood below 0.5) is not.
    @Test func theNearestUncertainPackagesSayWhyTheyLeanNo() throws {
        let folder = TestSupport.write([
            "lean.json": """
            {"format": 1, "asOf": "2030-01-01", "issues": [{"id": "x", "kind": "choice", "options": ["a", "b"]}],
             "parties": [
              {"id": "p", "threshold": [0.4, 0.8], "positions": [
                {"id": "wants-a", "type": "demand", "weight": 1, "wants": {"issue": "x", "is": "a"}},
                {"id": "wants-b", "type": "demand", "weight": 1, "wants": {"issue": "x", "is": "b"}},
                {"id": "no-b", "type": "redLine", "likelihood": 0.4, "forbids": {"issue": "x", "is": "b"}}]}]}
            """
        ])
        let path = folder.appendingPathComponent("lean.json").path
        let text = TestSupport.run(["search", path])
        #expect(text.code == 0, "\(text.err)")
        #expect(text.out.contains("The 2 uncertain packages nearest to viable"))
        #expect(text.out.contains("leans no: p (score 0.50 < threshold midpoint 0.60)"))
        #expect(!text.out.contains("no-b"))
        let markdown = TestSupport.run(["search", path, "--format", "markdown"])
        #expect(markdown.out.contains("| leans no |"))
        #expect(markdown.out.contains("| p (score 0.50 < threshold midpoint 0.60) |"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(TestSupport.run(["search", path, "--format", "json"]).out.utf8)) as? [String: Any])
        let first = try #require((json["closestUncertain"] as? [[String: Any]])?.first)
        let leansNo = try #require(first["leansNo"] as? [[String: Any]])
        #expect(leansNo.count == 1)
        #expect(leansNo.first?["party"] as? String == "p")
        #expect((leansNo.first?["redLines"] as? [String])?.isEmpty == true)
        #expect(leansNo.first?["scoreBelowThreshold"] as? Bool == true)
    }

    @Test func checkSummariesFitOneHundredColumns() throws {
        let r = try TestSupport.runBinary(["check", "Scenarios/russia-ukraine-2022.json", "Scenarios/what-if-us-uk-guarantee.json"])
        #expect(r.code == 0)
        #expect(r.out.contains("Scenarios/russia-ukraine-2022.json: ok: 26 issues"))
        for line in r.out.split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
    }

    @Test func searchTextCountsTheBestPackagesAndTheFrontierInWords() throws {
        let dir = TestSupport.temporaryFolder()
        let base = URL(fileURLWithPath: "Scenarios/tutorial.json").standardizedFileURL.path
        let whatIf = dir.appendingPathComponent("what-if.json")
        try """
        {"format": 1, "extends": "\(base)", "title": "What if Southland accepts Borea?",
         "parties": [{"id": "southland", "positions": [{"id": "no-borea", "remove": true}, {"id": "no-borea-disputed", "remove": true}]}]}
        """.write(to: whatIf, atomically: false, encoding: .utf8)
        let one = try TestSupport.runBinary(["search", whatIf.path, "--as-of", "2031-06-10", "--top", "1"])
        #expect(one.code == 0, "\(one.err)")
        #expect(one.out.contains("2 viable · 16 uncertain · 342 not viable"))
        #expect(one.out.contains("The best package by Nash product"))
        #expect(one.out.contains("Pareto frontier: 1 viable package that"))
        func flat(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(flat(one.out).contains("none is as good for every party that may have to agree (northland, southland, borea) and better for one."))
        #expect(flat(one.out).contains("The package listed above is on it."))
        let two = try TestSupport.runBinary(["search", whatIf.path, "--as-of", "2031-06-10", "--top", "2"])
        #expect(two.out.contains("Best 2 packages by Nash product"))
        #expect(flat(two.out).contains("1 of those listed above is on it."))
        #expect(!two.out.contains("--format json lists them all"))
        #expect(two.out.contains(" ms on 1 thread"))
    }

    @Test func searchAroundAPackageOnTheShippedModelFindsUncertainDeals() throws {
        let args = [
            "search", "Scenarios/russia-ukraine-2022.json", "--around", "istanbul-proposal",
            "--vary", "alignment", "--vary", "guarantors", "--vary", "crimea-status",
        ]
        let r = try TestSupport.runBinary(args + ["--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((json["uncertain"] as? Int ?? 0) > 0)
        // Nothing is viable for certain, and search says why, as explain does.
        #expect(json["viable"] as? Int == 0)
        let because = try #require(json["noViableBecause"] as? [String: Any])
        #expect(because["party"] as? String == "russia" && because["redLine"] as? String == "crimea-recognition")
        let text = try TestSupport.runBinary(args).out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            text.contains(
                "None can be viable for certain, since every package needs russia and ukraine to accept: russia's red line crimea-recognition"))
        // The staged-deal what-if drops Russia's recognition red lines: no such proof there.
        let staged = try TestSupport.runBinary(["search", "Scenarios/what-if-staged-deal-holds.json"] + args.dropFirst(2) + ["--format", "json"])
        let stagedJSON = try #require(try JSONSerialization.jsonObject(with: Data(staged.out.utf8)) as? [String: Any])
        #expect(stagedJSON["noViableBecause"] is NSNull)
    }

    /// When every change that works needs more issues than one more, explain says how many it
    /// takes instead of suggesting one more: Ukraine breaks red lines over five separate issues
    /// of Russia's early maximal demands. On Russia's pre-war draft, Russia is out of reach while
    /// Turkey keeps accepting: Turkey's red line over Crimea and Donbas breaks whatever Donbas is.
    @Test func explainSuggestsTheLeastNumberOfChangesThatCouldWork() throws {
        let shipped = TestSupport.packageRoot.appendingPathComponent("Scenarios/russia-ukraine-2022.json").path
        let args = ["explain", shipped, "--package", "russia-early-maximal", "--party", "ukraine", "--max-changes", "1"]
        let r = TestSupport.run(args)
        #expect(r.code == 0)
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "a change must touch an issue of each of ukraine's broken red lines, and no fewer than 5 issues do. Try --party ukraine --max-changes 5."
            ))
        #expect(!flat.contains("Try --max-changes 2"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(TestSupport.run(args + ["--format", "json"]).out.utf8)) as? [String: Any])
        let winOver = try #require((json["parties"] as? [[String: Any]])?.first)
        #expect(winOver["leastChanges"] as? Int == 5)
        let russia = TestSupport.run(["explain", shipped, "--package", "russia-prewar-guarantees", "--party", "russia", "--max-changes", "1"])
        let proof = russia.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(proof.contains("No change wins russia over while turkey keeps accepting: its red line crimea-recognition"))
        #expect(proof.contains("breaks turkey's red line recognition-unacceptable whatever its other issues hold."))
    }

    /// Wrapping keeps a party beside its score, a share in one piece and a count beside its noun.
    @Test func wrappingNeverSplitsANameFromItsNumber() throws {
        let base = TestSupport.packageRoot.appendingPathComponent("Scenarios/what-if-staged-deal-holds.json").path
        let search = TestSupport.run([
            "search", base, "--around", "turkey-staged-first-four", "--vary", "alignment", "--vary", "guarantees", "--vary", "guarantors",
            "--objective", "maxmin", "--top", "10",
        ])
        #expect(search.code == 0)
        #expect(search.out.contains("maxmin 0.0924"))
        let ids = try #require(ScenarioLoader.load(path: base).scenario).parties.map(\.id)
        for id in ids { #expect(search.out.range(of: "\(id)\n *[0-9]\\.[0-9]{2}", options: .regularExpression) == nil, "\(id)") }
        #expect(search.out.range(of: "viable in\n|in\n *[0-9]+%|of\n *samples", options: .regularExpression) == nil)
        let check = TestSupport.run(["check", base])
        #expect(check.out.range(of: "[0-9]\n *(quotes|issues|parties|positions|packages)", options: .regularExpression) == nil)
        #expect(check.out.contains("quotes verified"))
    }

    /// Each best uncertain package carries the share of samples in which it is viable, the
    /// share `simulate sensitivity` reports for the same terms with the same samples and seed.
    @Test func bestUncertainPackagesCarryTheSensitivityShare() throws {
        let base = TestSupport.packageRoot.appendingPathComponent("Scenarios/what-if-staged-deal-holds.json").path
        let args = [
            "search", base, "--around", "turkey-staged-first-four", "--vary", "guarantees", "--vary", "guarantors", "--vary", "donbas", "--top", "3",
        ]
        let r = TestSupport.run(args + ["--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["shareSamples"] as? Int == 1000)
        let best = try #require(json["bestUncertain"] as? [[String: Any]])
        #expect(best.count == 3)
        for package in best.prefix(2) {
            let share = try #require(package["viableShare"] as? Double)
            let terms = try JSONSerialization.data(withJSONObject: try #require(package["terms"]))
            let folder = TestSupport.write([
                "probe.json":
                    #"{"format": 1, "extends": "\#(base)", "packages": [{"id": "probe", "terms": \#(String(decoding: terms, as: UTF8.self))}]}"#
            ])
            let sampled = TestSupport.run(["sensitivity", folder.appendingPathComponent("probe.json").path, "--package", "probe", "--format", "json"])
            #expect(sampled.code == 0, "\(sampled.err)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(sampled.out.utf8)) as? [String: Any])
            let viable = try #require((report["packages"] as? [[String: Any]])?.first?["viableShare"] as? Double)
            #expect(viable == share)
        }
        let text = TestSupport.run(args).out
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let shares = try best.prefix(3).map {
            "viable in \(SensitivityReport.percent(try #require($0["viableShare"] as? Double), certain: false)) of samples"
        }
        for share in shares { #expect(flat.contains(share), "\(share)") }
        #expect(text.contains("Shares: the ranges and likelihoods sampled 1,000 times with seed 1"))
        let markdown = TestSupport.run(args + ["--format", "markdown"]).out
        #expect(markdown.contains("| viable in samples |"))
    }

    /// The whole shipped model, 3.2×10¹³ packages, is over --limit: the search is bounded and
    /// answers, with the nearest packages, the exact viable count and an estimated uncertain share.
    @Test func theWholeShippedModelIsSearchedBounded() throws {
        let r = try TestSupport.runBinary(["search", "Scenarios/russia-ukraine-2022.json"])
        #expect(r.code == 0, "\(r.err)")
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Searched 32,105,299,968,000 packages in"))
        #expect(flat.contains("bounded: that is more than --limit (10,000,000,000) counts one by one"))
        #expect(flat.contains("The viable count and the lists are exact; the uncertain share is estimated from 10,000 random packages (seed 1)"))
        #expect(flat.contains("0 viable · uncertain: about "))
        #expect(flat.contains("0 lean viable at the midpoint reading (counted, not estimated)"))
        #expect(flat.contains("The 10 uncertain packages nearest to viable"))
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(TestSupport.runBinary(["search", "Scenarios/russia-ukraine-2022.json", "--format", "json"]).out.utf8)) as? [String: Any])
        let bounded = try #require(json["bounded"] as? [String: Any])
        #expect(bounded["uncertainCounted"] as? Bool == false)
        #expect(json["viable"] as? Double == 0)
        let share = try #require((bounded["uncertainShare"] as? [String: Any])?["share"] as? Double)
        #expect(share > 0 && share < 0.05)
        #expect((json["uncertain"] as? Double) == (share * 32_105_299_968_000).rounded())
        let closest = try #require(json["closestUncertain"] as? [[String: Any]])
        #expect(closest.count == 10)
        // Packages that differ from the first in a few issues are written as that difference.
        let first = try #require(closest.first?["terms"] as? [String: Any])
        let ids = try #require(ScenarioLoader.load(path: "Scenarios/russia-ukraine-2022.json").scenario).issues.map(\.id)
        var written = 0
        for package in closest.dropFirst() {
            let terms = try #require(package["terms"] as? [String: Any])
            let differing = ids.filter { "\(terms[$0]!)" != "\(first[$0]!)" }
            guard differing.count <= 3, differing.allSatisfy({ terms[$0] is String }) else { continue }
            #expect(flat.contains("as 1, except " + differing.map { "\($0) \(terms[$0]!)" }.joined(separator: " · ") + " leans no: "))
            written += 1
        }
        #expect(written > 0)
    }

    /// A bounded search that left the frontier out says so in every format, and gives the
    /// viable packages it walked beside the estimated share.
    @Test func aBoundedSearchWithoutTheFrontierSaysSo() throws {
        for seed in 0..<120 {
            let compiled = CompiledScenario(SearchReferenceTests.certainScenario(seed: seed), asOf: RandomScenario.asOf)
            var options = SearchOptions()
            options.bounded = true
            options.top = 1
            options.boundedBudget = 300
            options.threads = 1
            guard let result = try? Search.run(compiled, options: options), result.skippedViable, !result.best.isEmpty else { continue }
            let report = SearchReport(compiled: compiled, result: result, fixed: [:], improve: nil, around: nil)
            let text = report.text().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("too many packages may be viable for certain to walk them all, so the Pareto frontier is not computed"))
            #expect(text.contains("viable: \(NumberFormat.grouped(result.viable)) walked; in the samples, "))
            #expect(text.contains("Pareto frontier: not computed."))
            #expect(text.contains("The lists are exact; the viable and uncertain shares are estimated from 10,000 random packages (seed 1)"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
            #expect(json["paretoFrontier"] is NSNull)
            let bounded = try #require(json["bounded"] as? [String: Any])
            #expect(bounded["frontierComputed"] as? Bool == false && bounded["viableCounted"] as? Bool == false)
            #expect((json["viable"] as? Double ?? 0) >= Double(result.viable))
            #expect(report.markdown().contains("| not computed |"))
            return
        }
        Issue.record("no random scenario fell back to a search without the frontier")
    }

    /// A bounded search with no list to fill (`--top 0`) that met no uncertain package, walked
    /// or sampled, says how rare they are rather than that every package is rejected.
    @Test func aBoundedSearchThatSampledNoUncertainPackageSaysHowRareTheyAre() throws {
        for seed in 0..<200 {
            var generator = RandomScenario(seed: UInt64(seed))
            let compiled = CompiledScenario(generator.make(), asOf: RandomScenario.asOf)
            var options = SearchOptions()
            options.bounded = true
            options.top = 0
            options.estimateSamples = 20
            options.threads = 1
            guard let result = try? Search.run(compiled, options: options),
                result.bounded, result.noneViable, result.uncertain == 0, result.sampledUncertain.hits == 0,
                try ReferenceSearch(compiled, options: SearchOptions()).uncertain > 0
            else { continue }
            let report = SearchReport(compiled: compiled, result: result, fixed: [:], improve: nil, around: nil)
            let text = report.text().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("No package is viable for certain, and none of the 20 random packages is viable for some readings"))
            #expect(!text.contains("in every package some required party rejects"))
            return
        }
        Issue.record("no random scenario left the uncertain packages unsampled")
    }

    /// A narrowed space searched bounded (with --limit below its size) lists what the full
    /// count lists, and counts the same viable packages. (Bounded searches with viable packages
    /// are compared with the reference in SearchReferenceTests.)
    @Test func aBoundedSearchListsWhatTheFullCountLists() throws {
        let args = [
            "search", "Scenarios/what-if-staged-deal-holds.json", "--around", "turkey-staged-first-four", "--vary", "guarantors", "--vary",
            "guarantees", "--vary", "guarantee-scope", "--vary", "non-enlargement", "--format", "json",
        ]
        func read(_ extra: [String]) throws -> [String: Any] {
            let r = try TestSupport.runBinary(args + extra)
            #expect(r.code == 0, "\(r.err)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        }
        let full = try read([]), bounded = try read(["--limit", "1000"])
        let markdown = try TestSupport.runBinary(args.dropLast(2) + ["--limit", "1000", "--format", "markdown"]).out
        #expect(markdown.contains("| packages | viable | uncertain (estimated) | frontier |"))
        #expect(full["bounded"] == nil && bounded["bounded"] != nil)
        for key in ["viable", "best", "paretoFrontier", "kalaiSmorodinsky", "bestUncertain", "closestUncertain"] {
            let a = try JSONSerialization.data(withJSONObject: full[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
            let b = try JSONSerialization.data(withJSONObject: bounded[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
            #expect(a == b, "\(key)")
        }
        #expect((full["bestUncertain"] as? [Any])?.count == 10)
        if (bounded["bounded"] as? [String: Any])?["uncertainLeaningViableCounted"] as? Bool == true {
            #expect(full["uncertainLeaningViable"] as? Double == bounded["uncertainLeaningViable"] as? Double)
        }
    }

    @Test func searchUsageErrors() throws {
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--objective", "nahs"]).err.contains("Did you mean 'nash'?"))
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--fix", "border=rivr-line"]).code == 64)
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--vary", "border"]).code == 64)
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--fix", "transit-years=0x10"]).code == 64)
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--fix", "transit-years=1e1"]).code == 0)
        let twice = try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--fix", "border=old-line", "--fix", "border=river-line"])
        #expect(twice.code == 64 && twice.err.contains("pins 'border' twice"))
        let both = try TestSupport.runBinary([
            "search", "Scenarios/tutorial.json", "--around", "river-deal", "--vary", "border", "--fix", "border=old-line",
        ])
        #expect(both.code == 64 && both.err.contains("both varied (--vary) and fixed (--fix)"))
    }

    /// A --fix on top of --around changes the package searched around: the header says so.
    @Test func searchAroundNamesTheTermsFixedOverThePackage() throws {
        let args = ["search", "Scenarios/tutorial.json", "--around", "river-deal", "--vary", "border", "--vary", "transit-years"]
        let plain = try TestSupport.runBinary(args)
        let fixed = try TestSupport.runBinary(args + ["--fix", "fishery=open"])
        #expect(plain.code == 0 && fixed.code == 0)
        #expect(!plain.out.contains("the package has"))
        #expect(fixed.out.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("with fishery open (the package has quota)"))
    }

    @Test func explainNamesTheChangeAndThePositionsBehindIt() throws {
        let r = try TestSupport.runBinary(["explain", "Scenarios/tutorial.json", "--package", "river-deal", "--party", "league"])
        #expect(r.code == 0)
        #expect(r.out.contains("• fishery: quota → open (for open-fishery)"))
    }

    /// The change that wins over the United States on the Istanbul proposal keeps Ukraine
    /// accepting, but breaks two of Russia's certain red lines: the report must say so, and that
    /// the United States did not have to agree in the first place.
    @Test func explainSaysWhatAChangeDoesToTheOtherParties() throws {
        let args = ["explain", "Scenarios/russia-ukraine-2022.json", "--package", "istanbul-proposal", "--party", "united-states"]
        let r = try TestSupport.runBinary(args)
        #expect(r.code == 0)
        #expect(r.out.contains("united-states does not have to agree to this package"))
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "united-states is uncertain, leaning accept: score 0.67 (0.56–0.74) ≥ threshold 0.00–0.50; red line prolong-the-war (likelihood 0.1)")
        )
        #expect(flat.contains("The package after them: viable ? no → NO; russia ? reject → REJECT, score 0.50 → 0.33"))
        #expect(flat.contains("nato now has to agree: ? accept."))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try TestSupport.runBinary(args + ["--format", "json"]).out.utf8)) as? [String: Any])
        let party = try #require((json["parties"] as? [[String: Any]])?.first)
        #expect(party["required"] as? Bool == false)
        let after = try #require((party["winOver"] as? [String: Any])?["after"] as? [String: Any])
        #expect(after["viable"] as? String == "no")
        let russia = try #require((after["verdicts"] as? [[String: Any]])?.first { $0["party"] as? String == "russia" })
        #expect(russia["verdict"] as? String == "reject")
        #expect(russia["score"] as? Double != nil && russia["scoreRange"] as? [Double] != nil)
        #expect(after["viableLean"] as? String == "no")
        #expect(party["lean"] as? String == "accept")
        #expect(party["leavesPartyOut"] as? Bool == false)
        #expect(flat.contains("The fewest changes that win united-states over while"))
    }

    /// Russia cannot be won over to the FT plan while Ukraine keeps accepting: Russia's
    /// crimea-recognition needs the one term of crimea-status that Ukraine's red line forbids.
    /// The report says so instead of suggesting a larger search.
    @Test func explainSaysWhenAPartyCannotBeWonOver() throws {
        let args = ["explain", "Scenarios/russia-ukraine-2022.json", "--package", "ft-15-point-plan", "--party", "russia"]
        let r = TestSupport.run(args)
        #expect(r.code == 0)
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "No change wins russia over while ukraine keeps accepting: its red line crimea-recognition (likelihood 0.5) requires crimea-status is recognized-russian; every term of crimea-status that meets it breaks ukraine's red line no-crimea-recognition."
            ))
        #expect(!flat.contains("wins russia over without losing a party that accepts now. Try"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(TestSupport.run(args + ["--format", "json"]).out.utf8)) as? [String: Any])
        let blocked = try #require((json["parties"] as? [[String: Any]])?.first?["blockedBy"] as? [String: Any])
        #expect(blocked["redLine"] as? String == "crimea-recognition")
        #expect(blocked["issue"] as? String == "crimea-status")
        // The same two red lines rule out any certainly viable package.
        #expect(
            flat.contains(
                "No package can be viable for certain, since every package needs russia and ukraine to accept: russia's red line crimea-recognition"
            ))
        let nearest = try #require(json["nearestViableBlockedBy"] as? [String: Any])
        #expect(nearest["party"] as? String == "russia")
    }

    /// No change makes the staged deal viable for certain, but the one found for NATO (not
    /// required) makes it lean viable: the report says so where it says nothing is viable.
    @Test func explainNamesAChangeThatMakesThePackageLeanViable() throws {
        // One change at most, so that the test stays quick (three take a minute in a debug build).
        let args = ["explain", "Scenarios/what-if-staged-deal-holds.json", "--package", "turkey-staged-first-four", "--max-changes", "1"]
        let r = try TestSupport.runBinary(args)
        #expect(r.code == 0)
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "No change of up to 1 issue makes the package viable. Try --max-changes 2. Closest found: monitoring → international (under nato above) makes it ? yes"
            ))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try TestSupport.runBinary(args + ["--format", "json"]).out.utf8)) as? [String: Any])
        let leaning = try #require(json["leaningViable"] as? [String: Any])
        #expect(leaning["party"] as? String == "nato")
        let after = try #require((leaning["change"] as? [String: Any])?["after"] as? [String: Any])
        #expect(after["viable"] as? String == "uncertain")
        // A package that is viable already, or has a nearest viable package, gets no such line.
        let viable = try TestSupport.runBinary(["explain", "Scenarios/tutorial.json", "--package", "river-deal", "--as-of", "2031-06-10"])
        #expect(!viable.out.contains("Closest found"))
    }

    /// A package every party accepts needs no search, so explain gives no count of candidates.
    @Test func explainOfAViablePackageSaysSoAndNothingMore() throws {
        let folder = TestSupport.write([
            "ok.json":
                #"{"format": 1, "issues": [{"id": "x", "kind": "choice", "options": ["a"]}], "parties": [{"id": "p"}], "packages": [{"id": "k", "terms": {"x": "a"}}]}"#
        ])
        let r = try TestSupport.runBinary(["explain", folder.appendingPathComponent("ok.json").path, "--package", "k"])
        #expect(r.code == 0)
        #expect(r.out.hasSuffix("viable: yes\n\nEvery party accepts this package.\n"), "\(r.out)")
    }

    /// Turkey's doubt about the FT plan is settled by dropping it from the guarantors: the report
    /// says that the change also leaves it out of the deal, and what each change is for.
    @Test func explainSaysWhenAChangeLeavesThePartyOut() throws {
        let args = ["explain", "Scenarios/russia-ukraine-2022.json", "--package", "ft-15-point-plan", "--party", "turkey"]
        let r = try TestSupport.runBinary(args)
        #expect(r.code == 0)
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "The fewest changes that win turkey over (they also leave it out of the deal: it no longer has to agree) while every party"))
        #expect(flat.contains("turkey no longer has to agree"))
        // Each change says what it is for: the one that does not serve turkey keeps ukraine
        // accepting. Of the second changes that do so at no loss to ukraine, this one costs
        // russia, which doubts the deal too, nothing (alignment → non-member would cost it 0.16).
        #expect(flat.contains("• guarantors: us, uk, turkey → us, uk (for binding-guarantee-unconfirmed)"))
        #expect(flat.contains("• crimea-consultation-years: 0 → 10 (keeps ukraine accepting: crimea-consultation)"))
        #expect(flat.contains("The package after them: viable ? no → ? no; turkey no longer has to agree."))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try TestSupport.runBinary(args + ["--format", "json"]).out.utf8)) as? [String: Any])
        let party = try #require((json["parties"] as? [[String: Any]])?.first)
        #expect(party["leavesPartyOut"] as? Bool == true)
        let markdown = try TestSupport.runBinary(args + ["--format", "markdown"]).out
        #expect(markdown.contains("The fewest changes that win turkey over (they also leave it out of the deal"))
        #expect(markdown.contains("- `crimea-consultation-years`: 0 → 10 (keeps `ukraine` accepting: `crimea-consultation`)"))
        let changes = try #require((party["winOver"] as? [String: Any])?["changes"] as? [[String: Any]])
        let reasons = changes.map {
            ($0["reasons"] as? [[String: Any]] ?? []).map { "\($0["party"] ?? ""):\($0["role"] ?? ""):\($0["positions"] ?? "")" }
        }
        #expect(
            reasons == [["turkey:winsOver:[\"binding-guarantee-unconfirmed\"]"], ["ukraine:keepsAccepting:[\"crimea-consultation\"]"]],
            "\(reasons)")
    }

    /// Three sets of 16 options: one change tries 196,605 candidates, two would try 1.3e10.
    /// Explain tries the first, then stops and says so, instead of running for hours.
    @Test func explainStopsBeforeASearchTooLargeToFinish() throws {
        let options = (0..<16).map { "\"o\($0)\"" }.joined(separator: ", ")
        let issues = (0..<3).map { #"{"id": "s\#($0)", "kind": "set", "options": [\#(options)]}"# }.joined(separator: ", ")
        let scenario = #"""
            {"format": 1, "asOf": "2030-01-01", "issues": [\#(issues)],
             "parties": [{"id": "p", "positions": [{"id": "r", "type": "redLine", "requires": {"all": [
               {"issue": "s0", "sizeAtLeast": 9}, {"issue": "s1", "sizeAtLeast": 9}, {"issue": "s2", "sizeAtLeast": 9}]}}]}],
             "packages": [{"id": "k", "terms": {"s0": [], "s1": [], "s2": []}}]}
            """#
        let path = TestSupport.write(["sets.json": scenario]).appendingPathComponent("sets.json").path
        let r = try TestSupport.runBinary(["explain", path, "--package", "k"])
        #expect(r.code == 0)
        let text = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            text.contains(
                "No change of up to 1 issue wins p over without losing a party that accepts now; 2 changes would try more than 100,000,000 candidate packages, so explain stopped there."
            ))
        #expect(text.contains("(393,210 candidate packages evaluated"), "one change, for the party and for the nearest viable package")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try TestSupport.runBinary(["explain", path, "--package", "k", "--format", "json"]).out.utf8))
                as? [String: Any])
        #expect((json["parties"] as? [[String: Any]])?.first?["stoppedAt"] as? Int == 2)
        // With --max-changes 1 nothing is found either, and the report does not suggest
        // --max-changes 2, which it would refuse.
        let one = try TestSupport.runBinary(["explain", path, "--package", "k", "--max-changes", "1"])
        let oneText = one.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(oneText.contains("2 changes would try more than 100,000,000 candidate packages, more than explain tries."))
        #expect(!oneText.contains("Try --max-changes"))
        // The largest --max-changes is a whole search, not an overflow.
        #expect(try TestSupport.runBinary(["explain", path, "--package", "k", "--max-changes", "9223372036854775807"]).code == 0)
    }

    /// The sentence on the package after a change names the red lines it newly breaks for a party
    /// that must agree and does not accept, also when that party's verdict and score stay put.
    @Test func explainNamesTheRedLinesAChangeNewlyBreaksForTheOthers() throws {
        let shipped = TestSupport.run([
            "explain", "Scenarios/russia-ukraine-2022.json", "--package", "istanbul-proposal", "--party", "united-states",
        ])
        let flat = shipped.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("russia ? reject → REJECT, score 0.50 → 0.33, newly breaking red lines no-nato-membership, neutral-status;"))
        let scenario = TestSupport.miniScenario(
            parties: #"""
                [{"id": "target", "threshold": 0, "positions": [{"id": "not-x", "type": "redLine", "forbids": {"issue": "a", "is": "x"}}]},
                 {"id": "doubter", "threshold": 0, "positions": [
                   {"id": "never", "type": "redLine", "forbids": {"issue": "n", "atLeast": 0}},
                   {"id": "not-y", "type": "redLine", "forbids": {"issue": "a", "is": "y"}},
                   {"id": "not-z", "type": "redLine", "forbids": {"issue": "a", "is": "z"}}]}]
                """#, packages: #"[{"id": "deal", "terms": {"a": "x", "n": 30, "s": []}}]"#)
        let path = TestSupport.write(["doubter.json": scenario]).appendingPathComponent("doubter.json").path
        let r = TestSupport.run(["explain", path, "--package", "deal", "--party", "target", "--max-changes", "1"])
        let text = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("The package after them: viable NO → NO; doubter still REJECT, newly breaking red line not-y."), "\(r.out)")
    }

    /// An uncertain package that no sample made viable reads "~0%", as `simulate sensitivity`
    /// shows it, not "0%", which would pass for certain.
    @Test func aShareOfAnUncertainPackageThatNoSampleMovedReadsAboutZero() throws {
        let args = [
            "search", "Scenarios/russia-ukraine-2022.json", "--around", "istanbul-proposal", "--vary", "crimea-status", "--vary", "donbas",
            "--vary", "ceasefire", "--top", "3",
        ]
        let r = TestSupport.run(args)
        #expect(r.code == 0)
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("viable in ~0% of samples"), "\(r.out)")
        // Several likely red lines of one party are listed once, each with its likelihood.
        #expect(
            flat.contains(
                "leans no: russia (red lines demilitarization (likelihood 0.7), denazification (0.7), crimea-recognition (0.5), donbas-independence (0.5))"
            ), "\(r.out)")
        #expect(!flat.contains("viable in 0% of samples"))
        #expect(TestSupport.run(args + ["--format", "markdown"]).out.contains("| ~0% |"))
        let sensitivity = TestSupport.run(["sensitivity", "Scenarios/russia-ukraine-2022.json", "--package", "istanbul-proposal"]).out
        #expect(sensitivity.contains("~0%"))
        let markdown = TestSupport.run([
            "sensitivity", "Scenarios/russia-ukraine-2022.json", "--package", "istanbul-proposal", "--format", "markdown",
        ])
        #expect(markdown.out.contains("1,000 samples, seed 1"), "\(markdown.out)")
    }

    /// On a terminal, search reports the share of the space done, ending at 100%, then clears the
    /// line; off a terminal it reports nothing.
    @Test func searchShowsProgressOnATerminal() {
        let lines = Mutex<[String]>([])
        var console = Console()
        console.errIsTerminal = true
        console.progress = { line in lines.withLock { $0.append(line) } }
        #expect(SimulateCLI.run(arguments: ["search", "Scenarios/tutorial.json"], console: &console) == 0)
        let shown = lines.withLock { $0 }
        let percents = shown.dropLast().compactMap { Int($0.dropFirst("searching… ".count).dropLast()) }
        #expect(percents.count == shown.count - 1 && percents.count > 1, "\(shown)")
        #expect(percents == percents.sorted() && percents.last == 100, "\(shown)")
        #expect(shown.last == "")
        var quiet = Console()
        quiet.progress = { line in lines.withLock { $0.append("off a terminal: " + line) } }
        _ = SimulateCLI.run(arguments: ["search", "Scenarios/tutorial.json"], console: &quiet)
        #expect(!lines.withLock { $0 }.contains { $0.hasPrefix("off a terminal") })
    }

    /// On a terminal, a long explain says what it is trying and how far it has got, then clears
    /// the line; off a terminal it prints nothing of the kind.
    @Test func aLongExplainShowsProgressOnATerminal() throws {
        let options = (0..<16).map { "\"o\($0)\"" }.joined(separator: ", ")
        let scenario = #"""
            {"format": 1, "asOf": "2030-01-01",
             "issues": [{"id": "s0", "kind": "set", "options": [\#(options)]}, {"id": "s1", "kind": "set", "options": [\#(options)]}],
             "parties": [{"id": "p", "positions": [{"id": "r", "type": "redLine", "requires": {"issue": "s0", "sizeAtLeast": 17}}]}],
             "packages": [{"id": "k", "terms": {"s0": [], "s1": []}}]}
            """#
        let path = TestSupport.write(["sets.json": scenario]).appendingPathComponent("sets.json").path
        let lines = Mutex<[String]>([])
        var console = Console()
        console.errIsTerminal = true
        console.progress = { line in lines.withLock { $0.append(line) } }
        let code = SimulateCLI.run(arguments: ["explain", path, "--package", "k", "--max-changes", "1"], console: &console)
        #expect(code == 0)
        let shown = lines.withLock { $0 }
        // The 65,535 other values of s0, tried for p and then for the nearest viable package.
        for sought in ["winning over p", "the nearest viable package"] {
            let prefix = "explaining… \(sought), 1 change: "
            let percents = shown.filter { $0.hasPrefix(prefix) }.compactMap { Int($0.dropFirst(prefix.count).dropLast()) }
            #expect(percents.count >= 10, "\(shown)")
            #expect(percents == percents.sorted() && percents.allSatisfy { (0...100).contains($0) }, "\(shown)")
        }
        let firstNearest = try #require(shown.firstIndex { $0.contains("nearest viable") })
        #expect(!shown[firstNearest...].contains { $0.contains("winning over") }, "the party first, then the nearest viable package")
        #expect(shown.last == "")
        var quiet = Console()
        quiet.progress = { line in lines.withLock { $0.append("off a terminal: " + line) } }
        _ = SimulateCLI.run(arguments: ["explain", path, "--package", "k", "--max-changes", "1"], console: &quiet)
        #expect(!lines.withLock { $0 }.contains { $0.hasPrefix("off a terminal") })
    }

    /// The refusal of issues with too many values counts and lists the same thing: the values
    /// other than the package's own terms.
    @Test func explainRefusesTooManyValuesCountingWhatItLists() throws {
        let scenario = #"""
            {"format": 1, "asOf": "2030-01-01",
             "issues": [{"id": "x", "kind": "number", "min": 0, "max": 9999999, "step": 1},
                        {"id": "y", "kind": "number", "min": 0, "max": 9999999, "step": 1},
                        {"id": "z", "kind": "number", "min": 0, "max": 99, "step": 1}],
             "parties": [{"id": "p", "threshold": 1, "positions": []}],
             "packages": [{"id": "k", "terms": {"x": 0, "y": 0, "z": 0}}]}
            """#
        let path = TestSupport.write(["grids.json": scenario]).appendingPathComponent("grids.json").path
        let r = TestSupport.run(["explain", path, "--package", "k"])
        #expect(r.code == 1)
        let text = r.err.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // 9,999,999 + 9,999,999 + 99, over the limit of 20,000,000 by 97.
        #expect(text.contains("have 20,000,097 values other than the package's terms between them"), "\(text)")
        #expect(text.contains("(the issues with most: x (9,999,999), y (9,999,999), z (99))"), "\(text)")
    }

    /// An issue explain cannot vary is named when it says that nothing at all works.
    @Test func explainNamesTheIssuesItKeeps() throws {
        let scenario = #"""
            {"format": 1, "asOf": "2030-01-01", "issues": [{"id": "n", "kind": "number", "min": 0, "max": 10}],
             "parties": [{"id": "p", "positions": [{"id": "r", "type": "redLine", "requires": {"issue": "n", "atLeast": 5}}]}],
             "packages": [{"id": "k", "terms": {"n": 0}}, {"id": "ok", "terms": {"n": 7}}]}
            """#
        let path = TestSupport.write(["nostep.json": scenario]).appendingPathComponent("nostep.json").path
        let r = try TestSupport.runBinary(["explain", path, "--package", "k"])
        #expect(r.code == 0)
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "No terms at all win p over: p's red line r, broken now, reads only n, which explain cannot change (keeping n at the package's term: "
                    + "search cannot enumerate a number issue without a step).")
        )
    }

    /// A broken red line over an issue with one term: no change can meet it, at any
    /// --max-changes, and explain names the red line and the issue.
    @Test func explainNamesARedLineNoChangeCanReach() throws {
        let scenario = #"""
            {"format": 1, "title": "t", "asOf": "2030-01-01",
             "issues": [{"id": "one", "kind": "choice", "options": ["only"]}, {"id": "a", "kind": "choice", "options": ["x", "y"]}],
             "parties": [{"id": "r", "positions": [{"id": "ro", "type": "redLine", "forbids": {"issue": "one", "is": "only"}}]}],
             "packages": [{"id": "k", "terms": {"one": "only", "a": "x"}}]}
            """#
        let path = TestSupport.write(["one.json": scenario]).appendingPathComponent("one.json").path
        for max in ["1", "3"] {
            let r = TestSupport.run(["explain", path, "--package", "k", "--max-changes", max])
            let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(
                flat.contains(
                    "No terms at all win r over: r's red line ro, broken now, reads only one, which explain cannot change (it has no other term)."))
            let json = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(TestSupport.run(["explain", path, "--package", "k", "--max-changes", max, "--format", "json"]).out.utf8))
                    as? [String: Any])
            #expect((json["parties"] as? [[String: Any]])?.first?["leastChanges"] as? Int == 2)
        }
    }

    @Test func explainNeedsAPackage() throws {
        let r = try TestSupport.runBinary(["explain", "Scenarios/tutorial.json"])
        #expect(r.code == 64)
        #expect(r.err.contains("needs '--package ID'"))
    }
}
