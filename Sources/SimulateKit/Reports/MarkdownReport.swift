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
        // One cell per column, also with no parties at all.
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        out.append(row(["package", "viable"] + parties))
        out.append("|" + Array(repeating: "---|", count: 2 + parties.count).joined())
        for (n, p) in report.packages.enumerated() {
            let e = report.evaluations[n]
            out.append(row([scenario.packages[p].id, Self.viable(e)] + report.parties.map { Self.cell(e.verdicts[$0]) }))
        }
        out.append("")
        out.append("? no, ? reject = uncertain, leaning no, leaning reject; (…) = not required for this package.")
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

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|")
    }

    private func details(_ p: Int, _ e: PackageEvaluation) -> [String] {
        let package = scenario.packages[p]
        var out = ["## \(package.id)" + (package.label.map { " — \(Self.escape($0))" } ?? ""), ""]
        if let description = package.description { out += [Self.escape(description), ""] }
        if let note = package.note { out += ["Note: " + Self.escape(note), ""] }
        out.append("Terms: " + report.termsText(package).map { "`\($0)`" }.joined(separator: ", ") + ".")
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
                out.append("  - red line `\(position.id)`: \(PredicateText.describe(r, in: scenario))" + TextReport.likelihood(position))
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
