import Foundation
import Testing

@testable import SimulateKit

/// Quotes must occur verbatim after normalising white space and typographic punctuation;
/// `...` elides; sources must stay inside their folder.
struct EvidenceCheckTests {
    static let source = "Putin said Moscow will not give up its “plan” until Kiev’s — main — demands\n   are met. Later, Kyiv offered neutrality…"

    @Test(arguments: [
        ("will not give up its \"plan\"", true),
        ("Kiev's - main - demands are met", true),
        ("Putin said ... \"plan\" ... demands are met", true),
        ("offered neutrality...", true),
        ("offered neutrality", true),
        ("will not give up its plan", false),
        ("demands are met ... Putin said", false),
        ("putin said", false),
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

    @Test func composedAndDecomposedLettersMatch() {
        let text = EvidenceCheck.searchable("the caf\u{E9} and the cafe\u{301} terrace")
        #expect(EvidenceCheck.locate(quote: "the cafe\u{301} and", in: text) == nil)
        #expect(EvidenceCheck.locate(quote: "the caf\u{E9} terrace", in: text) == nil)
        #expect(EvidenceCheck.locate(quote: "the cafe terrace", in: text) != nil)
    }

    /// The matcher against the obvious search it replaced, `String.range(of:)` piece after piece
    /// (minutes on a long, repetitive source), on seeded random texts over a small alphabet, so
    /// that quotes nearly match often; and the longest matching prefix against a scan of every
    /// prefix at every offset.
    @Test func matcherAgreesWithTheObviousSearch() {
        var random = SplitMix64(seed: 41)
        let alphabet = ["a", "b", "ab", " ", "é", "e\u{301}", "\u{301}", "“", "—", "..."]
        func randomText(_ count: Int) -> String {
            (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
        }
        var found = 0
        for _ in 0..<2000 {
            let source = randomText(Int(random.next() % 40) + 1)
            let quote = randomText(Int(random.next() % 8) + 1)
            let text = EvidenceCheck.searchable(source)
            let fast = EvidenceCheck.locate(quote: quote, in: text) == nil
            let pieces = EvidenceCheck.pieces(of: quote)
            let normalised = EvidenceCheck.normalise(source)
            var from = normalised.startIndex
            var slow = !pieces.isEmpty
            for piece in pieces {
                guard let r = normalised.range(of: piece, range: from..<normalised.endIndex) else {
                    slow = false
                    break
                }
                from = r.upperBound
            }
            #expect(fast == slow, "quote \(quote.debugDescription) in \(source.debugDescription)")
            if fast { found += 1 }
            for piece in pieces {
                let p = piece.unicodeScalars.map(\.value)
                var longest = 0
                for start in text.indices {
                    var k = 0
                    while k < p.count, start + k < text.count, text[start + k] == p[k] { k += 1 }
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

    @Test func aSourceThatIsNotUTF8IsNamedAsSuch() {
        let folder = TestSupport.write([
            "s.json": TestSupport.miniScenario(
                parties: """
                    [{"id": "russia", "positions": [
                      {"id": "plan", "type": "redLine", "forbids": {"issue": "a", "is": "x"},
                       "evidence": [{"source": "latin1.txt", "quote": "caf"}]}]}]
                    """)
        ])
        let seeds = folder.appendingPathComponent("seeds")
        try? FileManager.default.createDirectory(at: seeds, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: seeds.appendingPathComponent("latin1.txt").path, contents: Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
        let scenario = ScenarioLoader.load(path: folder.appendingPathComponent("s.json").path).scenario!
        let diagnostics = EvidenceCheck.check(scenario).diagnostics
        #expect(diagnostics.map(\.code) == ["source-not-utf8"])
        #expect(diagnostics.first?.message.contains("byte 4") == true)
    }

    /// A source past the read limit is refused by name, without reading it into memory.
    @Test func aSourceLargerThanTheLimitIsRefused() throws {
        let folder = TestSupport.write([
            "seeds/small.txt": "caf",
            "s.json": TestSupport.miniScenario(
                parties: """
                    [{"id": "russia", "positions": [
                      {"id": "plan", "type": "redLine", "forbids": {"issue": "a", "is": "x"},
                       "evidence": [{"source": "huge.txt", "quote": "caf"}, {"source": "small.txt", "quote": "caf"}]}]}]
                    """),
        ])
        let huge = folder.appendingPathComponent("seeds/huge.txt")
        FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(FileBytes.limit + 1))  // Sparse: no disk is used.
        try handle.close()
        let scenario = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("s.json").path).scenario)
        let diagnostics = EvidenceCheck.check(scenario).diagnostics
        #expect(diagnostics.map(\.code) == ["unusable-source"])
        #expect(diagnostics.first?.message == "The source 'huge.txt' cannot be checked: it is larger than 64 MiB; name a text document.")
    }

    @Test func sourcesOutsideTheFolderAreRefused() {
        let folder = URL(fileURLWithPath: "/tmp/seeds")
        #expect(EvidenceCheck.resolve("../secret.txt", in: folder) == nil)
        #expect(EvidenceCheck.resolve("/etc/passwd", in: folder) == nil)
        #expect(EvidenceCheck.resolve("a/../../b.txt", in: folder) == nil)
        #expect(EvidenceCheck.resolve("doc.txt", in: folder) != nil)
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
