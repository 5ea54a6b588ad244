import Foundation

/// Verifies that every evidence quote occurs verbatim in its source document.
///
/// Both texts are normalised first: runs of white space become one space, typographic quotes,
/// apostrophes and dashes become their ASCII forms, and `…` becomes `...`. A quote may elide
/// text with `...`; its pieces must then occur in order.
public enum EvidenceCheck {
    /// Checks every evidence item of every position and package; returns the misses.
    /// Each source file is read once.
    public static func check(_ scenario: Scenario) -> (diagnostics: [ScenarioDiagnostic], quotesChecked: Int) {
        var cache: [String: SourceText?] = [:]
        var diagnostics: [ScenarioDiagnostic] = []
        var count = 0
        var items: [(Evidence, String)] = []
        for party in scenario.parties {
            for position in party.positions {
                for (k, e) in position.evidence.enumerated() {
                    items.append((e, "parties[\(party.id)].positions[\(position.id)].evidence[\(k)]"))
                }
            }
        }
        for package in scenario.packages {
            for (k, e) in package.evidence.enumerated() { items.append((e, "packages[\(package.id)].evidence[\(k)]")) }
        }
        items += scenario.unplacedEvidence.map { ($0.evidence, $0.path) }
        var missingFolders: Set<String> = []
        for (evidence, path) in items {
            count += 1
            let file = evidence.location.file
            guard let folder = scenario.sourcesFolders[file] else {
                if missingFolders.insert(file).inserted {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "no-sources-folder", at: evidence.location, path: path,
                            message:
                                "No sources folder for the evidence in '\(file)': it sets no 'sources' and there is no folder named 'seeds' beside it or above it."
                        ))
                }
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                if missingFolders.insert(file).inserted {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: "no-sources-folder", at: scenario.sourcesDeclarations[file] ?? evidence.location, path: "sources",
                            message:
                                "The sources folder '\(folder.path)' does not exist; 'sources' names a folder relative to "
                                + (file == ScenarioLoader.standardInputName || ScenarioLoader.isDescriptorPath(file)
                                    ? "the current folder for standard input or a descriptor path." : "this file.")))
                }
                continue
            }
            if evidence.source.isEmpty {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "unknown-source", at: evidence.sourceLocation, path: path + ".source",
                        message: "The source path is empty; name a file in the sources folder '\(folder.path)'."))
                continue
            }
            if evidence.source.hasSuffix("/") {
                // `doc.txt/` would otherwise be read as `doc.txt`.
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "unusable-source", at: evidence.sourceLocation, path: path + ".source",
                        message:
                            "The source '\(evidence.source)' ends in '/', which names a folder, not a file; name a text document without the '/'."
                    ))
                continue
            }
            guard let url = resolve(evidence.source, in: folder) else {
                let source = evidence.source
                let why =
                    source.hasPrefix("/")
                    ? "The source '\(source)' is an absolute path; name a file by its path inside the sources folder '\(folder.path)'."
                    : source.split(separator: "/").contains("..")
                        ? "The source '\(source)' steps out of a folder with '..', which a source may not do; name the file by its path inside the sources folder '\(folder.path)'."
                        : "The source '\(source)' leads outside the sources folder '\(folder.path)' through a link; name a file inside it."
                diagnostics.append(ScenarioDiagnostic(code: "source-outside", at: evidence.sourceLocation, path: path + ".source", message: why))
                continue
            }
            let key = url.path
            if cache.index(forKey: key) == nil {
                let text: SourceText?
                switch FileBytes.read(atPath: key, allowPipes: false) {
                case .bytes(let bytes): text = read(Data(bytes))
                case .tooLarge: text = .unusable("it is larger than \(FileBytes.limitText)")
                case .device: text = .unusable("it is a device, not a text file")
                case .pipe: text = .unusable("it is a named pipe, not a text file")
                case .folder: text = .unusable("it is a folder, not a file")
                case .unreadable: text = nil
                }
                cache.updateValue(text, forKey: key)
            }
            let source = cache[key] ?? nil
            guard case .text(let text)? = source else {
                if let problem = source?.problem {
                    diagnostics.append(
                        ScenarioDiagnostic(
                            code: problem.code, at: evidence.sourceLocation, path: path + ".source",
                            message: "The source '\(evidence.source)' \(problem.text)"))
                    continue
                }
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "unknown-source", at: evidence.sourceLocation, path: path + ".source",
                        message: FileManager.default.fileExists(atPath: url.path)
                            ? "The source '\(evidence.source)' in the sources folder '\(folder.path)' cannot be read; check its permissions."
                            : "There is no readable file '\(evidence.source)' in the sources folder '\(folder.path)'.",
                        suggestion: NameSuggestion.nearest(to: evidence.source, in: files.sorted())))
                continue
            }
            // An empty quote is the loader's error already.
            if evidence.quote.allSatisfy(\.isWhitespace) { continue }
            if EvidenceCheck.pieces(of: evidence.quote).isEmpty {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "empty-quote", at: evidence.quoteLocation, path: path + ".quote",
                        message: "The quote has no text besides '...'; quote the words that ground the position."))
            } else if let problem = locate(quote: evidence.quote, in: text) {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "quote-not-found", at: evidence.quoteLocation, path: path + ".quote",
                        message: "The quote is not in '\(evidence.source)': \(problem)"))
            }
        }
        return (diagnostics, count)
    }

    /// The file `source` names inside `folder`, or nil if it would leave the folder or names
    /// a folder (empty, or ending in `/`).
    static func resolve(_ source: String, in folder: URL) -> URL? {
        if source.hasPrefix("/") || source.split(separator: "/").contains("..") || source.isEmpty || source.hasSuffix("/") { return nil }
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let url = folder.appendingPathComponent(source).resolvingSymlinksInPath().standardizedFileURL
        guard url.path.hasPrefix(root + "/") else { return nil }
        return url
    }

    /// A source file as the quote check reads it.
    enum SourceText {
        /// Its text, normalised and ready for ``locate(quote:in:)``.
        case text(SearchableText)
        /// A file that is not UTF-8, and the offset of its first byte that is not.
        case notUTF8(Int)
        /// A file that cannot be used as a source, and why (too large, a device).
        case unusable(String)
        /// A file with a NUL byte, and the offset of the first. UTF-16 without a byte-order mark
        /// is valid UTF-8 when its letters are ASCII, with a NUL beside each.
        case containsNUL(Int)
        /// A file that begins with a UTF-16 byte-order mark.
        case utf16

        /// Why the file cannot be searched, as a diagnostic code and the end of its message
        /// ("The source 'X' …"); nil for text.
        var problem: (code: String, text: String)? {
            let save = "save it as UTF-8 so its quotes can be checked."
            switch self {
            case .text: return nil
            case .notUTF8(let offset): return ("source-not-utf8", "is not UTF-8 text (byte \(offset + 1) is not valid UTF-8); " + save)
            case .containsNUL(let offset):
                return (
                    "source-not-utf8",
                    "is not UTF-8 text (byte \(offset + 1) is a NUL byte, found in UTF-16 and binary files, never in text); " + save
                )
            case .utf16: return ("source-not-utf8", "is UTF-16 text (it begins with a UTF-16 byte-order mark), not UTF-8; " + save)
            case .unusable(let reason): return ("unusable-source", "cannot be checked: \(reason); name a text document.")
            }
        }
    }

    /// A normalised text as the matcher reads it: its Unicode scalars, and where its characters
    /// (extended grapheme clusters, as `Character` has them) begin and end.
    struct SearchableText {
        /// The Unicode scalar values.
        let scalars: [UInt32]
        /// `scalars.count + 1` entries: `boundaries[i]` is true where a character boundary falls
        /// before `scalars[i]` (or at the end, for `i == scalars.count`).
        let boundaries: [Bool]

        /// `text`, which should already be normalised, read character by character once.
        init(_ text: String) {
            var scalars: [UInt32] = []
            var boundaries = [true]
            scalars.reserveCapacity(text.unicodeScalars.count)
            boundaries.reserveCapacity(text.unicodeScalars.count + 1)
            for character in text {
                for scalar in character.unicodeScalars {
                    scalars.append(scalar.value)
                    boundaries.append(false)
                }
                boundaries[boundaries.count - 1] = true
            }
            self.scalars = scalars
            self.boundaries = boundaries
        }
    }

    /// The text normalised and ready for ``locate(quote:in:)``.
    static func searchable(_ text: String) -> SearchableText {
        SearchableText(normalise(text))
    }

    /// A source file's bytes as the quote check reads them: UTF-8 text, with no NUL byte.
    /// Whichever problem comes first in the file is the one reported.
    static func read(_ data: Data) -> SourceText {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return .utf16 }
        let nul = data.firstIndex(of: 0).map { data.distance(from: data.startIndex, to: $0) }
        guard let string = String(data: data, encoding: .utf8) else {
            let invalid = firstInvalidByte(data)
            if let nul, nul < invalid { return .containsNUL(nul) }
            return .notUTF8(invalid)
        }
        if let nul { return .containsNUL(nul) }
        return .text(searchable(string))
    }

    /// The offset of the first byte of `data` that is not valid UTF-8.
    static func firstInvalidByte(_ data: Data) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return offset
            }
        }
    }

    /// The text with white space runs folded, typographic punctuation made ASCII, and
    /// characters in their composed form (NFC), so that "é" matches "é" however either is
    /// encoded.
    public static func normalise(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace {
                if !out.isEmpty { out.append(" ") }
                pendingSpace = false
            }
            switch scalar {
            // Invisible: a soft hyphen (a line-break hint) and the emoji/text variation selectors.
            case "\u{00AD}", "\u{FE0E}", "\u{FE0F}": continue
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}", "\u{2033}": out.append("\"")
            case "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\u{2032}", "\u{2039}", "\u{203A}": out.append("'")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}": out.append("-")
            case "\u{2026}": out.append(contentsOf: "...".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// The quote's pieces between `...` elisions, normalised.
    static func pieces(of quote: String) -> [String] {
        normalise(quote).components(separatedBy: "...")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Nil when the quote occurs in `text` (from ``searchable(_:)``); otherwise how it fails.
    static func locate(quote: String, in text: SearchableText) -> String? {
        let pieces = pieces(of: quote)
        guard !pieces.isEmpty else { return "it has no text besides '...'." }
        var from = 0
        for (n, piece) in pieces.enumerated() {
            let matcher = PieceMatcher(piece.unicodeScalars.map(\.value))
            let found = matcher.firstMatch(in: text, from: from)
            if let end = found.end {
                from = end
                continue
            }
            let which = pieces.count > 1 ? "piece \(n + 1) of \(pieces.count) ('\(clip(piece))')" : "it"
            if n > 0, matcher.firstMatch(in: text, from: 0).end != nil {
                return "\(which) occurs, but not after the piece before it; pieces around '...' must come in source order."
            }
            if found.splitsCharacter {
                return
                    "\(which) occurs only as part of a larger character of the source (a letter with its accents, or an emoji sequence such as a flag, a family or a skin tone); quote whole characters."
            }
            // Report how far the piece does match, to point at the first difference: the
            // characters of the longest prefix that occurs.
            var matchedCharacters = 0, scalars = 0
            for character in piece {
                scalars += character.unicodeScalars.count
                if scalars > found.longestPrefix { break }
                matchedCharacters += 1
            }
            // A dozen characters, or half of a short piece, is enough to show where it differs.
            let pieceCharacters = piece.count
            if matchedCharacters >= 12 || (matchedCharacters >= 4 && 2 * matchedCharacters >= pieceCharacters) {
                let matched = String(piece.prefix(matchedCharacters))
                let rest = piece.dropFirst(matchedCharacters)
                return
                    "\(which) matches the source as far as '…\(clip(matched, tail: true))', then the quote has '\(clip(String(rest)))' where the source differs."
            }
            // Fewer matching characters than that say nothing about where the quote went wrong.
            return "\(which) does not occur there."
        }
        return nil
    }

    private static func clip(_ s: String, tail: Bool = false) -> String {
        guard s.count > 40 else { return s }
        return tail ? String(s.suffix(40)) : String(s.prefix(40)) + "…"
    }
}

/// Finds a piece of a quote in a source: Knuth–Morris–Pratt over Unicode scalars, linear in the
/// lengths of both. (`String.range(of:)` compares afresh from every offset: a long quote that
/// nearly matches a long, repetitive source many times took minutes.) An occurrence counts only
/// when it begins and ends on character boundaries of the source, so that it never starts at a
/// combining mark, stops before one, or takes part of a flag, a ZWJ sequence or a skin tone.
struct PieceMatcher {
    let pattern: [UInt32]
    /// `border[i]`: the length of the longest proper prefix of `pattern[0...i]` that is also its suffix.
    private let border: [Int]

    init(_ pattern: [UInt32]) {
        self.pattern = pattern
        var border = [Int](repeating: 0, count: pattern.count)
        var k = 0
        for i in pattern.indices.dropFirst() {
            while k > 0 && pattern[i] != pattern[k] { k = border[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            border[i] = k
        }
        self.border = border
    }

    /// The end of the first occurrence in `text[from...]` that begins and ends on character
    /// boundaries, or nil; the length of the longest prefix of the pattern that occurs there,
    /// boundaries aside (less than the whole when there is no occurrence); and whether the whole
    /// pattern occurs there, but only splitting characters.
    func firstMatch(in text: EvidenceCheck.SearchableText, from: Int) -> (end: Int?, longestPrefix: Int, splitsCharacter: Bool) {
        let m = pattern.count
        guard m > 0 else { return (from, 0, false) }
        let scalars = text.scalars, boundaries = text.boundaries
        var k = 0, longest = 0, splits = false
        for i in from..<scalars.count {
            let c = scalars[i]
            while k > 0 && c != pattern[k] { k = border[k - 1] }
            if c == pattern[k] { k += 1 }
            if k == m {
                if boundaries[i + 1 - m] && boundaries[i + 1] { return (i + 1, m, false) }
                splits = true
                longest = max(longest, m - 1)
                k = border[k - 1]
            } else {
                longest = max(longest, k)
            }
        }
        return (nil, longest, splits)
    }
}
