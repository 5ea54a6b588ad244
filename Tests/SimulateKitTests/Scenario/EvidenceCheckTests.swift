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
        let text = EvidenceCheck.normalise(Self.source)
        #expect((EvidenceCheck.locate(quote: quote, in: text) == nil) == found)
    }

    @Test func aMissReportsHowFarTheQuoteMatched() throws {
        let text = EvidenceCheck.normalise(Self.source)
        let problem = try #require(EvidenceCheck.locate(quote: "Moscow will not give up on its plan", in: text))
        #expect(problem.contains("as far as"))
        #expect(problem.contains("Moscow will not give up "))
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
