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
}
