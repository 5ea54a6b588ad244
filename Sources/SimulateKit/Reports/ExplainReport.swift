/// Renderings of an ``Explanation``: what it would take to win over each party that says no.
struct ExplainReport {
    var explanation: Explanation
    var layout = TextLayout()

    private var scenario: Scenario { explanation.compiled.scenario }
    private var package: DealPackage { scenario.packages[explanation.package] }

    private func verdictWord(_ v: PartyVerdict) -> String {
        switch v.verdict {
        case .accept: return "accepts"
        case .reject: return "rejects"
        case .uncertain: return "may reject (uncertain, leaning \(v.lean.rawValue))"
        }
    }

    private func termWord(_ t: Term, _ i: Int) -> String { scenario.describe(t, of: i) }

    private func changeLines(_ c: Explanation.Change, indent: String) -> [String] {
        var lines: [String] = []
        for (k, t) in c.terms.enumerated() {
            let forced = c.forcedBy[k].map { scenario.parties[$0.party].positions[$0.position].id }
            var line = "\(scenario.issues[t.issue].id): \(termWord(t.from, t.issue)) → \(termWord(t.to, t.issue))"
            if !forced.isEmpty { line += " (for \(forced.joined(separator: ", ")))" }
            lines += layout.wrap(line, indent: indent + "    ", firstIndent: indent + "• ")
        }
        let losses = explanation.accepting.compactMap { p -> String? in
            let drop = explanation.before.verdicts[p].score - c.scores[p]
            return drop > 5e-3 ? "\(scenario.parties[p].id) −\(NumberFormat.score(drop))" : nil
        }
        lines += layout.wrap(
            losses.isEmpty
                ? "No party that accepts now loses score." : "Cost to the parties that accept now: " + losses.joined(separator: ", ") + ".",
            indent: indent)
        return lines
    }

    func text() -> String {
        var lines: [String] = []
        lines += layout.wrap("Explain: \(package.id)" + (package.label.map { " — \($0)" } ?? ""), indent: "    ", firstIndent: "").map {
            layout.paint($0, .strong)
        }
        lines.append("as of \(explanation.compiled.asOf) · viable: \(TextReport.viableCell(explanation.before).0)")
        if explanation.winOvers.isEmpty {
            lines.append("")
            lines.append("Every party \(explanation.before.viable == .yes ? "accepts this package" : "you asked about accepts this package").")
        }
        for w in explanation.winOvers {
            let id = scenario.parties[w.party].id
            lines.append("")
            var head =
                "\(id) \(verdictWord(w.before)): score \(NumberFormat.score(w.before.score)) vs threshold \(TextReport.bounds(w.before.threshold))"
            if !w.before.violatedRedLines.isEmpty {
                head += "; red lines " + w.before.violatedRedLines.map { scenario.parties[w.party].positions[$0].id }.joined(separator: ", ")
            }
            lines += layout.wrap(head, indent: "  ").map { layout.paint($0, .strong) }
            if let c = w.change {
                lines += layout.wrap(
                    "The fewest changes that win \(id) over while every party that accepts keeps accepting (\(c.terms.count)):", indent: "  ")
                lines += changeLines(c, indent: "    ")
            } else {
                lines += layout.wrap(
                    explanation.exhaustive
                        ? "No terms at all win \(id) over while every party that accepts now keeps accepting."
                        : "No change of up to \(explanation.maxChanges) issues wins \(id) over without losing a party that accepts now. Try --max-changes \(explanation.maxChanges + 1).",
                    indent: "  ")
            }
        }
        if explanation.before.viable != .yes {
            lines.append("")
            if let c = explanation.nearestViable {
                lines.append(layout.paint("Nearest viable package (\(c.terms.count) change\(c.terms.count == 1 ? "" : "s")):", .strong))
                lines += changeLines(c, indent: "    ")
            } else {
                lines += layout.wrap(
                    explanation.exhaustive
                        ? "No package in the search space is viable."
                        : "No package within \(explanation.maxChanges) changes is viable. Try --max-changes \(explanation.maxChanges + 1).",
                    indent: "")
            }
        }
        lines.append("")
        lines.append(
            layout.paint("(\(NumberFormat.grouped(UInt64(explanation.candidates))) candidate packages evaluated; changes use the search grid.)", .dim)
        )
        return lines.joined(separator: "\n") + "\n"
    }

    private func changeJSON(_ c: Explanation.Change) -> JSONOutput {
        .object([
            (
                "changes",
                .array(
                    c.terms.enumerated().map { k, t in
                        .object([
                            ("issue", .string(scenario.issues[t.issue].id)),
                            ("from", JSONReport.term(t.from, of: t.issue, scenario)),
                            ("to", JSONReport.term(t.to, of: t.issue, scenario)),
                            ("forcedBy", .array(c.forcedBy[k].map { .string(scenario.parties[$0.party].positions[$0.position].id) })),
                        ])
                    })
            ),
            ("terms", JSONReport.terms(c.package, scenario)),
            ("lossToAccepting", .number(c.loss)),
            ("scores", .object(scenario.parties.indices.map { (scenario.parties[$0].id, .number(c.scores[$0])) })),
        ])
    }

    func json() -> String {
        JSONOutput.object([
            ("scenario", .string(scenario.displayTitle)),
            ("asOf", .string(explanation.compiled.asOf.description)),
            ("package", .string(package.id)),
            ("viable", .string(explanation.before.viable.rawValue)),
            ("accepting", .array(explanation.accepting.map { .string(scenario.parties[$0].id) })),
            (
                "parties",
                .array(
                    explanation.winOvers.map { w in
                        .object([
                            ("party", .string(scenario.parties[w.party].id)),
                            ("verdict", .string(w.before.verdict.rawValue)),
                            ("winOver", w.change.map(changeJSON) ?? .null),
                        ])
                    })
            ),
            ("nearestViable", explanation.nearestViable.map(changeJSON) ?? .null),
            ("maxChanges", .int(explanation.maxChanges)),
            ("candidatesEvaluated", .int(explanation.candidates)),
        ]).rendered()
    }

    func markdown() -> String {
        var out = ["# Explain: `\(package.id)`", "", "As of \(explanation.compiled.asOf); viable: \(MarkdownReport.viable(explanation.before))."]
        func list(_ c: Explanation.Change) -> [String] {
            c.terms.enumerated().map { k, t in
                let forced = c.forcedBy[k].map { "`\(scenario.parties[$0.party].positions[$0.position].id)`" }
                return "- `\(scenario.issues[t.issue].id)`: \(termWord(t.from, t.issue)) → \(termWord(t.to, t.issue))"
                    + (forced.isEmpty ? "" : " (for \(forced.joined(separator: ", ")))")
            }
        }
        for w in explanation.winOvers {
            out += ["", "## \(scenario.parties[w.party].id) \(verdictWord(w.before))", ""]
            if let c = w.change { out += list(c) } else { out.append("No change of up to \(explanation.maxChanges) issues wins it over.") }
        }
        if explanation.before.viable != .yes {
            out += ["", "## Nearest viable package", ""]
            if let c = explanation.nearestViable { out += list(c) } else { out.append("None within \(explanation.maxChanges) changes.") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
