/// The terminal rendering of an ``EvaluationReport``: a verdict matrix that fits 100 columns,
/// then each package's reasons with the quotes behind them.
struct TextReport {
    var report: EvaluationReport
    var layout: TextLayout

    private var scenario: Scenario { report.scenario }

    /// ` (2 shown)` when `--package` or `--party` leaves some out.
    static func shown(_ count: Int, of total: Int) -> String { count < total ? " (\(count) shown)" : "" }

    func render() -> String {
        var lines: [String] = []
        lines += layout.wrap(scenario.displayTitle, indent: "    ", firstIndent: "").map { layout.paint($0, .strong) }
        lines.append(
            "as of \(report.compiled.asOf) · "
                + [
                    NumberFormat.count(scenario.issues.count, "issue"),
                    NumberFormat.count(scenario.parties.count, "party", "parties") + Self.shown(report.parties.count, of: scenario.parties.count),
                    NumberFormat.count(scenario.packages.count, "package") + Self.shown(report.packages.count, of: scenario.packages.count),
                ].joined(separator: " · "))
        lines.append("")
        if report.packages.isEmpty {
            lines.append("The scenario has no packages to evaluate. Add some under \"packages\", or explore the space with 'simulate search'.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines += matrix()
        for (n, p) in report.packages.enumerated() {
            lines.append("")
            lines += details(package: p, report.evaluations[n])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: The matrix

    static func cell(_ v: PartyVerdict) -> (String, TextLayout.Tone) {
        var text: String
        let tone: TextLayout.Tone
        switch v.verdict {
        case .accept: text = "accept"; tone = .good
        case .reject: text = "REJECT"; tone = .bad
        case .uncertain: text = "? " + (v.lean == .accept ? "accept" : "reject"); tone = .doubtful
        }
        if !v.required { text = "(\(text))" }
        return (text, tone)
    }

    static func viableCell(_ e: PackageEvaluation) -> (String, TextLayout.Tone) {
        switch e.viable {
        case .yes: return ("yes", .good)
        case .no: return ("NO", .bad)
        case .uncertain: return ("? " + (e.viableLean == .yes ? "yes" : "no"), .doubtful)
        }
    }

    private func matrix() -> [String] {
        let evaluations = report.evaluations
        var lines = layout.table(
            rows: report.packages.map { scenario.packages[$0].id },
            lead: (title: "viable", cells: evaluations.map(Self.viableCell)),
            columns: report.parties.map { p in (title: scenario.parties[p].id, cells: evaluations.map { Self.cell($0.verdicts[p]) }) })
        lines.append(layout.paint(Self.legend, .dim))
        return lines
    }

    /// The matrix's key, in text and Markdown alike.
    static let legend = "? yes, ? no, ? accept, ? reject = uncertain, with its lean · (…) = not required for this package"

    static func trimRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    // MARK: Details

    private func details(package p: Int, _ e: PackageEvaluation) -> [String] {
        let package = scenario.packages[p]
        var lines: [String] = []
        let title = package.label.map { "\(package.id) — \($0)" } ?? package.id
        lines += layout.wrap(title, indent: "    ", firstIndent: "").map { layout.paint($0, .strong) }
        if let description = package.description { lines += layout.wrap(description, indent: "  ") }
        if let note = package.note { lines += layout.wrap(note, indent: "    ", firstIndent: "  note: ") }
        lines += layout.wrap(TextLayout.pairs(report.termsText(package)), indent: "    ", firstIndent: "  terms: ")
        let (rejecting, uncertain) = report.blockers(e)
        let (viable, tone) = Self.viableCell(e)
        var why = ""
        if !rejecting.isEmpty {
            why = " (rejected by \(rejecting.joined(separator: ", ")))"
        } else if !uncertain.isEmpty {
            why = " (in doubt: \(uncertain.joined(separator: ", ")))"
        }
        // Wrapped with a hanging indent when the list of parties is long; the verdict is painted
        // after wrapping, so that its colour codes do not count towards the width.
        var viableLines = layout.wrap(TextLayout.unbroken(viable) + why, indent: "    ", firstIndent: "  viable: ")
        viableLines[0] = "  viable: " + layout.paint(viable, tone) + viableLines[0].dropFirst("  viable: ".count + viable.count)
        lines += viableLines
        lines += quotes(package.evidence, indent: "    ")
        for party in report.parties {
            lines += partyLines(e.verdicts[party])
        }
        return lines
    }

    /// `score 0.67 (0.56–0.74) ≥ threshold 0.00–0.50`: ≥ or < only when every reading agrees,
    /// `vs` when the two ranges overlap.
    static func scoreAgainstThreshold(_ v: PartyVerdict) -> String {
        let threshold = NumberFormat.threshold(v.threshold)
        let comparison =
            v.scoreRange.lo >= v.threshold.hi - Evaluation.tolerance
            ? " ≥ "
            : v.scoreRange.hi < v.threshold.lo - Evaluation.tolerance ? " < " : " vs "
        let score = NumberFormat.score(v.score, against: [v.threshold.lo, v.threshold.hi], tolerance: Evaluation.tolerance)
        return "score \(score)" + rangeSuffix(v.scoreRange) + comparison + "threshold \(threshold)"
    }

    private func partyLines(_ v: PartyVerdict) -> [String] {
        let party = scenario.parties[v.party]
        var lines: [String] = []
        let (cell, tone) = Self.cell(v)
        let score = Self.scoreAgainstThreshold(v)
        let verdict = layout.paint(TextLayout.pad(cell, 11), tone) + score
        if 2 + max(party.id.count, 14) + 1 + 11 + score.count <= layout.width {
            lines.append("  " + TextLayout.pad(party.id, 14) + " " + verdict)
        } else {
            // An id too long to share its line: the verdict goes below it, in its column.
            lines += ["  " + party.id, String(repeating: " ", count: 17) + verdict]
        }
        if party.required != .never, let first = Scenario.positionsBegin(of: party, after: report.compiled.asOf) {
            lines += layout.wrap(
                "no position yet on \(report.compiled.asOf): its positions begin \(first), so it accepts by default",
                indent: "      ", firstIndent: "    ")
        }
        for index in v.violatedRedLines {
            let position = report.position(v.party, index)
            guard case .redLine(let r) = position.kind else { continue }
            let head = "red line \(position.id): \(PredicateText.describe(r, in: scenario))" + Self.likelihood(position)
            lines += layout.wrap(head, indent: "        ", firstIndent: "    ✗ ")
            lines += quotes(position.evidence, indent: "      ")
        }
        if !v.unmetDemands.isEmpty {
            let explain = v.verdict != .accept && (v.scoreFallsShort || v.scoreRange.lo < v.threshold.hi - Evaluation.tolerance)
            if explain {
                lines.append("    unmet demands, heaviest first:")
                for index in v.unmetDemands {
                    let position = report.position(v.party, index)
                    var head =
                        "\(position.id) (weight \(NumberFormat.bounds(report.weight(position))), satisfied \(Self.satisfied(v.satisfaction[index]))"
                    if position.likelihood < 1 { head += ", likelihood \(NumberFormat.plain(position.likelihood))" }
                    head += ")"
                    lines += layout.wrap(head, indent: "        ", firstIndent: "    · ")
                    lines += quotes(position.evidence, indent: "      ", limit: 1)
                }
            } else {
                let list = v.unmetDemands.map { "\(report.position(v.party, $0).id) (\(Self.satisfied(v.satisfaction[$0])))" }
                lines += layout.wrap(list.joined(separator: ", "), indent: "        ", firstIndent: "    unmet: ")
            }
        }
        return lines
    }

    /// `0.40`, or `0.20–0.60` for a satisfaction the sources leave in a range (read at its
    /// midpoint, as weights are: `weight 1–2`).
    static func satisfied(_ reading: SatisfactionReading?) -> String {
        guard let reading else { return NumberFormat.score(0) }
        let lo = NumberFormat.score(reading.lo), hi = NumberFormat.score(reading.hi)
        return lo == hi ? NumberFormat.score(reading.mid) : "\(lo)–\(hi)"
    }

    /// ` (0.64–0.78)` when the range shows at two decimals, else nothing.
    static func rangeSuffix(_ r: Bounds) -> String {
        let lo = NumberFormat.score(r.lo), hi = NumberFormat.score(r.hi)
        return lo == hi ? "" : " (\(lo)–\(hi))"
    }

    /// A reason's quotes: up to `limit` of them (two by default, so that a disputed position
    /// shows both sides), then how many more there are.
    private func quotes(_ evidence: [Evidence], indent: String, limit: Int = 2) -> [String] {
        var lines = evidence.prefix(limit).flatMap { quote($0, indent: indent) }
        let more = evidence.count - limit
        if more > 0 {
            lines.append(layout.paint(indent + "(\(more) more quote\(more == 1 ? "" : "s") in --format markdown or json)", .dim))
        }
        return lines
    }

    /// Who said it, where and when, and the modeller's note, which says what the quote shows (it
    /// may explain a date rather than support the reason it stands under).
    static func attribution(_ e: Evidence) -> String {
        var attribution = e.source
        if let speaker = e.speaker { attribution = speaker + ", " + attribution }
        if let date = e.date { attribution += ", \(date)" }
        if let note = e.note { attribution += " (note: \(note))" }
        return attribution
    }

    /// ` (likelihood 0.7)` for a position held with a likelihood below 1, else nothing.
    static func likelihood(_ position: Position) -> String {
        position.likelihood < 1 ? " (likelihood \(NumberFormat.plain(position.likelihood)))" : ""
    }

    private func quote(_ e: Evidence, indent: String) -> [String] {
        let text = "“\(e.quote)” — \(Self.attribution(e))"
        return layout.wrap(text, indent: indent + "  ", firstIndent: indent).map { layout.paint($0, .dim) }
    }
}
