import Foundation

/// Plain-text layout: padding, wrapping and colour for terminal reports.
struct TextLayout {
    /// The width reports wrap to.
    var width = 100
    /// Whether to colour (only on a terminal, never with NO_COLOR).
    var color = false

    enum Tone { case good, bad, doubtful, dim, strong }

    func paint(_ s: String, _ tone: Tone) -> String {
        guard color else { return s }
        let code: String
        switch tone {
        case .good: code = "32"
        case .bad: code = "31"
        case .doubtful: code = "33"
        case .dim: code = "2"
        case .strong: code = "1"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    static func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }

    /// `s`, or its first `n - 1` characters and `…` when it is longer than `n`.
    static func cut(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    /// `names` cut to at most `n` characters each, as `cut` cuts them, except where two cuts would
    /// read the same (ids that share their first `n - 1` characters, such as `…-variant-a` and
    /// `…-variant-b`): those keep their first few characters, then `…`, then the part from just
    /// before the first character that tells them apart, to the end or cut again with `…`.
    /// Distinct names get distinct labels.
    static func cutDistinct(_ names: [String], _ n: Int) -> [String] {
        var labels = names.map { cut($0, n) }
        let chars = names.map(Array.init)
        func collisions() -> [[Int]] {
            var groups: [String: [Int]] = [:]
            for (k, label) in labels.enumerated() { groups[label, default: []].append(k) }
            return groups.values.filter { group in group.contains { chars[$0] != chars[group[0]] } }.sorted { $0[0] < $1[0] }
        }
        let head = max(1, min(8, (n - 3) / 3))
        let rest = n - head - 1
        for group in collisions() {
            for k in group where chars[k].count > n {
                // Where this name first differs from the one it shares most with.
                let others = group.filter { chars[$0] != chars[k] }
                let d = others.map { o in zip(chars[k], chars[o]).prefix { $0 == $1 }.count }.max() ?? 0
                let name = chars[k]
                if d >= name.count - rest {
                    labels[k] = String(name.prefix(head)) + "…" + String(name.suffix(rest))
                } else {
                    let start = max(head, d - min(6, rest / 3))
                    labels[k] = String(name.prefix(head)) + "…" + String(name[start..<(start + rest - 1)]) + "…"
                }
            }
        }
        // Names alike at both ends can still meet: number them, which is always distinct.
        var ordinal = 0
        for group in collisions() {
            for k in group {
                ordinal += 1
                let mark = "…\(ordinal)"
                labels[k] = String(chars[k].prefix(n - mark.count)) + mark
            }
        }
        return labels
    }

    /// `text` broken into lines of at most `width` characters, each after `indent`; the first
    /// line after `firstIndent` when given. A line break in `text` (free text from a scenario
    /// file may hold `\n`) starts a new line at `indent`; tabs count as spaces.
    func wrap(_ text: String, indent: String, firstIndent: String? = nil) -> [String] {
        if text.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r\n" || $0 == "\r" }) {
            let paragraphs = text.replacingOccurrences(of: "\t", with: " ").split(omittingEmptySubsequences: false) { $0.isNewline }
            return paragraphs.enumerated().flatMap { k, paragraph in
                wrap(String(paragraph), indent: indent, firstIndent: k == 0 ? firstIndent : indent)
            }
        }
        var lines: [String] = []
        var current = firstIndent ?? indent
        var currentHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if currentHasWord && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
                currentHasWord = false
            }
            current += (currentHasWord ? " " : "") + word
            currentHasWord = true
        }
        // No word at all: the indent alone, without its trailing blanks.
        if currentHasWord || lines.isEmpty { lines.append(currentHasWord ? current : TextReport.trimRight(current)) }
        return lines.map { $0.replacingOccurrences(of: Self.noBreak, with: " ") }
    }

    /// A space that ``wrap(_:indent:firstIndent:)`` does not break at and prints as a space.
    static let noBreak = "\u{00A0}"

    /// `issue value` pairs joined by ` · ` for wrapping: an issue stays on the line of its
    /// value's first word, and a line never starts with the `·`.
    static func pairs(_ pairs: [String]) -> String {
        pairs.map { pair in
            guard let space = pair.firstIndex(of: " ") else { return pair }
            return pair.replacingCharacters(in: space...space, with: noBreak)
        }.joined(separator: noBreak + "· ")
    }

    /// `text` with its spaces made unbreakable: `? accept` stays on one line.
    static func unbroken(_ text: String) -> String { text.replacingOccurrences(of: " ", with: noBreak) }

    /// A table of packages (rows) by parties (columns), the first column headed "package", with
    /// an optional lead column (such as viability) after it. Columns that do not fit the width
    /// go into further blocks below, each repeating the row names; the lead column appears in
    /// the first block only.
    func table(
        rows: [String], lead: (title: String, cells: [(String, Tone)])?, columns: [(title: String, cells: [(String, Tone)])]
    ) -> [String] {
        let rowWidth = min(max(rows.map(\.count).max() ?? 7, 7), 34) + 2
        let leadWidth = lead.map { max($0.title.count + 2, ($0.cells.map(\.0.count).max() ?? 0) + 2) } ?? 0
        // A title longer than a row name may be, or than fits beside the row names and the lead,
        // is cut as a long row name is, so that every line fits the width.
        let titles = Self.cutDistinct(columns.map(\.title), max(10, min(34, width - rowWidth - leadWidth - 2)))
        let rowNames = Self.cutDistinct(rows, rowWidth - 2)
        let widths = titles.map { max($0.count, 10) + 2 }
        var blocks: [[Int]] = [[]]
        var used = rowWidth + leadWidth
        for (k, w) in widths.enumerated() {
            if used + w > width && !blocks[blocks.count - 1].isEmpty {
                blocks.append([])
                used = rowWidth
            }
            blocks[blocks.count - 1].append(k)
            used += w
        }
        func cell(_ c: (String, Tone), _ w: Int) -> String {
            paint(c.0, c.1) + String(repeating: " ", count: max(1, w - c.0.count))
        }
        var lines: [String] = []
        for (b, block) in blocks.enumerated() {
            if b > 0 { lines.append("") }
            var header = Self.pad("package", rowWidth)
            if b == 0, let lead { header += Self.pad(lead.title, leadWidth) }
            for k in block { header += Self.pad(titles[k], widths[k]) }
            lines.append(paint(TextReport.trimRight(header), .dim))
            for n in rows.indices {
                var row = Self.pad(rowNames[n], rowWidth)
                if b == 0, let lead { row += cell(lead.cells[n], leadWidth) }
                for k in block { row += cell(columns[k].cells[n], widths[k]) }
                lines.append(TextReport.trimRight(row))
            }
        }
        return lines
    }
}
