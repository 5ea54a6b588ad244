/// Renderings of a ``Sensitivity``: how often each party accepts each package over the samples.
struct SensitivityReport {
    var sensitivity: Sensitivity
    var layout = TextLayout()
    /// The parties shown (`--party`), in file order; every party by default. The samples and the
    /// viable shares are the same either way.
    var parties: [Int]?

    private var scenario: Scenario { sensitivity.compiled.scenario }
    private var shown: [Int] { parties ?? Array(scenario.parties.indices) }

    private func share(_ count: Int) -> Double { Double(count) / Double(max(sensitivity.samples, 1)) }

    static func percent(_ x: Double) -> String {
        let p = x * 100
        if p > 0 && p < 1 { return "<1%" }
        if p < 100 && p > 99 { return ">99%" }
        return "\(Int(p.rounded()))%"
    }

    /// A share beside the verdict it samples: an uncertain verdict that every sample settled
    /// one way reads `~0%` or `~100%`, so it does not pass for a certain one.
    static func percent(_ x: Double, certain: Bool) -> String {
        !certain && (x <= 0 || x >= 1) ? "~" + percent(x) : percent(x)
    }

    private func viableCell(_ n: Int) -> String {
        Self.percent(share(sensitivity.viable[n]), certain: sensitivity.evaluations[n].viable != .uncertain)
    }

    private func tone(_ x: Double) -> TextLayout.Tone { x >= 1 ? .good : x <= 0 ? .bad : .doubtful }

    func text() -> String {
        var lines: [String] = []
        lines += layout.wrap("Sensitivity: \(scenario.displayTitle)", indent: "    ", firstIndent: "").map { layout.paint($0, .strong) }
        lines.append("as of \(sensitivity.compiled.asOf) · \(NumberFormat.count(sensitivity.samples, "sample")) (seed \(sensitivity.seed))")
        lines.append("")
        guard !sensitivity.packages.isEmpty else {
            lines.append("The scenario has no packages to sample.")
            return lines.joined(separator: "\n") + "\n"
        }
        let parties = shown
        lines += layout.table(
            rows: sensitivity.packages.map { scenario.packages[$0].id },
            lead: (title: "viable", cells: sensitivity.viable.indices.map { n in (viableCell(n), tone(share(sensitivity.viable[n]))) }),
            columns: parties.map { p in
                (
                    title: scenario.parties[p].id,
                    cells: sensitivity.packages.indices.map { n in (cell(n, p), tone(share(sensitivity.accepted[n][p]))) }
                )
            })
        lines += layout.wrap(Self.legend, indent: "").map { layout.paint($0, .dim) }
        return lines.joined(separator: "\n") + "\n"
    }

    static let legend =
        "How often each party accepts, over readings drawn uniformly from every range, each position held with its likelihood. (…) = not required for this package. A certain verdict gives 100% or 0%; an uncertain one falls between (<1% and >99% for shares that would round to 0% or 100%), or reads ~0% or ~100% when no sample drew the rare readings that flip it."

    /// A share as the table shows it: in parentheses for a party the package does not need.
    private func cell(_ n: Int, _ p: Int) -> String {
        let verdict = sensitivity.evaluations[n].verdicts[p]
        let text = Self.percent(share(sensitivity.accepted[n][p]), certain: verdict.verdict != .uncertain)
        return verdict.required ? text : "(\(text))"
    }

    func json() -> String {
        JSONOutput.object([
            ("scenario", .string(scenario.displayTitle)),
            ("asOf", .string(sensitivity.compiled.asOf.description)),
            ("notes", .array(scenario.dateNotes(on: sensitivity.compiled.asOf).map { .string($0) })),
            ("samples", .int(sensitivity.samples)),
            ("seed", .unsigned(sensitivity.seed)),
            (
                "packages",
                .array(
                    sensitivity.packages.indices.map { n in
                        .object([
                            ("id", .string(scenario.packages[sensitivity.packages[n]].id)),
                            ("viableShare", .number(share(sensitivity.viable[n]))),
                            ("viable", .string(sensitivity.evaluations[n].viable.rawValue)),
                            ("viableLean", .string(sensitivity.evaluations[n].viableLean.rawValue)),
                            (
                                "parties",
                                .array(
                                    shown.map { p in
                                        .object(
                                            [("acceptShare", .number(share(sensitivity.accepted[n][p])))]
                                                + JSONReport.verdictSummary(sensitivity.evaluations[n].verdicts[p], scenario))
                                    })
                            ),
                        ])
                    })
            ),
        ]).rendered()
    }

    func markdown() -> String {
        var out = ["# Sensitivity: \(MarkdownReport.escape(scenario.displayTitle))", ""]
        out.append(
            "As of \(sensitivity.compiled.asOf); \(NumberFormat.grouped(UInt64(sensitivity.samples))) samples, seed \(sensitivity.seed). Share of samples in which each party accepts."
        )
        out.append("")
        out += MarkdownReport.notes(scenario.dateNotes(on: sensitivity.compiled.asOf))
        let ids = shown.map { scenario.parties[$0].id }
        out.append(MarkdownReport.row(["package", "viable"] + ids))
        out.append(MarkdownReport.delimiterRow(["---", "---:"] + ids.map { _ in "---:" }))
        for n in sensitivity.packages.indices {
            out.append(MarkdownReport.row([scenario.packages[sensitivity.packages[n]].id, viableCell(n)] + shown.map { cell(n, $0) }))
        }
        out += ["", MarkdownReport.escape(Self.legend)]
        return out.joined(separator: "\n") + "\n"
    }
}
