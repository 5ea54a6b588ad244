import Foundation
import Testing

@testable import SimulateKit

/// How the loader names standard input, where relative paths are taken from, and what
/// `extends` may name.
struct ScenarioLoaderTests {
    /// Standard input is `<stdin>` in messages; a file named `stdin` keeps its own name.
    @Test func standardInputIsNamedApartFromAFileNamedStdin() {
        for path in ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"] {
            #expect(ScenarioLoader.isStandardInput(path))
            #expect(ScenarioLoader.displayName(path) == "<stdin>")
        }
        for path in ["stdin", "./stdin", "/dev/fd/63", "-.json"] {
            #expect(!ScenarioLoader.isStandardInput(path))
            #expect(ScenarioLoader.displayName(path) == path)
        }
    }

    /// A descriptor path (what `<(…)` gives) has no folder of its own: its relative paths, like
    /// those of standard input, are taken from the current folder.
    @Test(arguments: [nil, "/dev/fd/63", "/proc/self/fd/5"])
    func descriptorPathsResolveAgainstTheCurrentFolder(path: String?) {
        let folder = ScenarioLoader.folderForRelativePaths(of: path)
        #expect(folder.standardizedFileURL.path == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path)
    }

    @Test func aFileResolvesAgainstItsOwnFolder() {
        #expect(ScenarioLoader.folderForRelativePaths(of: "/tmp/what-ifs/a.json").path == "/tmp/what-ifs")
        #expect(ScenarioLoader.folderForRelativePaths(of: "/dev/fdx/a.json").path == "/dev/fdx")
    }

    /// `extends` naming standard input, directly or by a relative path to `/dev/stdin`, is an
    /// error located at the value, not a read of input already consumed.
    @Test func extendsCannotNameStandardInput() throws {
        let folder = TestSupport.temporaryFolder()
        let up = String(repeating: "../", count: folder.standardizedFileURL.pathComponents.count - 1)
        for target in ["-", "/dev/stdin", "/dev/fd/0", up + "dev/stdin"] {
            let result = TestSupport.load("{\"format\": 1,\n  \"extends\": \"\(target)\",\n  \"title\": \"t\"}")
            #expect(result.scenario == nil)
            #expect(!result.unreadableFile)
            let error = try #require(result.diagnostics.first { $0.severity == .error })
            #expect(error.code == "invalid-extends", "\(target)")
            #expect(error.location.line == 2 && error.location.column == 14)
            #expect(error.message.contains("standard input can only be the scenario named on the command line"))
            #expect(result.diagnostics.filter { $0.severity == .error }.count == 1)
        }
    }
}

/// Messages that name the real mistake (findings of a review of the format contract).
struct PreciseMessageTests {
    @Test func aUTF16ScenarioIsNamedAsUTF16() throws {
        let folder = TestSupport.temporaryFolder()
        let url = folder.appendingPathComponent("wide.json")
        try Data([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]).write(to: url)
        let r = ScenarioLoader.load(path: url.path)
        #expect(r.diagnostics.map(\.message) == ["The file is UTF-16 text (it begins with a UTF-16 byte-order mark); save it as UTF-8."])
    }

    @Test func anOptionWrittenAsANumberSaysWhatAnOptionIs() {
        let r = TestSupport.load(#"{"format": 1, "issues": [{"id": "x", "kind": "choice", "options": ["a", 3]}], "parties": []}"#)
        #expect(r.diagnostics.contains { $0.message == "An option is an id such as \"neutral\" or an object with an 'id', not a number." })
    }

    @Test func aZeroWeightIsToldTheLowerBoundIsExclusive() {
        let r = TestSupport.load(
            #"{"format": 1, "issues": [{"id": "x", "kind": "choice", "options": ["a"]}], "parties": [{"id": "p", "positions": [{"id": "d", "type": "demand", "weight": 2000000, "wants": {"issue": "x", "is": "a"}}]}]}"#
        )
        #expect(r.diagnostics.contains { $0.message.hasPrefix("The weight must be greater than 0 and at most 1000000, not 2000000") })
    }

    @Test func anAllPredicateTakesAn() {
        let r = TestSupport.load(
            #"{"format": 1, "issues": [{"id": "x", "kind": "choice", "options": ["a"]}], "parties": [{"id": "p", "required": {"all": [], "issue": "x"}}]}"#
        )
        #expect(r.diagnostics.contains { $0.message.hasPrefix("An 'all' predicate has one key") })
    }

    /// From −1e308 to 1e308, max − min overflows (and so would the grid's values): that is
    /// said, not "a step … gives more than 10 million values".
    @Test func aRangeWiderThanADoubleIsToldSo() throws {
        let r = TestSupport.load(
            #"{"format": 1, "issues": [{"id": "c", "kind": "number", "min": -1e308, "max": 1e308, "step": 1e307}], "parties": []}"#)
        #expect(
            r.diagnostics.filter { $0.severity == .error }.map(\.message) == [
                "'min' to 'max' spans more than a double can hold (-1e+308 to 1e+308); use smaller numbers."
            ])
    }

    @Test func anEmptyQuoteIsOneError() throws {
        let folder = TestSupport.write([
            "seeds/ok.txt": "caf",
            "s.json": TestSupport.miniScenario(
                parties: """
                    [{"id": "russia", "positions": [
                      {"id": "plan", "type": "redLine", "forbids": {"issue": "a", "is": "x"}, "evidence": [{"source": "ok.txt", "quote": " "}]}]}]
                    """),
        ])
        let r = ScenarioLoader.load(path: folder.appendingPathComponent("s.json").path)
        let partial = try #require(r.partial)
        let all = r.diagnostics + EvidenceCheck.check(partial).diagnostics
        #expect(all.filter { $0.code == "empty-quote" }.count == 1, "\(all.map(\.message))")
    }

    /// A `format` that is not a number says what it must be, in a sentence.
    @Test(arguments: [("true", "a boolean"), ("null", "null"), ("[1]", "a list"), ("{}", "an object")])
    func aFormatOfTheWrongTypeSaysItMustBeTheNumber1(value: String, type: String) throws {
        let r = TestSupport.load("{\"format\": \(value), \"issues\": []}")
        let error = try #require(r.diagnostics.first { $0.code == "unsupported-format" })
        #expect(error.message == "'format' must be the number 1, not \(type); this version of simulate reads format 1.")
    }

    @Test func aSourceWithDotDotOrNothingIsToldWhy() throws {
        let dots = try EvidenceCheckTests.checkSources(["sub/../ok.txt"]) { _ in }
        #expect(dots.contains { $0.message.hasPrefix("The source 'sub/../ok.txt' steps out of a folder with '..'") })
        let empty = try EvidenceCheckTests.checkSources([""]) { _ in }
        #expect(empty.contains { $0.message.hasPrefix("The source path is empty;") && $0.code == "unknown-source" })
    }
}
