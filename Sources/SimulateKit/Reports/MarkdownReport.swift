import Foundation

/// The `--format markdown` rendering of an ``EvaluationReport``: a verdict table and each
/// package's reasons, ready to paste into a briefing or a pull request.
struct MarkdownReport {
    var report: EvaluationReport

    private var scenario: Scenario { report.scenario }

    /// Date notes as quoted paragraphs, each followed by a blank line, so that a saved report
    /// keeps them; `label` names the scenario when a report has two.
    static func notes(_ notes: [String], label: String? = nil) -> [String] {
        notes.flatMap { ["> Note\(label.map { " (\($0))" } ?? ""): " + escape($0), ""] }
    }

    /// A table row, one cell per column (also with no parties at all, where the party columns
    /// are none).
    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    /// A table's delimiter row, one cell (`---`, `---:`) per column.
    static func delimiterRow(_ cells: [String]) -> String { "|" + cells.map { $0 + "|" }.joined() }

    func render() -> String {
        var out: [String] = []
        out.append("# \(Self.escape(scenario.displayTitle))")
        out.append("")
        out.append(
            "As of \(report.compiled.asOf). \(NumberFormat.count(scenario.issues.count, "issue")), "
                + NumberFormat.count(scenario.parties.count, "party", "parties") + TextReport.shown(report.parties.count, of: scenario.parties.count)
                + ", "
                + NumberFormat.count(scenario.packages.count, "package") + TextReport.shown(report.packages.count, of: scenario.packages.count) + "."
        )
        out.append("")
        out += Self.notes(report.notes)
        guard !report.packages.isEmpty else {
            out.append("The scenario has no packages to evaluate.")
            return out.joined(separator: "\n") + "\n"
        }
        let parties = report.parties.map { scenario.parties[$0].id }
        out.append(Self.row(["package", "viable"] + parties))
        out.append(Self.delimiterRow(Array(repeating: "---", count: 2 + parties.count)))
        for (n, p) in report.packages.enumerated() {
            let e = report.evaluations[n]
            out.append(Self.row([scenario.packages[p].id, Self.viable(e)] + report.parties.map { Self.cell(e.verdicts[$0]) }))
        }
        out.append("")
        out.append(TextReport.legend + ".")
        for (n, p) in report.packages.enumerated() {
            out.append("")
            out += details(p, report.evaluations[n])
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func cell(_ v: PartyVerdict) -> String {
        var text: String
        switch v.verdict {
        case .accept: text = "accept"
        case .reject: text = "**REJECT**"
        case .uncertain: text = "? " + v.lean.rawValue
        }
        return v.required ? text : "(\(text))"
    }

    static func viable(_ e: PackageEvaluation) -> String {
        switch e.viable {
        case .yes: return "yes"
        case .no: return "**no**"
        case .uncertain: return "? " + e.viableLean.rawValue
        }
    }

    /// `text` as inline code, fenced by more backticks than any run inside it (a file name or a
    /// unit may hold one).
    static func code(_ text: String) -> String {
        var longest = 0, run = 0
        for c in text {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        // A space each side keeps a backtick at either end out of the fence.
        let pad = longest > 0 ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Text from the scenario, or a sentence built from it, made to read as itself wherever it
    /// goes in a line of Markdown (a paragraph, a list item, a table cell): every character that
    /// could open emphasis, strikethrough, code, a link, HTML or an entity, or end a table cell,
    /// is escaped; a line break becomes a space; and a first character that would start a
    /// heading, quote, list or rule is escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        let chars = Array(s)
        var k = 0
        // At the start of the text: `# `, `> `, `- `, `+ `, `= ` and `1. ` or `1) ` open blocks.
        if let first = chars.first, "#>-+=".contains(first) { out.append("\\") }
        var digits = 0
        while digits < chars.count, chars[digits].isASCII, chars[digits].isNumber { digits += 1 }
        if digits > 0, digits < chars.count, chars[digits] == "." || chars[digits] == ")" {
            out += String(chars[..<digits]) + "\\"
            k = digits
        }
        while k < chars.count {
            let c = chars[k]
            switch c {
            case "\\", "`", "*", "[", "]", "|", "~":
                out += "\\" + String(c)
            case "<":
                // Only `<` before a letter, `/`, `!` or `?` can open HTML or an autolink: `0.36 < 0.45` is safe.
                let next = k + 1 < chars.count ? chars[k + 1] : " "
                out += next.isLetter || "/!?".contains(next) ? "\\<" : "<"
            case "_":
                // Inside a word (`001_39a8.txt`) an underscore cannot open or close emphasis.
                let inWord = k > 0 && k + 1 < chars.count && chars[k - 1].isLetterOrDigit && chars[k + 1].isLetterOrDigit
                out += inWord ? "_" : "\\_"
            case "&":
                // `&amp;`, `&#38;`: only an entity's shape needs the escape.
                let rest = chars[(k + 1)...].prefix(33)
                let isEntity =
                    rest.firstIndex(of: ";").map { end in
                        end > k + 1 && rest[..<end].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
                    } ?? false
                out += isEntity ? "\\&" : "&"
            case "\n", "\r", "\r\n":
                out.append(" ")
            default:
                out.append(c)
            }
            k += 1
        }
        return out
    }

    private func details(_ p: Int, _ e: PackageEvaluation) -> [String] {
        let package = scenario.packages[p]
        var out = ["## \(package.id)" + (package.label.map { " — \(Self.escape($0))" } ?? ""), ""]
        if let description = package.description { out += [Self.escape(description), ""] }
        if let note = package.note { out += ["Note: " + Self.escape(note), ""] }
        out.append("Terms: " + report.termsText(package).map(Self.code).joined(separator: ", ") + ".")
        out.append("")
        if !package.evidence.isEmpty {
            out.append("Evidence for its terms:")
            out += quotes(package.evidence, indent: "")
            out.append("")
        }
        let (rejecting, uncertain) = report.blockers(e)
        var viable = "Viable: \(Self.viable(e))"
        if !rejecting.isEmpty {
            viable += " (rejected by \(rejecting.joined(separator: ", ")))"
        } else if !uncertain.isEmpty {
            viable += " (in doubt: \(uncertain.joined(separator: ", ")))"
        }
        out.append(viable + ".")
        out.append("")
        for party in report.parties {
            let v = e.verdicts[party]
            let id = scenario.parties[party].id
            out.append("- **\(id)**: \(Self.cell(v)), \(TextReport.scoreAgainstThreshold(v))")
            for index in v.violatedRedLines {
                let position = report.position(party, index)
                guard case .redLine(let r) = position.kind else { continue }
                out.append("  - red line `\(position.id)`: \(Self.escape(PredicateText.describe(r, in: scenario)))" + TextReport.likelihood(position))
                out += quotes(position.evidence)
            }
            for index in v.unmetDemands {
                let position = report.position(party, index)
                let likelihood = position.likelihood < 1 ? ", likelihood \(NumberFormat.plain(position.likelihood))" : ""
                out.append(
                    "  - unmet `\(position.id)` (weight \(NumberFormat.bounds(report.weight(position))), satisfied \(TextReport.satisfied(v.satisfaction[index]))\(likelihood))"
                )
                out += quotes(position.evidence)
            }
        }
        return out
    }

    /// Every evidence item of a reason, each with who said it, where and when: a disputed
    /// position shows both sides.
    private func quotes(_ evidence: [Evidence], indent: String = "    ") -> [String] {
        evidence.map { e in indent + "- “\(Self.escape(e.quote))” — \(Self.escape(TextReport.attribution(e)))" }
    }
}

extension Character {
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber }
}
