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
        var cache: [String: String?] = [:]
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
                            message: "The sources folder '\(folder.path)' does not exist; 'sources' names a folder relative to this file."))
                }
                continue
            }
            guard let url = resolve(evidence.source, in: folder) else {
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "source-outside", at: evidence.sourceLocation, path: path + ".source",
                        message: "The source '\(evidence.source)' would resolve outside the sources folder '\(folder.path)'; name a file inside it."))
                continue
            }
            let key = url.path
            if cache.index(forKey: key) == nil {
                let text = FileManager.default.contents(atPath: key).flatMap { String(data: $0, encoding: .utf8) }.map(normalise)
                cache.updateValue(text, forKey: key)
            }
            guard let text = cache[key] ?? nil else {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                diagnostics.append(
                    ScenarioDiagnostic(
                        code: "unknown-source", at: evidence.sourceLocation, path: path + ".source",
                        message: "There is no readable text file '\(evidence.source)' in the sources folder '\(folder.path)'.",
                        suggestion: NameSuggestion.nearest(to: evidence.source, in: files.sorted())))
                continue
            }
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

    /// The file `source` names inside `folder`, or nil if it would leave the folder.
    static func resolve(_ source: String, in folder: URL) -> URL? {
        if source.hasPrefix("/") || source.split(separator: "/").contains("..") || source.isEmpty { return nil }
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let url = folder.appendingPathComponent(source).resolvingSymlinksInPath().standardizedFileURL
        guard url.path.hasPrefix(root + "/") else { return nil }
        return url
    }

    /// The text with white space runs folded and typographic punctuation made ASCII.
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
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}", "\u{2033}": out.append("\"")
            case "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\u{2032}", "\u{2039}", "\u{203A}": out.append("'")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}": out.append("-")
            case "\u{2026}": out.append(contentsOf: "...".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// The quote's pieces between `...` elisions, normalised.
    static func pieces(of quote: String) -> [String] {
        normalise(quote).components(separatedBy: "...")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// Nil when the quote occurs in `text` (already normalised); otherwise how it fails.
    static func locate(quote: String, in text: String) -> String? {
        let pieces = pieces(of: quote)
        guard !pieces.isEmpty else { return "it has no text besides '...'." }
        var from = text.startIndex
        for (n, piece) in pieces.enumerated() {
            if let r = text.range(of: piece, range: from..<text.endIndex) {
                from = r.upperBound
                continue
            }
            let which = pieces.count > 1 ? "piece \(n + 1) of \(pieces.count) ('\(clip(piece))')" : "it"
            if n > 0, text.range(of: piece) != nil {
                return "\(which) occurs, but not after the piece before it; pieces around '...' must come in source order."
            }
            // Report how far the piece does match, to point at the first difference.
            var lo = 0, hi = piece.count
            while lo < hi {
                let m = (lo + hi + 1) / 2
                if text.range(of: String(piece.prefix(m)), range: from..<text.endIndex) != nil { lo = m } else { hi = m - 1 }
            }
            if lo >= 12 {
                let matched = String(piece.prefix(lo))
                let rest = piece.dropFirst(lo)
                return
                    "\(which) matches the source as far as '…\(clip(matched, tail: true))', then the quote has '\(clip(String(rest)))' where the source differs."
            }
            return "\(which) does not occur there, even in part."
        }
        return nil
    }

    private static func clip(_ s: String, tail: Bool = false) -> String {
        guard s.count > 40 else { return s }
        return tail ? String(s.suffix(40)) : String(s.prefix(40)) + "…"
    }
}
