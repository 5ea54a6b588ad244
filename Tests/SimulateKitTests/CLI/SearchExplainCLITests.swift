import Foundation
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
    }

    @Test func searchAroundAPackageOnTheShippedModelFindsUncertainDeals() throws {
        let r = try TestSupport.runBinary([
            "search", "Scenarios/russia-ukraine-2022.json", "--around", "istanbul-proposal",
            "--vary", "alignment", "--vary", "guarantors", "--vary", "crimea-status", "--format", "json",
        ])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect((json["uncertain"] as? Int ?? 0) > 0)
    }

    @Test func aSpaceOverTheLimitIsRefusedWithAdvice() throws {
        let r = try TestSupport.runBinary(["search", "Scenarios/russia-ukraine-2022.json", "--limit", "1000"])
        #expect(r.code == 1)
        #expect(r.err.contains("more than the limit of 1,000"))
        #expect(r.err.contains("--fix"))
    }

    @Test func searchUsageErrors() throws {
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--objective", "nahs"]).err.contains("Did you mean 'nash'?"))
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--fix", "border=rivr-line"]).code == 64)
        #expect(try TestSupport.runBinary(["search", "Scenarios/tutorial.json", "--vary", "border"]).code == 64)
    }

    @Test func explainNamesTheChangeAndThePositionsBehindIt() throws {
        let r = try TestSupport.runBinary(["explain", "Scenarios/tutorial.json", "--package", "river-deal", "--party", "league"])
        #expect(r.code == 0)
        #expect(r.out.contains("• fishery: quota → open (for open-fishery)"))
    }

    @Test func explainNeedsAPackage() throws {
        let r = try TestSupport.runBinary(["explain", "Scenarios/tutorial.json"])
        #expect(r.code == 64)
        #expect(r.err.contains("needs '--package ID'"))
    }
}
