/// A strict JSON parser (RFC 8259) that records the line and column of every value.
///
/// It reports the first syntax error with its location and a plain explanation of the
/// usual hand-editing slips: trailing commas, single quotes, comments, missing commas.
struct JSONParser {
    /// A syntax error at a location.
    struct SyntaxError: Error {
        var location: SourceLocation
        var message: String
    }

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private static let maximumDepth = 256

    /// Parses `bytes` (UTF-8) from the file shown to users as `file`.
    static func parse(_ bytes: [UInt8], file: String) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, file: file)
        return try parser.parseDocument()
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private var location: SourceLocation { mutating get { location(at: index) } }

    /// The column of a byte offset on the current line, counted on from the last one asked for:
    /// locations are asked for in file order, so a long line is scanned once, not once per value.
    private var counted = (offset: 0, column: 1)

    private mutating func location(at offset: Int) -> SourceLocation {
        if counted.offset < lineStart || counted.offset > offset { counted = (lineStart, 1) }
        var (i, column) = counted
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        counted = (i, column)
        return SourceLocation(file: file, line: line, column: column)
    }

    private mutating func fail(_ message: String) -> SyntaxError {
        SyntaxError(location: location, message: message)
    }

    private mutating func parseDocument() throws(SyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
        if String(validating: bytes, as: UTF8.self) == nil {
            throw invalidUTF8()
        }
        skipWhitespace()
        if index >= bytes.count { throw fail("The file is empty; expected a JSON object.") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw fail("Unexpected \(describeCurrent()) after the end of the JSON value.")
        }
        return value
    }

    /// The first byte that breaks UTF-8, located, and what to do about it.
    private func invalidUTF8() -> SyntaxError {
        if bytes.count >= 2 && ((bytes[0], bytes[1]) == (0xFF, 0xFE) || (bytes[0], bytes[1]) == (0xFE, 0xFF)) {
            return SyntaxError(
                location: SourceLocation(file: file, line: 1, column: 1),
                message: "The file is UTF-16 text (it begins with a UTF-16 byte-order mark); save it as UTF-8.")
        }
        var i = 0, line = 1, column = 1
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            let valid =
                length > 0 && i + length <= bytes.count
                && String(validating: bytes[i..<i + length], as: UTF8.self) != nil
            if !valid {
                let hex = String(b, radix: 16, uppercase: true)
                return SyntaxError(
                    location: SourceLocation(file: file, line: line, column: column),
                    message: "The file is not valid UTF-8 text: byte 0x\(hex) here starts no UTF-8 character. Save the file as UTF-8.")
            }
            // LF, CRLF or a lone CR ends a line, as in skipWhitespace.
            if b == 0x0A || (b == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return SyntaxError(location: SourceLocation(file: file, line: 1, column: 1), message: "The file is not valid UTF-8 text. Save it as UTF-8.")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09: index += 1
            case 0x0A, 0x0D:
                // LF, CRLF, or a lone CR (old Mac files): each ends one line.
                if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    /// The character at `index`, quoted when it shows as itself, else by its code point
    /// (`U+0000`, `U+FEFF`): a control, a space, a format character such as a stray
    /// byte-order mark, or a mark that would combine with the quote.
    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file" }
        var end = index + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        // The file was checked to be UTF-8, so this always decodes.
        guard let scalar = String(validating: bytes[index..<end], as: UTF8.self)?.unicodeScalars.first else {
            return "byte 0x\(String(bytes[index], radix: 16, uppercase: true))"
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned,
            .nonspacingMark, .spacingMark, .enclosingMark:
            return "character \(Self.codePoint(scalar.value))"
                + (scalar == "\u{FEFF}" ? " (a byte-order mark, which belongs only at the start of a file)" : "")
        default:
            return "character '\(scalar)'"
        }
    }

    /// `U+0001`, `U+FEFF`: a code point as Unicode writes it, at least four uppercase hex digits.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        guard index < bytes.count else { throw fail("Unexpected end of file; expected a value.") }
        let start = location
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return JSONValue(.string(try parseString()), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): try expectWord("true"); return JSONValue(.bool(true), at: start)
        case UInt8(ascii: "f"): try expectWord("false"); return JSONValue(.bool(false), at: start)
        case UInt8(ascii: "n"): try expectWord("null"); return JSONValue(.null, at: start)
        case UInt8(ascii: "'"): throw fail("Strings must use double quotes (\"), not single quotes.")
        case UInt8(ascii: "/"): throw fail("Comments are not allowed in JSON; put remarks in a \"note\" field.")
        case UInt8(ascii: "]"), UInt8(ascii: "}"): throw fail("Unexpected \(describeCurrent()); expected a value.")
        default:
            throw fail("Unexpected \(describeCurrent()); expected a value (an object, list, string, number, true, false or null).")
        }
    }

    private mutating func expectWord(_ word: String) throws(SyntaxError) {
        let w = Array(word.utf8)
        if index + w.count <= bytes.count && Array(bytes[index..<index + w.count]) == w {
            index += w.count
            if index < bytes.count, isWordByte(bytes[index]) {
                throw fail("Unexpected \(describeCurrent()) after '\(word)'.")
            }
            return
        }
        var end = index
        while end < bytes.count && isWordByte(bytes[end]) { end += 1 }
        let found = String(decoding: bytes[index..<max(end, index + 1)], as: UTF8.self)
        throw fail("Unexpected '\(found)'; expected a value (strings need double quotes).")
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw fail("The JSON is nested more than \(Self.maximumDepth) levels deep.") }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue {
        let start = location
        try enter()
        index += 1
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return JSONValue(.object(members), at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw fail("Unexpected end of file inside an object that starts at \(start.line):\(start.column); expected '}'.")
            }
            if bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "}") && !members.isEmpty {
                    throw fail("An object may not end with a comma; remove the ',' before '}'.")
                }
                if bytes[index] == UInt8(ascii: "'") {
                    throw fail("Keys must use double quotes (\"), not single quotes.")
                }
                if bytes[index] == UInt8(ascii: "/") {
                    throw fail("Comments are not allowed in JSON; put remarks in a \"note\" field.")
                }
                throw fail("Unexpected \(describeCurrent()); expected a key in double quotes.")
            }
            let keyLocation = location
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw fail("Expected ':' after the key \"\(key)\", found \(describeCurrent()).")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONValue.Member(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            guard index < bytes.count else {
                throw fail("Unexpected end of file inside an object that starts at \(start.line):\(start.column); expected '}'.")
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return JSONValue(.object(members), at: start)
            case UInt8(ascii: "\""): throw fail("Expected ',' between object members.")
            case UInt8(ascii: "/"): throw fail("Comments are not allowed in JSON; put remarks in a \"note\" field.")
            default: throw fail("Unexpected \(describeCurrent()); expected ',' or '}'.")
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue {
        let start = location
        try enter()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return JSONValue(.array(elements), at: start)
        }
        while true {
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                throw fail("A list may not end with a comma; remove the ',' before ']'.")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else {
                throw fail("Unexpected end of file inside a list that starts at \(start.line):\(start.column); expected ']'.")
            }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return JSONValue(.array(elements), at: start)
            default:
                if bytes[index] == UInt8(ascii: "}") {
                    throw fail("Unexpected '}'; the list that starts at \(start.line):\(start.column) needs ']' first.")
                }
                if bytes[index] == UInt8(ascii: "/") { throw fail("Comments are not allowed in JSON; put remarks in a \"note\" field.") }
                throw fail("Expected ',' or ']' after a list element, found \(describeCurrent()).")
            }
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let startLocation = location
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw SyntaxError(location: startLocation, message: "This string is never closed; add the closing '\"'.")
            }
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let escapeLocation = location
                index += 1
                guard index < bytes.count else { throw fail("Unexpected end of file in an escape sequence.") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "r"):
                    throw Self.controlCharacter(e == UInt8(ascii: "b") ? 0x08 : e == UInt8(ascii: "f") ? 0x0C : 0x0D, at: escapeLocation)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("A \\u escape for a high surrogate must be followed by a low surrogate.")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("Invalid low surrogate in a \\u escape.") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("A lone low surrogate in a \\u escape.")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("Invalid \\u escape.") }
                    if Self.isForbiddenControl(scalar) { throw Self.controlCharacter(scalar, at: escapeLocation) }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    index -= 2
                    throw fail("Invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string; write '\\\\' for a backslash.")
                }
            case 0x0A, 0x0D:
                throw SyntaxError(
                    location: startLocation,
                    message: "This string is never closed on its line; add the closing '\"' (a line break inside a string must be written \\n).")
            case 0x09:
                throw fail("A tab inside a string must be written \\t.")
            case 0..<0x20:
                throw Self.controlCharacter(UInt32(b), at: location)
            case 0x7F:
                throw Self.controlCharacter(0x7F, at: location)
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                throw Self.controlCharacter(UInt32(bytes[index + 1]), at: location)
            default:
                out.append(b)
                index += 1
            }
        }
    }

    /// Control characters other than tab and line feed: reports print strings to terminals,
    /// where these move the cursor, clear the screen or retitle the window.
    static func isForbiddenControl(_ scalar: UInt32) -> Bool {
        (scalar < 0x20 && scalar != 0x09 && scalar != 0x0A) || (0x7F...0x9F).contains(scalar)
    }

    private static func controlCharacter(_ scalar: UInt32, at location: SourceLocation) -> SyntaxError {
        SyntaxError(
            location: location,
            message:
                "The string holds the control character \(codePoint(scalar)); reports print to terminals, so only \\t and \\n are allowed. Remove it."
        )
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("A \\u escape needs four hex digits.") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("A \\u escape needs four hex digits.")
            }
            v = v * 16 + d
            index += 1
        }
        return v
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONValue {
        let start = location
        let begin = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        guard isDigit(index) else { throw fail("A '-' must be followed by digits.") }
        if bytes[index] == UInt8(ascii: "0") && isDigit(index + 1) {
            throw fail("Numbers may not have leading zeros.")
        }
        while isDigit(index) { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw fail("A decimal point must be followed by digits.") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard isDigit(index) else { throw fail("An exponent must have digits.") }
            while isDigit(index) { index += 1 }
        }
        let text = String(decoding: bytes[begin..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError(location: start, message: "The number '\(text)' is out of range.")
        }
        return JSONValue(.number(value, text), at: start)
    }
}
