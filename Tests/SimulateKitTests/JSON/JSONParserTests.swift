import Testing

@testable import SimulateKit

/// The JSON parser: values with locations, and located, plain-spoken syntax errors.
struct JSONParserTests {
    static func parse(_ text: String) throws(JSONParser.SyntaxError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), file: "f.json")
    }

    static func error(_ text: String) -> JSONParser.SyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    static func errorBytes(_ bytes: [UInt8]) -> JSONParser.SyntaxError? {
        do {
            _ = try JSONParser.parse(bytes, file: "f.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesKeepTheirLineAndColumn() throws {
        let v = try Self.parse("{\n  \"a\": [1, true],\n  \"b\": {\"c\": \"é\", \"d\": null}\n}")
        #expect(v.location == SourceLocation(file: "f.json", line: 1, column: 1))
        #expect(v["a"]?.location == SourceLocation(file: "f.json", line: 2, column: 8))
        #expect(v["a"]?.elements?[1].location.column == 12)
        #expect(v["b"]?["d"]?.location == SourceLocation(file: "f.json", line: 3, column: 24))
        #expect(v["b"]?["c"]?.stringValue == "é")
    }

    /// LF, CRLF and a lone CR each end a line.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyLineEndingCountsOnce(ending: String) throws {
        let v = try Self.parse(["{", "  \"a\": 1,", "  \"b\": [true]", "}"].joined(separator: ending))
        #expect(v["a"]?.location == SourceLocation(file: "f.json", line: 2, column: 8))
        #expect(v["b"]?.elements?[0].location == SourceLocation(file: "f.json", line: 3, column: 9))
    }

    /// Columns on one long line (a minified file) are counted on from the last value, not from
    /// the start of the line; they must come out the same as counting from the start.
    @Test func columnsOnALongLineAreExact() throws {
        let items = (0..<500).map { "\"k\($0)\": \"é\($0)\"" }
        let text = "{" + items.joined(separator: ", ") + "}"
        let v = try Self.parse(text)
        var column = 2
        for (k, item) in items.enumerated() {
            let valueColumn = column + item.count - "\"é\(k)\"".count
            #expect(v["k\(k)"]?.location.column == valueColumn, "item \(k)")
            column += item.count + 2
        }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let v = try Self.parse(#"{"ключ": "значение", "x": 1}"#)
        #expect(v["x"]?.location.column == 27)
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        let v = try Self.parse(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00"]"#)
        #expect(v.elements?[0].stringValue == "a\"b\\c/d\n")
        #expect(v.elements?[1].stringValue == "é😀")
    }

    @Test func numbersKeepTheirText() throws {
        let v = try Self.parse("[1, 1.0, -2.5e3, 0]")
        guard case .number(let x, let text) = v.elements?[1].kind else { Issue.record("not a number"); return }
        #expect(x == 1 && text == "1.0")
        #expect(v.elements?[2].numberValue == -2500)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "An object may not end with a comma"),
        ("[1, 2,]", 1, 7, "A list may not end with a comma"),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "Expected ',' between object members"),
        ("{'a': 1}", 1, 2, "Keys must use double quotes"),
        ("{\"a\": 'x'}", 1, 7, "Strings must use double quotes"),
        ("{\n  // note\n  \"a\": 1}", 2, 3, "Comments are not allowed"),
        ("{\"a\": \"open}", 1, 7, "This string is never closed"),
        ("{\"a\": \"bad \\q\"}", 1, 12, "Invalid escape '\\q'"),
        ("{\"a\": 012}", 1, 7, "Numbers may not have leading zeros"),
        ("", 1, 1, "The file is empty"),
        ("{\"a\": 1} x", 1, 10, "after the end of the JSON value"),
        ("{\"a\": tru}", 1, 7, "Unexpected 'tru'"),
        ("{\"a\": [1, 2}", 1, 12, "needs ']' first"),
        ("{\"a\": 1", 1, 8, "Unexpected end of file inside an object that starts at 1:1"),
    ])
    func syntaxErrorsAreLocatedAndExplained(text: String, line: Int, column: Int, message: String) throws {
        let e = try #require(Self.error(text))
        #expect(e.location.line == line)
        #expect(e.location.column == column)
        #expect(e.message.contains(message), "\(e.message)")
    }

    @Test func invalidUTF8IsReportedNotCrashed() throws {
        let e = try #require(Self.errorBytes([0x7B, 0x0A, 0x22, 0xFF, 0x22, 0x7D]))
        #expect(e.message.contains("not valid UTF-8"))
        #expect(e.location.line == 2)
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() throws {
        let text = String(repeating: "[", count: 100_000)
        let e = try #require(Self.error(text))
        #expect(e.message.contains("nested more than"))
    }

    /// A character out of place that does not show as itself is named by its code point, as
    /// Unicode writes it: a control (`U+0000`, not `U+0`), a stray byte-order mark, a space
    /// JSON does not take.
    @Test(arguments: [
        ("{\u{0}}", "Unexpected character U+0000; expected a key"),
        ("{\"a\": 1,\u{1F} \"b\": 2}", "Unexpected character U+001F; expected a key"),
        ("{\"a\": 1,\u{FEFF} \"b\": 2}", "Unexpected character U+FEFF (a byte-order mark, which belongs only at the start of a file)"),
        ("{\"a\":\u{A0}1}", "Unexpected character U+00A0; expected a value"),
        ("{\"a\": 1} é", "Unexpected character 'é' after the end"),
    ])
    func anInvisibleCharacterIsNamedByItsCodePoint(text: String, message: String) throws {
        let e = try #require(Self.error(text))
        #expect(e.message.hasPrefix(message), "\(e.message)")
        #expect(!e.message.contains("\u{FEFF}"))
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let v = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8), file: "f.json")
        #expect(v["a"]?.numberValue == 1)
        #expect(v.location.column == 1)
    }
}
