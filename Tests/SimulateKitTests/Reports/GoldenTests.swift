import Foundation
import Testing

@testable import SimulateKit

/// The text, JSON and Markdown reports of the tutorial, against golden files.
/// Re-record with `SIMULATE_RECORD_GOLDEN=1 swift test --filter GoldenTests`, then review the diff.
struct GoldenTests {
    static let folder = TestSupport.fixtures.appendingPathComponent("golden")

    @Test(arguments: [
        (["Scenarios/tutorial.json"], "tutorial.txt"),
        (["Scenarios/tutorial.json", "--format", "json"], "tutorial.json"),
        (["Scenarios/tutorial.json", "--format", "markdown"], "tutorial.md"),
        (["Scenarios/tutorial.json", "--as-of", "2031-06-10", "--party", "southland", "--party", "borea"], "tutorial-june.txt"),
    ])
    func reportMatchesItsGoldenFile(arguments: [String], golden: String) throws {
        let path = TestSupport.packageRoot.appendingPathComponent(arguments[0]).path
        let r = TestSupport.run([path] + arguments.dropFirst())
        #expect(r.code == 0)
        let url = Self.folder.appendingPathComponent(golden)
        if ProcessInfo.processInfo.environment["SIMULATE_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try r.out.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(r.out == expected, "\(golden) differs; re-record with SIMULATE_RECORD_GOLDEN=1 and review the diff")
    }
}
