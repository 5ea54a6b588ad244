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
        try Self.jsonAgreesWithText(path, name: name, text: r)
        // The evaluate command gives the expected exit code too (and never crashes).
        let e = TestSupport.run([path])
        #expect(e.code == evaluateCode, "\(name): evaluate exit \(e.code)\n\(e.err)")
    }

    /// Warnings and `--quiet` in JSON, and several files in one report, as in text.
    @Test func checkJSONCarriesWarningsAndEveryFile() throws {
        let folder = TestSupport.write([
            "w.json": TestSupport.miniScenario(
                parties: #"[{"id": "north", "positions": [{"id": "r", "type": "redLine", "forbids": {"issue": "a", "is": "x"}}]}]"#)
        ])
        let path = folder.appendingPathComponent("w.json").path
        for quiet in [false, true] {
            let text = TestSupport.run(["check", path] + (quiet ? ["--quiet"] : []))
            #expect(text.code == 0)
            try Self.jsonAgreesWithText(path, name: "w.json", text: text, quiet: quiet)
        }
        let r = TestSupport.run(["check", path, "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        let codes = (file["diagnostics"] as? [[String: Any]] ?? []).map { $0["code"] as? String }
        #expect(codes.contains("no-evidence") && codes.contains("unused-issue"))
        #expect(json["warnings"] as? Int == codes.count && json["errors"] as? Int == 0)
        let contents = try #require(file["contents"] as? [String: Any])
        #expect(contents["issues"] as? Int == 3 && contents["positions"] as? Int == 1 && contents["quotesVerified"] as? Int == 0)

        let both = TestSupport.run(["check", path, Self.folder.appendingPathComponent("asof-invalid.json").path, "--format", "json"])
        #expect(both.code == SimulateCLI.ExitCode.invalidScenario)
        let all = try #require(try JSONSerialization.jsonObject(with: Data(both.out.utf8)) as? [String: Any])
        let files = try #require(all["files"] as? [[String: Any]])
        #expect(files.map { $0["ok"] as? Bool } == [true, false])
        #expect(all["errors"] as? Int == 1)
        #expect(TestSupport.run(["check", path, "--format", "markdown"]).code == SimulateCLI.ExitCode.usage)
    }

    /// `check --format json` reports the same problems as the text, with the same exit code:
    /// every diagnostic it lists is one the text prints, and its count is the text's.
    static func jsonAgreesWithText(_ path: String, name: String, text: (code: Int32, out: String, err: String), quiet: Bool = false) throws {
        let r = TestSupport.run(["check", path, "--format", "json"] + (quiet ? ["--quiet"] : []))
        #expect(r.code == text.code, "\(name): json exit \(r.code)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], "\(name): \(r.out)")
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        let diagnostics = try #require(file["diagnostics"] as? [[String: Any]])
        let textLines = Set(text.out.split(separator: "\n").map(String.init))
        for d in diagnostics {
            let place = (d["line"] as? Int).map { "\(d["file"] as? String ?? ""):\($0):\(d["column"] as? Int ?? 0)" } ?? (d["file"] as? String ?? "")
            let message = (d["message"] as? String ?? "") + ((d["suggestion"] as? String).map { " Did you mean '\($0)'?" } ?? "")
            let line = "\(place): \(d["severity"] as? String ?? ""): \(message)"
            #expect(textLines.contains(line), "\(name): JSON has \(line), the text does not")
        }
        let printed = textLines.filter { $0.contains(": error: ") || $0.contains(": warning: ") }.count
        #expect(diagnostics.count == printed, "\(name): \(diagnostics.count) in JSON, \(printed) in text")
        let errors = diagnostics.filter { $0["severity"] as? String == "error" }.count
        #expect(json["errors"] as? Int == errors)
        #expect(file["ok"] as? Bool == (errors == 0))
        #expect(file["readable"] as? Bool == (text.code != SimulateCLI.ExitCode.unreadableFile))
        #expect((file["contents"] is NSNull) == (errors > 0))
    }
}
