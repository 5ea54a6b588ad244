import Foundation
import Testing

@testable import SimulateKit

/// Every example session in the documentation is what the tool prints today.
///
/// An example is a fenced block whose first line starts with `$ `: each `$ ` line (continued by a
/// trailing `\`) is a command, run in process from the package folder, and the lines after it
/// are its expected output. In the expected lines, a line that is only `...` stands for any
/// number of lines, and `...` inside a line for any text on that line; the time a search reports
/// ("in 12 ms on") is not compared. Everything else must match line for line.
struct DocumentationExamplesTests {
    static let documents = ["README.md", "Scenarios/tutorial.md", "docs/SCENARIO-GUIDE.md"]

    struct Example: CustomTestStringConvertible, Sendable {
        var document: String
        var line: Int
        var command: String
        var expected: [String]
        var testDescription: String { "\(document):\(line): \(command)" }
    }

    static func examples(in document: String) -> [Example] {
        let text = (try? String(contentsOf: TestSupport.packageRoot.appendingPathComponent(document), encoding: .utf8)) ?? ""
        let lines = text.components(separatedBy: "\n")
        var examples: [Example] = []
        var k = 0
        while k < lines.count {
            guard lines[k].hasPrefix("```") else {
                k += 1
                continue
            }
            var block: [(Int, String)] = []
            k += 1
            while k < lines.count && !lines[k].hasPrefix("```") {
                block.append((k + 1, lines[k]))
                k += 1
            }
            k += 1
            guard let first = block.first, first.1.hasPrefix("$ ") else { continue }
            var current: Example?
            var continued = false
            for (number, line) in block {
                if continued, var example = current {
                    example.command += " " + line.trimmingCharacters(in: .whitespaces)
                    current = example
                } else if line.hasPrefix("$ ") {
                    if let done = current { examples.append(done) }
                    current = Example(document: document, line: number, command: String(line.dropFirst(2)), expected: [])
                } else {
                    current?.expected.append(line)
                }
                continued = current.map { $0.command.hasSuffix("\\") } ?? false
                if continued {
                    current?.command.removeLast()
                    while current?.command.last == " " { current?.command.removeLast() }
                }
            }
            if let done = current { examples.append(done) }
        }
        return examples
    }

    static let all: [Example] = documents.flatMap(examples(in:))

    /// The command's arguments after `swift run [-c release] simulate`, split at spaces outside
    /// quotes.
    static func arguments(_ command: String) -> [String] {
        var words: [String] = []
        var word = "", quote: Character?, inWord = false
        for c in command {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        if words.starts(with: ["swift", "run"]) { words.removeFirst(2) }
        if words.starts(with: ["-c", "release"]) { words.removeFirst(2) }
        if words.first == "simulate" { words.removeFirst() }
        return words
    }

    /// `line` without its trailing blanks and with a search's time replaced by `#`.
    static func normalised(_ line: String) -> String {
        var s = line
        while s.last == " " { s.removeLast() }
        return s.replacingOccurrences(of: #"in [0-9][0-9.,]* (ms|µs|s) on "#, with: "in # on ", options: .regularExpression)
    }

    static func isGap(_ pattern: String) -> Bool { pattern.trimmingCharacters(in: .whitespaces) == "..." }

    /// Whether `line` matches `pattern`, where `...` in the pattern matches any text.
    static func matches(_ pattern: String, _ line: String) -> Bool {
        let parts = pattern.components(separatedBy: "...")
        if parts.count == 1 { return pattern == line }
        guard line.hasPrefix(parts[0]) else { return false }
        var rest = Substring(line.dropFirst(parts[0].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.hasSuffix(parts[parts.count - 1])
    }

    /// How many of the expected lines, from the first, the actual lines can match in order:
    /// all of them (and every actual line used) when the example holds.
    static func matchedPrefix(_ expected: [String], _ actual: [String]) -> (count: Int, whole: Bool) {
        // reach[j]: the first i expected lines can match the first j actual lines.
        var reach = [Bool](repeating: false, count: actual.count + 1)
        reach[0] = true
        var count = 0
        for pattern in expected {
            var next = [Bool](repeating: false, count: actual.count + 1)
            if isGap(pattern) {
                var any = false
                for j in 0...actual.count {
                    any = any || reach[j]
                    next[j] = any
                }
            } else {
                for j in 0..<actual.count where reach[j] && matches(pattern, actual[j]) { next[j + 1] = true }
            }
            guard next.contains(true) else { return (count, false) }
            reach = next
            count += 1
        }
        return (count, reach[actual.count])
    }

    @Test func theDocumentsHoldExamples() {
        // A change to the block format above must not make the check vacuous.
        #expect(Self.all.count >= 9, "\(Self.all.map(\.testDescription))")
        for document in Self.documents { #expect(Self.all.contains { $0.document == document }, "\(document)") }
    }

    @Test(arguments: all)
    func anExampleSessionIsWhatTheToolPrints(_ example: Example) {
        let r = TestSupport.run(Self.arguments(example.command))
        #expect(r.code == 0, "\(r.err)")
        var actual = (r.out.isEmpty ? r.err : r.out).components(separatedBy: "\n").map(Self.normalised)
        while actual.last?.isEmpty == true { actual.removeLast() }
        var expected = example.expected.map(Self.normalised)
        while expected.last?.isEmpty == true { expected.removeLast() }
        let (count, whole) = Self.matchedPrefix(expected, actual)
        if count < expected.count {
            Issue.record(
                "\(example.testDescription): the example's line \(count + 1) is not in the output:\n  \(expected[count])\nOutput:\n\(actual.prefix(60).joined(separator: "\n"))"
            )
        } else if !whole {
            Issue.record(
                "\(example.testDescription): the output goes on after the example ends (end it with `...`):\n\(actual.suffix(10).joined(separator: "\n"))"
            )
        }
    }
}
