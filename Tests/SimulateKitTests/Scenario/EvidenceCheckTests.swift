import Foundation
import Testing

@testable import SimulateKit

#if canImport(Glibc)
    import Glibc
#endif

/// Quotes must occur verbatim after normalising white space and typographic punctuation;
/// `...` elides; sources must stay inside their folder.
struct EvidenceCheckTests {
    static let source =
        "Putin said Moscow will not give up its “plan” until Kiev’s — main — demands\n   are met. Later, Kyiv offered neu\u{00AD}trality… Love \u{2764}\u{FE0F} it."

    @Test(arguments: [
        ("will not give up its \"plan\"", true),
        ("Kiev's - main - demands are met", true),
        ("Putin said ... \"plan\" ... demands are met", true),
        ("offered neutrality...", true),
        ("offered neutrality", true),
        ("will not give up its plan", false),
        ("demands are met ... Putin said", false),
        ("putin said", false),
        // Invisible marks: a soft hyphen in the source, an emoji variation selector.
        ("Love \u{2764} it", true),
        ("Love \u{2764}\u{FE0F} it", true),
    ])
    func quotesMatchAfterNormalisation(quote: String, found: Bool) {
        let text = EvidenceCheck.searchable(Self.source)
        #expect((EvidenceCheck.locate(quote: quote, in: text) == nil) == found)
    }

    @Test func aMissReportsHowFarTheQuoteMatched() throws {
        let text = EvidenceCheck.searchable(Self.source)
        let problem = try #require(EvidenceCheck.locate(quote: "Moscow will not give up on its plan", in: text))
        #expect(problem.contains("as far as"))
        #expect(problem.contains("Moscow will not give up "))
    }

    /// A short quote that matches for half its length points at its first difference; one
    /// that barely begins to match is simply not there.
    @Test func aShortNearMissPointsAtTheDifference() throws {
        let text = EvidenceCheck.searchable(Self.source)
        let near = try #require(EvidenceCheck.locate(quote: "Kyiv offerd", in: text))
        #expect(near.contains("as far as '…Kyiv offer', then the quote has 'd'"))
        let far = try #require(EvidenceCheck.locate(quote: "Kyiv said so", in: text))
        #expect(far == "it does not occur there.")
    }

    @Test func composedAndDecomposedLettersMatch() {
        let text = EvidenceCheck.searchable("the caf\u{E9} and the cafe\u{301} terrace")
        #expect(EvidenceCheck.locate(quote: "the cafe\u{301} and", in: text) == nil)
        #expect(EvidenceCheck.locate(quote: "the caf\u{E9} terrace", in: text) == nil)
        #expect(EvidenceCheck.locate(quote: "the cafe terrace", in: text) != nil)
    }

    /// The obvious search: after the same normalisation, each piece of the quote, as a sequence of
    /// `Character`s, occurs as a contiguous run of the source's `Character`s, after the piece
    /// before it.
    static func obviouslyFinds(_ quote: String, in source: String) -> Bool {
        let text = Array(EvidenceCheck.normalise(source))
        let pieces = EvidenceCheck.pieces(of: quote).map(Array.init)
        guard !pieces.isEmpty else { return false }
        var from = 0
        nextPiece: for piece in pieces {
            var start = from
            while start + piece.count <= text.count {
                if Array(text[start..<start + piece.count]) == piece {
                    from = start + piece.count
                    continue nextPiece
                }
                start += 1
            }
            return false
        }
        return true
    }

    /// The matcher against the obvious search over characters (`String.range(of:)` piece after
    /// piece, which it replaced, took minutes on a long, repetitive source), on seeded random
    /// texts over a small alphabet, so that quotes nearly match often. The alphabet has combining
    /// marks, lone regional indicators (which pair into flags), zero-width joiners between people
    /// and a skin-tone modifier, so that scalar matches often start or end inside a character.
    /// Also the longest matching prefix against a scan of every prefix at every offset.
    @Test func matcherAgreesWithTheObviousSearch() {
        var random = SplitMix64(seed: 41)
        let alphabet = [
            "a", "b", "ab", " ", "é", "e\u{301}", "\u{301}", "“", "—", "...",
            "\u{1F1EB}", "\u{1F1F7}", "\u{1F1E9}", "\u{200D}", "\u{1F468}", "\u{1F469}", "\u{1F44D}", "\u{1F3FD}",
        ]
        func randomText(_ count: Int) -> String {
            (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
        }
        var found = 0
        for _ in 0..<2000 {
            let source = randomText(Int(random.next() % 40) + 1)
            let quote = randomText(Int(random.next() % 6) + 1)
            let text = EvidenceCheck.searchable(source)
            let fast = EvidenceCheck.locate(quote: quote, in: text) == nil
            let slow = Self.obviouslyFinds(quote, in: source)
            #expect(fast == slow, "quote \(quote.debugDescription) in \(source.debugDescription)")
            if fast { found += 1 }
            let scalars = EvidenceCheck.normalise(source).unicodeScalars.map(\.value)
            for piece in EvidenceCheck.pieces(of: quote) {
                let p = piece.unicodeScalars.map(\.value)
                var longest = 0
                for start in scalars.indices {
                    var k = 0
                    while k < p.count, start + k < scalars.count, scalars[start + k] == p[k] { k += 1 }
                    longest = max(longest, k)
                }
                let result = PieceMatcher(p).firstMatch(in: text, from: 0)
                if result.end == nil {
                    #expect(result.longestPrefix == min(longest, p.count - 1), "piece \(piece.debugDescription) in \(source.debugDescription)")
                }
            }
        }
        // Both outcomes are exercised.
        #expect(found > 200 && found < 1800)
    }

    /// A match must begin and end where characters do: no piece of a flag, a family joined with
    /// zero-width joiners or a skin-toned emoji, and no piece that starts at a combining mark.
    @Test(arguments: [
        ("\u{1F1F7}\u{1F1E9}", "flags: \u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}", false),  // RD inside FR DE
        ("\u{1F1EB}\u{1F1F7}", "flags: \u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}", true),
        ("\u{1F1E9}\u{1F1EA}", "flags: \u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}", true),
        ("\u{301}uiz", "the q\u{301}uiz", false),
        ("the q", "the q\u{301}uiz", false),
        ("the q\u{301}uiz", "the q\u{301}uiz", true),
        ("\u{1F467}", "a family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", false),
        ("\u{1F469}\u{200D}\u{1F467}", "a family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", false),
        ("\u{1F469}", "a family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} here", false),
        ("family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "a family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", true),
        ("\u{1F44D}", "thumbs \u{1F44D}\u{1F3FD} up", false),
        ("\u{1F3FD} up", "thumbs \u{1F44D}\u{1F3FD} up", false),
        ("\u{1F44D}\u{1F3FD} up", "thumbs \u{1F44D}\u{1F3FD} up", true),
        // Every piece around '...' obeys the rule, not only the first.
        ("flags ... \u{1F1F7}\u{1F1E9} here", "flags: \u{1F1EB}\u{1F1F7}\u{1F1E9} here", false),
        ("flags ... \u{1F1E9} here", "flags: \u{1F1EB}\u{1F1F7}\u{1F1E9} here", true),
        ("the ... \u{301}uiz", "the q\u{301}uiz", false),
    ])
    func matchesBeginAndEndOnCharacterBoundaries(quote: String, source: String, found: Bool) {
        #expect((EvidenceCheck.locate(quote: quote, in: EvidenceCheck.searchable(source)) == nil) == found)
        #expect(Self.obviouslyFinds(quote, in: source) == found)
    }

    @Test func aQuoteInsideACharacterIsToldSo() throws {
        let text = EvidenceCheck.searchable("a family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}")
        let problem = try #require(EvidenceCheck.locate(quote: "\u{1F467}", in: text))
        #expect(problem.contains("only as part of a larger character"))
    }

    /// The quote-check diagnostics of a scenario citing `quote` from each of `sources` in its
    /// `seeds` folder, which `prepare` fills (it also holds `ok.txt`, reading "caf").
    static func checkSources(_ sources: [String], quote: String = "caf", prepare: (URL) throws -> Void) throws -> [ScenarioDiagnostic] {
        let evidence = sources.map { #"{"source": "\#($0)", "quote": "\#(quote)"}"# }.joined(separator: ", ")
        let folder = TestSupport.write([
            "seeds/ok.txt": "caf",
            "s.json": TestSupport.miniScenario(
                parties: """
                    [{"id": "russia", "positions": [
                      {"id": "plan", "type": "redLine", "forbids": {"issue": "a", "is": "x"}, "evidence": [\(evidence)]}]}]
                    """),
        ])
        try prepare(folder.appendingPathComponent("seeds"))
        let scenario = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("s.json").path).scenario)
        return EvidenceCheck.check(scenario).diagnostics
    }

    @Test func aSourceThatIsNotUTF8IsNamedAsSuch() throws {
        let diagnostics = try Self.checkSources(["latin1.txt"]) { seeds in
            #expect(
                FileManager.default.createFile(
                    atPath: seeds.appendingPathComponent("latin1.txt").path, contents: Data([0x63, 0x61, 0x66, 0xE9, 0x0A])))
        }
        #expect(diagnostics.map(\.code) == ["source-not-utf8"])
        #expect(diagnostics.first?.message.contains("byte 4") == true)
    }

    /// A source past the read limit is refused by name, without reading it into memory.
    @Test func aSourceLargerThanTheLimitIsRefused() throws {
        let diagnostics = try Self.checkSources(["huge.txt", "ok.txt"]) { seeds in
            let huge = seeds.appendingPathComponent("huge.txt")
            #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
            let handle = try FileHandle(forWritingTo: huge)
            try handle.truncate(atOffset: UInt64(FileBytes.limit + 1))  // Sparse: no disk is used.
            try handle.close()
        }
        #expect(diagnostics.map(\.code) == ["unusable-source"])
        #expect(diagnostics.first?.message == "The source 'huge.txt' cannot be checked: it is larger than 64 MiB; name a text document.")
    }

    /// A named pipe among the sources is refused before it is opened (opening waits for a
    /// writer, so reading it would hang every command).
    @Test func aNamedPipeSourceIsRefusedWithoutWaiting() throws {
        let diagnostics = try Self.checkSources(["pipe.txt", "ok.txt"]) { seeds in
            #expect(mkfifo(seeds.appendingPathComponent("pipe.txt").path, 0o600) == 0)
        }
        #expect(diagnostics.map(\.code) == ["unusable-source"])
        #expect(diagnostics.first?.message == "The source 'pipe.txt' cannot be checked: it is a named pipe, not a text file; name a text document.")
    }

    /// A source that is a folder, a path that ends in `/` (which names a folder: `ok.txt/` is
    /// not read as `ok.txt`) and an empty path are each named for what they are.
    @Test func aSourceThatNamesAFolderOrNothingIsToldSo() throws {
        let diagnostics = try Self.checkSources(["inner", "ok.txt/", "", "ok.txt"]) { seeds in
            try FileManager.default.createDirectory(at: seeds.appendingPathComponent("inner"), withIntermediateDirectories: true)
        }
        #expect(diagnostics.map(\.code) == ["unusable-source", "unusable-source", "unknown-source"])
        let messages = diagnostics.map(\.message)
        #expect(messages.first == "The source 'inner' cannot be checked: it is a folder, not a file; name a text document.")
        #expect(
            messages.dropFirst().first == "The source 'ok.txt/' ends in '/', which names a folder, not a file; name a text document without the '/'.")
        #expect(messages.last?.hasPrefix("The source path is empty; name a file in the sources folder '") == true)
    }

    /// UTF-16 without a byte-order mark is valid UTF-8 when its letters are ASCII: each has a
    /// NUL byte beside it. It is named as not UTF-8, at its first NUL.
    @Test func aUTF16SourceWithoutAByteOrderMarkIsNamedAsNotUTF8() throws {
        let diagnostics = try Self.checkSources(["utf16le.txt"], quote: "Kyiv offered neutrality") { seeds in
            let bytes = "Kyiv offered neutrality\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            #expect(String(data: Data(bytes), encoding: .utf8) != nil)  // the trap: it decodes as UTF-8
            #expect(FileManager.default.createFile(atPath: seeds.appendingPathComponent("utf16le.txt").path, contents: Data(bytes)))
        }
        #expect(diagnostics.map(\.code) == ["source-not-utf8"])
        #expect(diagnostics.first?.message.contains("byte 2 is a NUL byte, found in UTF-16 and binary files, never in text") == true)
    }

    /// Of a NUL byte and a byte that is not UTF-8, the one that comes first is named.
    @Test(
        arguments: [
            ([0x63, 0x00, 0x61, 0x00, 0xE9, 0x00], "nul", 1),  // "caé" as UTF-16LE: NUL first
            ([0x63, 0x61, 0xE9, 0x00], "invalid", 2),  // Latin-1 "caé" and a NUL: the é first
            ([0x63, 0x61, 0x66, 0xC3, 0xA9], "text", 0),
            ([0xFF, 0xFE, 0x63, 0x00], "utf16", 0),  // UTF-16LE with its byte-order mark
            ([0xFE, 0xFF, 0x00, 0x63], "utf16", 0),
        ] as [([UInt8], String, Int)])
    func readingNamesTheFirstProblem(bytes: [UInt8], problem: String, offset: Int) {
        switch EvidenceCheck.read(Data(bytes)) {
        case .containsNUL(let at): #expect(problem == "nul" && at == offset)
        case .notUTF8(let at): #expect(problem == "invalid" && at == offset)
        case .text(let text): #expect(problem == "text" && text.scalars == [0x63, 0x61, 0x66, 0xE9])
        case .utf16: #expect(problem == "utf16")
        case .unusable(let reason): Issue.record("unexpected: \(reason)")
        }
    }

    @Test func sourcesOutsideTheFolderAreRefused() {
        let folder = URL(fileURLWithPath: "/tmp/seeds")
        #expect(EvidenceCheck.resolve("../secret.txt", in: folder) == nil)
        #expect(EvidenceCheck.resolve("/etc/passwd", in: folder) == nil)
        #expect(EvidenceCheck.resolve("a/../../b.txt", in: folder) == nil)
        #expect(EvidenceCheck.resolve("doc.txt", in: folder) != nil)
        #expect(EvidenceCheck.resolve("doc.txt/", in: folder) == nil)
    }

    @Test func checkReportsEachMissAtItsQuote() {
        let folder = TestSupport.write([
            "seeds/doc.txt": Self.source,
            "s.json": TestSupport.miniScenario(
                parties: """
                    [{"id": "russia", "positions": [
                      {"id": "plan", "type": "redLine", "forbids": {"issue": "a", "is": "x"},
                       "evidence": [{"source": "doc.txt", "quote": "will not give up its “plan”"},
                                    {"source": "doc.txt", "quote": "not in the text at all"},
                                    {"source": "dco.txt", "quote": "plan"}]}]}]
                    """),
        ])
        let scenario = ScenarioLoader.load(path: folder.appendingPathComponent("s.json").path).scenario!
        let result = EvidenceCheck.check(scenario)
        #expect(result.quotesChecked == 3)
        let codes = result.diagnostics.map(\.code)
        #expect(codes == ["quote-not-found", "unknown-source"])
        #expect(result.diagnostics[0].location.line == 10)
        #expect(result.diagnostics[1].suggestion == "doc.txt")
    }
}
