import Foundation
import Testing

@testable import SimulateKit

/// `simulate diff` run in-process, on the shipped tutorial and a what-if beside a copy of it.
struct DiffCommandTests {
    /// A folder holding a copy of the tutorial, its sources, and `june.json`, which extends it
    /// and moves the date past 10 June (two Southland red lines lapse, a third begins).
    static func tutorialAndJune() throws -> (base: String, whatIf: String) {
        let folder = TestSupport.write([
            "june.json": #"{"format": 1, "extends": "tutorial.json", "title": "The Harbour talks in June", "asOf": "2031-06-15"}"#
        ])
        let scenarios = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        for name in ["tutorial.json", "tutorial-sources"] {
            try FileManager.default.copyItem(at: scenarios.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return (scenarios.appendingPathComponent("tutorial.json").path, folder.appendingPathComponent("june.json").path)
    }

    @Test func comparesTheTutorialWithAJuneWhatIf() throws {
        let (base, whatIf) = try Self.tutorialAndJune()
        let r = TestSupport.run(["diff", base, whatIf])
        #expect(r.code == 0)
        #expect(r.err.isEmpty)
        #expect(r.out.hasPrefix("A  Tutorial: the Harbour talks (invented)\n"))
        #expect(r.out.contains("4 packages in both: 2 changed, 2 moved without a flip, 0 unchanged · 0 only in A · 0 only in B\n"))
        #expect(r.out.contains("river-deal       NO → ? no       southland\n"))
        #expect(
            r.out.contains(
                // The score ranges, which keep the verdict uncertain; the threshold below them
                // when the line would pass 100 columns.
                "  southland       REJECT    → ? reject   score 0.54 (0.50–0.57) → 0.54 (0.50–0.57)\n"
                    + "    (threshold 0.40–0.60)\n"
                    + "    · red line keep-old-line, violated in A only: not active on 2031-06-15 in B (held until\n"
                    + "        2031-06-10)\n"
                    + "        forbids border is river-line\n"))
        #expect(r.out.contains("    · red line no-borea-disputed, violated in B only: not active on 2031-04-02 in A (held from\n"))
        // A package with flips also shows the parties that moved without one.
        #expect(r.out.contains("  moved without a flip: northland stays accept: score 0.79 → 0.83\n"))
        // Nothing flips on these two, but June moves Northland's scores and lifts a red line.
        #expect(
            r.out.hasSuffix(
                "\nmoved without a flip (scores, thresholds or broken red lines):\n"
                    + "  status-quo: northland stays REJECT: score 0.39 → 0.49\n"
                    + "  bare-river-line: northland stays REJECT: score 0.40 → 0.33; southland stays REJECT: red line no\n"
                    + "      longer broken: keep-old-line\n"))
        #expect(!r.out.contains("\u{1B}["))
        #expect((r.out.split(separator: "\n").map(\.count).max() ?? 0) <= 100)
    }

    @Test(arguments: ["text", "json", "markdown"])
    func everyFormatIsDeterministic(format: String) throws {
        let (base, whatIf) = try Self.tutorialAndJune()
        let first = TestSupport.run(["diff", base, whatIf, "--format", format])
        let second = TestSupport.run(["diff", base, whatIf, "--format", format])
        #expect(first.code == 0)
        #expect(first.out == second.out)
        switch format {
        case "json": #expect(try JSONSerialization.jsonObject(with: Data(first.out.utf8)) is [String: Any])
        case "markdown":
            #expect(
                first.out.contains(
                    "| package | viable in A | viable in B | parties that flip |\n|---|---|---|---|\n"
                        + "| river-deal | **no** | ? no | southland: **REJECT** → ? reject |\n"))
        default: break
        }
    }

    @Test func aScenarioComparedWithItselfIsUnchanged() throws {
        let tutorial = TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json").path
        let r = TestSupport.run(["diff", tutorial, tutorial])
        #expect(r.code == 0)
        #expect(
            r.out.hasSuffix(
                "4 packages in both: 0 changed, 4 unchanged · 0 only in A · 0 only in B\n\n"
                    + "unchanged: status-quo, river-deal, joint-zone-deal, bare-river-line\n"))
    }

    @Test func asOfAndPackageApplyToBoth() throws {
        let (base, whatIf) = try Self.tutorialAndJune()
        let r = TestSupport.run(["diff", base, whatIf, "--as-of", "2031-06-15", "--package", "river-deal", "--package", "status-quo"])
        #expect(r.code == 0)
        #expect(r.out.contains("as of 2031-06-15\nB"))
        #expect(
            r.out.hasSuffix(
                "2 packages in both: 0 changed, 2 unchanged · 0 only in A · 0 only in B\n\n"
                    + "unchanged: status-quo, river-deal\n"))
    }

    @Test(arguments: [
        (["diff"], "Error: Missing the two scenario files to compare."),
        (["diff", "a.json"], "Error: Missing the second scenario file"),
        (["diff", "a.json", "b.json", "c.json"], "Error: Unexpected argument 'c.json'"),
        (["diff", "a.json", "b.json", "--fromat", "json"], "Error: Unknown option '--fromat'. Did you mean '--format'?"),
        (["diff", "a.json", "b.json", "--format", "jsn"], "Error: Unknown format 'jsn'; use text, json or markdown. Did you mean 'json'?"),
    ])
    func usageMistakesExitWith64(arguments: [String], message: String) {
        let r = TestSupport.run(arguments)
        #expect(r.code == 64)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix(message))
        #expect(r.err.contains("\nUsage: simulate diff <a.json> <b.json>"))
        #expect(r.err.hasSuffix("See 'simulate help diff' for more information.\n"))
        #expect(r.err.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test func anUnknownPackageIsAUsageErrorWithASuggestion() throws {
        let (base, whatIf) = try Self.tutorialAndJune()
        let r = TestSupport.run(["diff", base, whatIf, "--package", "river-dael"])
        #expect(r.code == 64)
        // Wrapped at 100 columns, like every message.
        let flat = r.err.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("There is no package 'river-dael' in '\(base)' or '\(whatIf)'. Did you mean 'river-deal'?"))
        #expect(r.err.split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test func partyShowsOnlyThatPartysFlipsAndMoves() throws {
        let (base, whatIf) = try Self.tutorialAndJune()
        let all = TestSupport.run(["diff", base, whatIf])
        let r = TestSupport.run(["diff", base, whatIf, "--party", "northland"])
        #expect(r.code == 0)
        #expect(r.out.contains("Parties shown: northland (viability still counts every party a package needs)."))
        // The quiet report for northland says that others flip, and where.
        let flat = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("unchanged for the parties shown"))
        #expect(flat.contains("Parties not shown flip on 2 packages: river-deal (southland), joint-zone-deal (southland); run without --party"))
        #expect(!all.out.contains("Parties not shown") && !all.out.contains("for the parties shown"))
        #expect(r.out.split(separator: "\n").allSatisfy { $0.count <= 100 })
        // river-deal's viability still flips, though southland, whose flip moves it, is not shown.
        #expect(all.out.contains("river-deal       NO → ? no       southland\n"))
        #expect(r.out.contains("river-deal  NO → ? no       —\n"))
        #expect(r.out.contains("  no shown party's verdict changed\n"))
        #expect(!r.out.contains("southland stays") && !r.out.contains("  southland "))
        #expect(r.out.contains("  bare-river-line: northland stays REJECT: score 0.40 → 0.33\n"))
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(TestSupport.run(["diff", base, whatIf, "--party", "northland", "--format", "json"]).out.utf8)) as? [String: Any])
        #expect(json["partiesShown"] as? [String] == ["northland"])
        let flips = (json["packages"] as? [[String: Any]] ?? []).map { $0["flippedNotShown"] as? [String] }
        #expect(flips == [[], ["southland"], ["southland"], []])
        let everyone = try #require(
            try JSONSerialization.jsonObject(with: Data(TestSupport.run(["diff", base, whatIf, "--format", "json"]).out.utf8)) as? [String: Any])
        #expect(everyone["partiesShown"] is NSNull)
    }

    @Test func anUnknownPartyIsAUsageErrorAndNoReportIsPrinted() throws {
        let (base, whatIf) = try Self.tutorialAndJune()
        // The June what-if prints a date note before its report; a usage error prints neither.
        let r = TestSupport.run(["diff", base, whatIf, "--party", "nortland", "--as-of", "2031-01-01"])
        #expect(r.code == 64)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("Error: There is no party 'nortland' in "))
        #expect(r.err.contains("Did you mean 'northland'?"))
    }

    @Test func aMissingFileExitsWith66AndAnInvalidOneWith65() throws {
        let tutorial = TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json").path
        let missing = TestSupport.run(["diff", tutorial, "/nonexistent/what-if.json"])
        #expect(missing.code == 66)
        #expect(missing.out.isEmpty)
        let folder = TestSupport.write(["bad.json": #"{"format": 1, "issues": "none"}"#])
        let invalid = TestSupport.run(["diff", folder.appendingPathComponent("bad.json").path, tutorial])
        #expect(invalid.code == 65)
        #expect(invalid.err.contains("bad.json: "))
    }

    @Test func helpNamesTheCommand() {
        let help = TestSupport.run(["diff", "--help"])
        #expect(help.code == 0)
        #expect(help.out.hasPrefix("OVERVIEW: Compare the same packages under two scenarios"))
        #expect(TestSupport.run(["help", "diff"]).out == help.out)
        #expect(TestSupport.run(["--help"]).out.contains("\n  diff                    Compare two scenarios: what flips, and why.\n"))
    }
}
