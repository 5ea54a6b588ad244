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
        // The two ids alike for 83 characters keep their ends, which tell them apart.
        let headers = lines.filter { $0.hasPrefix("package ") }
        #expect(headers.contains { $0.contains("a-very-l…") && $0.contains("-of-it-x0") }, "\(r.out)")
        #expect(headers.contains { $0.contains("a-very-l…") && $0.contains("-of-it-x1") }, "\(r.out)")
        #expect(headers.contains { $0.contains("p0-some-long-name-of-a-party") }, "\(r.out)")
        guard command.isEmpty else { return }
        let viable = try #require(lines.firstIndex { $0.hasPrefix("  viable: NO (rejected by") })
        #expect(lines[viable + 1].hasPrefix("    a-very-long-party-identifier-that-goes-on-and-on-and-on-forever-and-ever-more-of-it-x0,"))
        #expect(lines.contains("  a-very-long-party-identifier-that-goes-on-and-on-and-on-forever-and-ever-more-of-it-x1"))
    }

    /// Cut ids stay apart: on seeded random slugs that share long starts, ends or both, every
    /// label fits its width, distinct names get distinct labels, a name that fits is kept whole,
    /// and a cut that no other cut reads the same is the plain cut (first characters and `…`).
    @Test(arguments: 0..<40)
    func cutIdsStayDistinct(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 0x5EED)
        func slug(_ count: Int) -> String { String((0..<count).map { _ in Array("ab-1")[Int(rng.next() % 4)] }) }
        let stem = slug(Int(rng.next() % 40) + 1), tail = slug(Int(rng.next() % 30))
        var names: Set<String> = []
        while names.count < Int(rng.next() % 12) + 2 {
            switch rng.next() % 4 {
            case 0: names.insert(stem + slug(Int(rng.next() % 6)))
            case 1: names.insert(slug(Int(rng.next() % 6)) + tail)
            case 2: names.insert(stem + slug(Int(rng.next() % 4)) + tail)
            default: names.insert(slug(Int(rng.next() % 50) + 1))
            }
        }
        let list = names.sorted()
        for n in [10, 12, 20, 34] {
            let labels = TextLayout.cutDistinct(list, n)
            #expect(Set(labels).count == list.count, "\(n): \(list) -> \(labels)")
            let plain = list.map { TextLayout.cut($0, n) }
            for (k, name) in list.enumerated() {
                #expect(labels[k].count <= n, "\(labels[k])")
                if name.count <= n { #expect(labels[k] == name) }
                if plain.filter({ $0 == plain[k] }).count == 1 { #expect(labels[k] == plain[k]) }
            }
        }
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
