import Foundation
import Testing

@testable import SimulateKit

/// Every broken file in Fixtures/broken gets a located, actionable message and the right exit
/// code. Each `NAME.expected` holds `exit: N`, then lines that must appear in the output.
struct BrokenCorpusTests {
    static let folder = TestSupport.fixtures.appendingPathComponent("broken")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(".expected".count)) }.sorted()
    }

    @Test func theCorpusHasAtLeastThirtyFiles() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func brokenFileGetsItsLocatedMessage(name: String) throws {
        let expected = try String(contentsOf: Self.folder.appendingPathComponent(name + ".expected"), encoding: .utf8)
        var lines = expected.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let exitLine = try #require(lines.first, "\(name).expected is empty")
        let code = try #require(Int32(exitLine.replacingOccurrences(of: "exit:", with: "").trimmingCharacters(in: .whitespaces)))
        lines.removeFirst()
        var evaluateCode = code
        if let line = lines.first, line.hasPrefix("evaluate:") {
            evaluateCode = try #require(Int32(line.dropFirst("evaluate:".count).trimmingCharacters(in: .whitespaces)))
            lines.removeFirst()
        }
        #expect(!lines.isEmpty, "\(name).expected asserts no message")
        let path = Self.folder.appendingPathComponent(name + ".json").path
        let r = TestSupport.run(["check", path])
        #expect(r.code == code, "\(name): exit \(r.code)\n\(r.out)\(r.err)")
        for line in lines {
            #expect((r.out + r.err).contains(line), "\(name): missing\n  \(line)\nin\n\(r.out)\(r.err)")
        }
        // The evaluate command gives the expected exit code too (and never crashes).
        let e = TestSupport.run([path])
        #expect(e.code == evaluateCode, "\(name): evaluate exit \(e.code)\n\(e.err)")
    }
}
