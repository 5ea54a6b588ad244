import Foundation
import Testing

@testable import SimulateKit

/// The shape of reports whatever the scenario holds: Markdown tables whose rows all have the
/// header's number of cells, and text lines without trailing blanks.
struct ReportLayoutTests {
    /// A scenario with an issue and a package but no parties.
    static let noParties = """
        {"format": 1, "title": "no parties", "asOf": "2031-04-02",
         "issues": [{"id": "a", "kind": "choice", "options": ["x", "y"]}],
         "packages": [{"id": "p1", "terms": {"a": "x"}}]}
        """

    /// The number of cells of each row of each Markdown table in `markdown` (a table is a run
    /// of lines that start with `|`; an escaped `\|` is not a cell border).
    static func tableCellCounts(_ markdown: String) -> [[Int]] {
        var tables: [[Int]] = []
        var inTable = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                inTable = false
                continue
            }
            let borders = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if inTable { tables[tables.count - 1].append(borders - 1) } else { tables.append([borders - 1]) }
            inTable = true
        }
        return tables
    }

    @Test(arguments: [[], ["search"], ["sensitivity"]])
    func markdownTablesOfAScenarioWithoutPartiesAreWellFormed(command: [String]) throws {
        let folder = TestSupport.write(["s.json": Self.noParties])
        let r = TestSupport.run(command + [folder.appendingPathComponent("s.json").path, "--format", "markdown"])
        #expect(r.code == 0, "\(r.err)")
        let tables = Self.tableCellCounts(r.out)
        #expect(!tables.isEmpty)
        for table in tables { #expect(Set(table).count == 1, "\(table)\n\(r.out)") }
        #expect(!r.out.contains("()"), "\(r.out)")
    }

    @Test(arguments: [[], ["search"], ["sensitivity"], ["explain", "--package", "p1"]])
    func textOfAScenarioWithoutPartiesHasNoTrailingBlanks(command: [String]) throws {
        let folder = TestSupport.write(["s.json": Self.noParties])
        let r = TestSupport.run(command + [folder.appendingPathComponent("s.json").path])
        #expect(r.code == 0, "\(r.err)")
        for line in r.out.split(separator: "\n") { #expect(line.last != " ", "'\(line)'") }
        #expect(!r.out.contains("()"), "\(r.out)")
    }

    /// Ten parties that all reject the one package, two of them with ids longer than a column.
    static var longIds: String {
        let long = "a-very-long-party-identifier-that-goes-on-and-on-and-on-forever-and-ever-more-of-it"
        let ids = [long + "-x0", long + "-x1"] + (0..<8).map { "p\($0)-some-long-name-of-a-party" }
        let parties = ids.map { #"{"id": "\#($0)", "positions": [{"id": "r", "type": "redLine", "requires": {"issue": "a", "is": "y"}}]}"# }
        return """
            {"format": 1, "title": "long ids", "asOf": "2031-04-02",
             "issues": [{"id": "a", "kind": "choice", "options": ["x", "y"]}],
             "parties": [\(parties.joined(separator: ",\n"))],
             "packages": [{"id": "pkg-with-a-rather-long-identifier-too-long-for-the-column", "terms": {"a": "x"}}]}
            """
    }

    /// Party ids longer than a column are cut with "…" in the matrix, as package ids are, and a
    /// long `viable: NO (rejected by …)` is wrapped with a hanging indent: every line fits the
    /// 100 columns, and the details still name each party in full.
    @Test(arguments: [[], ["sensitivity"]])
    func longIdsAreCutOrWrappedToTheWidth(command: [String]) throws {
        let folder = TestSupport.write(["s.json": Self.longIds])
        let r = TestSupport.run(command + [folder.appendingPathComponent("s.json").path])
        #expect(r.code == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 100, "\(line.count): \(line)") }
        #expect(lines.contains { $0.hasPrefix("package ") && $0.contains("a-very-long-party-identifier-that…") }, "\(r.out)")
        guard command.isEmpty else { return }
        let viable = try #require(lines.firstIndex { $0.hasPrefix("  viable: NO (rejected by") })
        #expect(lines[viable + 1].hasPrefix("    a-very-long-party-identifier-that-goes-on-and-on-and-on-forever-and-ever-more-of-it-x0,"))
        #expect(lines.contains("  a-very-long-party-identifier-that-goes-on-and-on-and-on-forever-and-ever-more-of-it-x1"))
    }

    /// Search ranks on midpoint scores, and its headings say so, within 100 columns.
    @Test(arguments: ["nash", "maxmin", "welfare"])
    func searchHeadingsSayTheRankingReadsMidpoints(objective: String) throws {
        let folder = TestSupport.write(["s.json": Self.noParties])
        let path = folder.appendingPathComponent("s.json").path
        let r = TestSupport.run(["search", path, "--objective", objective])
        #expect(r.code == 0, "\(r.err)")
        // With no party, the one issue is inert: one deal, listed once.
        let heading = try #require(r.out.split(separator: "\n").first { $0.hasPrefix("The best package by ") })
        #expect(heading.hasSuffix(" at midpoints, over the parties each needs:"), "\(heading)")
        // One package walked: no deal stands for two, and no word of folding.
        #expect(!r.out.contains("one package per deal"))
        #expect(heading.count <= 100)
        let markdown = TestSupport.run(["search", path, "--objective", objective, "--format", "markdown"])
        #expect(
            markdown.out.split(separator: "\n").contains { $0.hasPrefix("## Best by ") && $0.hasSuffix(" at midpoints, over the parties each needs") }
        )
        let nearest = TestSupport.run(["search", "Scenarios/tutorial.json", "--as-of", "2031-06-10", "--objective", objective])
        let flat = nearest.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            flat.contains(
                "The 10 uncertain packages nearest to viable, by least margin, min (score − threshold) at midpoints, over the parties each needs:"
            ))
    }
}
