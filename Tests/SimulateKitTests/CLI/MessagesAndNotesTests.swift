import Foundation
import Testing

@testable import SimulateKit

/// What a newcomer reads: suggestions for misspelt commands and ids, the options an issue takes,
/// and a package's own description, note and evidence in every format.
struct MessagesAndNotesTests {
    static let shipped = TestSupport.packageRoot.appendingPathComponent("Scenarios/russia-ukraine-2022.json").path

    @Test func aMisspeltCommandSuggestsTheCommand() {
        let r = TestSupport.run(["serach", Self.shipped])
        #expect(r.code == SimulateCLI.ExitCode.usage)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("Error: There is no command 'serach', and no file of that name. Did you mean 'search'?"))
        // Alone, too.
        let alone = TestSupport.run(["serach"])
        #expect(alone.code == SimulateCLI.ExitCode.usage)
        #expect(alone.err.contains("Did you mean 'search'?"))
        // A scenario file name that resembles no command is still read as one.
        let missing = TestSupport.run(["no-such-file.json"])
        #expect(missing.code == SimulateCLI.ExitCode.unreadableFile)
        // A word like no command, then a scenario: a command that does not exist, with the list.
        let evaluate = TestSupport.run(["evaluate", Self.shipped])
        #expect(evaluate.code == SimulateCLI.ExitCode.usage)
        #expect(evaluate.out.isEmpty)
        #expect(evaluate.err.hasPrefix("Error: There is no command 'evaluate', and no file of that name. The commands: check, search,"))
        #expect(evaluate.err.contains("a scenario with no command is evaluated: simulate SCENARIO.json."))
        // `evaluate` alone, the help's word for what no command does, is read as a command too.
        let evaluateAlone = TestSupport.run(["evaluate"])
        #expect(evaluateAlone.code == SimulateCLI.ExitCode.usage)
        #expect(evaluateAlone.err.hasPrefix("Error: There is no command 'evaluate'"))
        // Any other bare word alone is a scenario file that is not there.
        #expect(TestSupport.run(["scenario"]).code == SimulateCLI.ExitCode.unreadableFile)
    }

    @Test func anIdSuggestsTheOneIdItBegins() {
        #expect(NameSuggestion.nearest(to: "istanbul", in: ["istanbul-proposal", "ukraine-2023-plan"]) == "istanbul-proposal")
        #expect(NameSuggestion.nearest(to: "Istanbul", in: ["istanbul-proposal"]) == "istanbul-proposal")
        // Two candidates begin with it: no guess.
        #expect(NameSuggestion.nearest(to: "united", in: ["united-states", "united-kingdom"]) == nil)
        // Too short to mean anything.
        #expect(NameSuggestion.nearest(to: "un", in: ["united-states"]) == nil)
        // A near spelling still wins over a prefix.
        #expect(NameSuggestion.nearest(to: "russa", in: ["russia", "russa-extra"]) == "russia")
        let r = TestSupport.run([Self.shipped, "--package", "istanbul"])
        #expect(r.code == SimulateCLI.ExitCode.usage)
        let flat = r.err.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("There is no package 'istanbul' in"))
        #expect(flat.contains("Did you mean 'istanbul-proposal'?"))
        // The long path is wrapped: every line of the message fits 100 columns.
        for line in r.err.split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
    }

    /// A name in the wrong case suggests the name, also where it is too short for an edit to
    /// count (`A`) or begins several names (`RUSSIA`, with `russia-backed`).
    @Test func aNameInTheWrongCaseSuggestsTheName() {
        #expect(NameSuggestion.nearest(to: "A", in: ["a", "b"]) == "a")
        #expect(NameSuggestion.nearest(to: "RUSSIA", in: ["russia-backed", "russia"]) == "russia")
        #expect(NameSuggestion.nearest(to: "--Top", in: ["--tolerance", "--top"]) == "--top")
        let folder = TestSupport.write(["s.json": TestSupport.miniScenario(parties: "[]")])
        let fix = TestSupport.run(["search", folder.appendingPathComponent("s.json").path, "--fix", "A=x"])
        #expect(fix.code == SimulateCLI.ExitCode.usage)
        #expect(fix.err.hasPrefix("Error: There is no issue 'A' to fix. Did you mean 'a'?"), "\(fix.err)")
        let top = TestSupport.run(["search", "Scenarios/tutorial.json", "--Top", "3"])
        #expect(top.err.hasPrefix("Error: Unknown option '--Top'. Did you mean '--top'?"), "\(top.err)")
    }

    @Test func aFixWithAnUnknownOptionListsTheIssuesOptions() {
        let r = TestSupport.run(["search", "Scenarios/tutorial.json", "--fix", "fishery=banned"])
        #expect(r.code == SimulateCLI.ExitCode.usage)
        #expect(r.err.contains("'banned' is not an option of 'fishery'. Its options: open, quota, closed."))
        // A near spelling is suggested, and the options are still listed.
        // A set member named twice is refused, as in a package's terms.
        let twice = TestSupport.run(["search", "Scenarios/tutorial.json", "--fix", "guarantors=aria,aria"])
        #expect(twice.code == SimulateCLI.ExitCode.usage)
        #expect(twice.err.contains("'aria' is listed twice in '--fix guarantors=aria,aria'."))
        #expect(TestSupport.run(["search", "Scenarios/tutorial.json", "--fix", "guarantors=aria,borea", "--top", "1"]).code == 0)
        let near = TestSupport.run(["search", "Scenarios/tutorial.json", "--fix", "fishery=quot"])
        #expect(near.err.contains("'quot' is not an option of 'fishery'. Did you mean 'quota'? Its options: open, quota, closed."))
    }

    /// Free text with line breaks keeps the report's indentation: each line starts under the
    /// package's name, not at column 0.
    @Test func aDescriptionWithLineBreaksStaysIndented() {
        let folder = TestSupport.write([
            "d.json": TestSupport.miniScenario(
                parties: #"[{"id": "north", "positions": []}]"#,
                packages: #"[{"id": "deal", "description": "First paragraph.\nSecond paragraph.\tTabbed.", "terms": {"a": "x", "n": 0, "s": []}}]"#)
        ])
        let r = TestSupport.run([folder.appendingPathComponent("d.json").path])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("deal\n  First paragraph.\n  Second paragraph. Tabbed.\n"))
    }

    /// A scenario whose package carries a description, a note and two quotes, dated after the
    /// evaluation date.
    static func packageWithNotes() -> String {
        let folder = TestSupport.write([
            "sources/a.txt": "The parties said the deal is fair. Later they said the deal is final.",
            "deal.json": """
            {"format": 1, "title": "Notes", "asOf": "2030-01-01", "sources": "sources",
             "issues": [{"id": "x", "kind": "choice", "options": ["a", "b"], "default": "a"}],
             "parties": [{"id": "p", "threshold": 0,
               "positions": [{"id": "likes-a", "type": "demand", "weight": 1, "issue": "x", "values": {"a": 1},
                 "evidence": [{"source": "a.txt", "quote": "the deal is fair", "date": "2031-05-01"}]}]}],
             "packages": [{"id": "deal", "label": "The deal", "description": "What was on the table.",
               "note": "Only x is reported.", "terms": {"x": "a"},
               "evidence": [{"source": "a.txt", "quote": "the deal is fair", "note": "First."},
                            {"source": "a.txt", "quote": "the deal is final"}]}]}
            """,
        ])
        return folder.appendingPathComponent("deal.json").path
    }

    @Test func aPackagesDescriptionNoteAndEvidenceAppearInEveryFormat() throws {
        let path = Self.packageWithNotes()
        let text = TestSupport.run([path])
        #expect(text.code == 0)
        #expect(text.out.contains("deal — The deal\n  What was on the table.\n  note: Only x is reported.\n  terms: x a\n"))
        #expect(text.out.contains("“the deal is fair” — a.txt (note: First.)"))
        #expect(text.out.contains("“the deal is final” — a.txt"))
        // The date note stands at the top of the text report, so a saved report keeps it.
        #expect(text.out.hasPrefix("Note: 2030-01-01 is before every dated quote in the model"))
        #expect(!text.err.contains("Note:"))

        let markdown = TestSupport.run([path, "--format", "markdown"]).out
        #expect(markdown.contains("## deal — The deal\n\nWhat was on the table.\n\nNote: Only x is reported.\n\n"))
        #expect(markdown.contains("Evidence for its terms:\n- “the deal is fair” — a.txt (note: First.)\n- “the deal is final” — a.txt\n"))
        #expect(markdown.contains("> Note: 2030-01-01 is before every dated quote in the model"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(TestSupport.run([path, "--format", "json"]).out.utf8)) as? [String: Any])
        let package = try #require((json["packages"] as? [[String: Any]])?.first)
        #expect(package["description"] as? String == "What was on the table.")
        #expect(package["note"] as? String == "Only x is reported.")
        let evidence = try #require(package["evidence"] as? [[String: Any]])
        #expect(evidence.map { $0["quote"] as? String } == ["the deal is fair", "the deal is final"])
        #expect(evidence[0]["note"] as? String == "First.")
        let notes = try #require(json["notes"] as? [String])
        #expect(notes.count == 1)
        #expect(notes.first?.hasPrefix("2030-01-01 is before every dated quote") == true)
    }

    /// Free text in Markdown reads as written: what would open emphasis, code, a link, HTML, an
    /// entity or a block, or end a table cell, is escaped; what cannot (an underscore inside a
    /// word, `<` before a space) is left alone, so the source stays readable.
    @Test func markdownEscapesWhatWouldNotReadAsWritten() {
        let e = MarkdownReport.escape
        #expect(e("a *b* `c` [d](e) | f ~g~ \\ h") == ##"a \*b\* \`c\` \[d\](e) \| f \~g\~ \\ h"##)
        #expect(e("<b>x</b> <!-- c --> 0.36 < 0.45 <http://x>") == ##"\<b>x\</b> \<!-- c --> 0.36 < 0.45 \<http://x>"##)
        #expect(e("_emph_ and 001_39a8.txt and x_ _y") == ##"\_emph\_ and 001_39a8.txt and x\_ \_y"##)
        #expect(e("R&D, &amp; and &#38;") == ##"R&D, \&amp; and \&#38;"##)
        #expect(e("two\nlines\r\nand\rmore") == "two lines and more")
        // Only a first character opens a block.
        for (text, escaped) in [
            ("# not a heading", ##"\# not a heading"##), ("> not a quote", ##"\> not a quote"##), ("- not a list", ##"\- not a list"##),
            ("+ no", ##"\+ no"##), ("1. not a list", ##"1\. not a list"##), ("2022) no", ##"2022\) no"##), ("2022 is a year", "2022 is a year"),
            ("a - b > c", "a - b > c"),
        ] {
            #expect(e(text) == escaped)
        }
        #expect(MarkdownReport.code("a.json") == "`a.json`")
        #expect(MarkdownReport.code("a`b``c.json") == "``` a`b``c.json ```")

        let folder = TestSupport.write([
            "sources/a.txt": "He said *never* and [1] meant <b>no</b>.",
            "deal.json": """
            {"format": 1, "title": "The *real* deal", "sources": "sources",
             "issues": [{"id": "x", "kind": "choice", "options": ["a", "b"]}],
             "parties": [{"id": "p", "threshold": 0.5,
               "positions": [{"id": "never-b", "type": "redLine", "forbids": {"issue": "x", "is": "b"},
                 "evidence": [{"source": "a.txt", "quote": "He said *never* and [1] meant <b>no</b>."}]}]}],
             "packages": [{"id": "deal", "label": "A | B", "description": "# Draft\\nsecond _line_", "terms": {"x": "b"}}]}
            """,
        ])
        let r = TestSupport.run([folder.appendingPathComponent("deal.json").path, "--format", "markdown"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("# The \\*real\\* deal\n"))
        #expect(r.out.contains("## deal — A \\| B\n\n\\# Draft second \\_line\\_\n"))
        #expect(r.out.contains(##"“He said \*never\* and \[1\] meant \<b>no\</b>.” — a.txt"##))
    }

    /// The text shows two quotes of a reason and says where the rest are; Markdown and JSON
    /// have them all.
    @Test func theTextNamesWhereAReasonsOtherQuotesAre() throws {
        let folder = TestSupport.write([
            "sources/a.txt": "One. Two. Three. Four.",
            "q.json": """
            {"format": 1, "sources": "sources",
             "issues": [{"id": "x", "kind": "choice", "options": ["a", "b"]}],
             "parties": [{"id": "p", "positions": [{"id": "never-b", "type": "redLine", "forbids": {"issue": "x", "is": "b"},
               "evidence": [{"source": "a.txt", "quote": "One."}, {"source": "a.txt", "quote": "Two."},
                            {"source": "a.txt", "quote": "Three."}, {"source": "a.txt", "quote": "Four."}]}]}],
             "packages": [{"id": "deal", "terms": {"x": "b"}}]}
            """,
        ])
        let path = folder.appendingPathComponent("q.json").path
        let text = TestSupport.run([path])
        #expect(text.out.contains("“Two.”") && !text.out.contains("“Three.”"))
        #expect(text.out.contains("(2 more quotes in --format markdown or json)"))
        let markdown = TestSupport.run([path, "--format", "markdown"]).out
        for quote in ["One.", "Two.", "Three.", "Four."] { #expect(markdown.contains("“\(quote)”")) }
        let json = TestSupport.run([path, "--format", "json"]).out
        for quote in ["One.", "Two.", "Three.", "Four."] { #expect(json.contains("\"\(quote)\"")) }
    }

    /// Every command's JSON carries the date notes, so a saved report keeps them.
    @Test func everyJSONReportCarriesTheDateNotes() throws {
        let path = Self.packageWithNotes()
        for args in [
            ["search", path], ["explain", path, "--package", "deal"], ["sensitivity", path, "--samples", "10"],
        ] {
            let r = TestSupport.run(args + ["--format", "json"])
            #expect(r.code == 0, "\(args): \(r.err)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
            let notes = try #require(json["notes"] as? [String], "\(args)")
            #expect(notes.first?.hasPrefix("2030-01-01 is before every dated quote") == true, "\(args)")
        }
        let diff = TestSupport.run(["diff", path, path, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as? [String: Any])
        let notes = try #require(json["notes"] as? [String: [String]])
        #expect(notes["a"]?.count == 1 && notes["b"]?.count == 1)
    }

    /// Every command's text report carries the date notes at its top (a saved report keeps
    /// them), and the evaluation says under the party that it accepts only by default.
    @Test func everyTextReportCarriesTheDateNotes() throws {
        let folder = TestSupport.write([
            "sources/a.txt": "We reject b.",
            "late.json": """
            {"format": 1, "title": "Late", "asOf": "2030-01-01", "sources": "sources",
             "issues": [{"id": "x", "kind": "choice", "options": ["a", "b"], "default": "b"}],
             "parties": [{"id": "p", "threshold": 0,
               "positions": [{"id": "no-b", "type": "redLine", "forbids": {"issue": "x", "is": "b"}, "since": "2030-06-01",
                 "evidence": [{"source": "a.txt", "quote": "We reject b."}]}]}],
             "packages": [{"id": "deal", "terms": {"x": "b"}}]}
            """,
        ])
        let path = folder.appendingPathComponent("late.json").path
        let note = "Note: p holds no position on 2030-01-01: its positions begin 2030-06-01, so it accepts by default.\n\n"
        for args in [[path], ["search", path], ["explain", path, "--package", "deal"], ["sensitivity", path, "--samples", "10"]] {
            let r = TestSupport.run(args)
            #expect(r.code == 0, "\(args): \(r.err)")
            #expect(r.out.hasPrefix(note), "\(args): \(r.out)")
            #expect(r.err.isEmpty, "\(args): \(r.err)")
        }
        let evaluation = TestSupport.run([path]).out
        #expect(evaluation.contains("\n  p              accept     score 1.00"))
        #expect(evaluation.contains("\n    no position yet on 2030-01-01: its positions begin 2030-06-01, so it accepts by default\n"))
        #expect(!TestSupport.run([path, "--as-of", "2030-06-01"]).out.contains("no position yet"))
        let diff = TestSupport.run(["diff", path, path])
        #expect(diff.out.hasPrefix("Note (\(path)): p holds no position"), "\(diff.out)")
        // JSON keeps them in its `notes`, and a watcher sees them on standard error.
        #expect(TestSupport.run([path, "--format", "json"]).err.hasPrefix("Note: p holds no position"))
    }

    @Test func notesOnStandardErrorFitOneHundredColumns() {
        let r = TestSupport.run([Self.shipped, "--as-of", "2021-01-01", "--package", "istanbul-proposal", "--format", "json"])
        #expect(r.code == 0)
        #expect(r.err.contains("Note: "))
        for line in r.err.split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
    }
}
