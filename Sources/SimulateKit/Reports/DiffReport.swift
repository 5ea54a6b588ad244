/// Renderings of a ``ScenarioDiff``: text for the terminal, Markdown, and JSON. Packages that
/// change come first, each with the parties that flip and the causes; the rest are named on
/// one line.
struct DiffReport {
    var diff: ScenarioDiff
    var layout = TextLayout()

    private var changed: [ScenarioDiff.PackageComparison] { diff.packages.filter(\.changed) }

    private static func file(_ c: CompiledScenario) -> String { c.scenario.files.first ?? c.scenario.displayTitle }

    /// `violated in A only`, `unmet in both`, … for a cause's readings.
    private static func sides(_ a: Bool, _ b: Bool) -> String {
        a && b ? "both" : a ? "A only" : b ? "B only" : "neither"
    }

    private static func score(_ x: Double?) -> String { x.map(NumberFormat.score) ?? "—" }

    /// `0.54 (0.50–0.57)`: a score with its range, which is why an uncertain verdict stays so.
    private static func scoreWithRange(_ v: PartyVerdict?) -> String {
        v.map { NumberFormat.score($0.score) + TextReport.rangeSuffix($0.scoreRange) } ?? "—"
    }

    /// The cause as a line of prose (without the red line's rule, which renderings add), with
    /// each position id passed through `code`.
    /// A cause in words; `code` writes an id and `text` the cause's detail (Markdown marks the
    /// one and escapes the other).
    private static func sentence(_ c: ScenarioDiff.Cause, code: (String) -> String = { $0 }, text: (String) -> String = { $0 }) -> String {
        let detail = text(c.detail)
        switch c.subject {
        case .redLine(let id, _, let violated, _):
            return "red line \(code(id)), violated in \(sides(violated.a, violated.b)): \(detail)"
        case .demand(let id, let weight, let satisfaction, _):
            let w = (weight.b ?? weight.a).map { " (weight \(NumberFormat.bounds($0)))" } ?? ""
            let a = satisfaction.a.map { TextReport.satisfied($0) } ?? "—", b = satisfaction.b.map { TextReport.satisfied($0) } ?? "—"
            return "demand \(code(id))\(w), satisfied \(a) → \(b): \(detail)"
        case .threshold:
            return detail
        case .requirement(let required, _):
            return "required in \(sides(required.a, required.b)): \(detail)"
        case .party:
            return detail
        }
    }

    /// `russia stays ? reject: score 0.50 (0.42–0.58) → 0.53 (0.45–0.60), threshold 0.45–0.55 →
    /// 0.40–0.50, red line no longer broken: crimea-recognition`.
    static func movement(_ m: ScenarioDiff.Movement, code: (String) -> String = { $0 }) -> String {
        let a = m.verdict.a, b = m.verdict.b
        var parts: [String] = []
        if m.scoreMoved {
            parts.append(
                "score \(NumberFormat.score(a.score))\(TextReport.rangeSuffix(a.scoreRange)) → \(NumberFormat.score(b.score))\(TextReport.rangeSuffix(b.scoreRange))"
            )
        }
        if m.thresholdMoved { parts.append("threshold \(NumberFormat.threshold(a.threshold)) → \(NumberFormat.threshold(b.threshold))") }
        for (ids, what) in [(m.brokenInAOnly, "no longer broken"), (m.brokenInBOnly, "newly broken")] where !ids.isEmpty {
            parts.append("red line\(ids.count == 1 ? "" : "s") \(what): " + ids.map(code).joined(separator: ", "))
        }
        for change in m.likelihoodMoved {
            parts.append(
                "red line \(code(change.id)) likelihood \(NumberFormat.plain(change.likelihood.a)) → \(NumberFormat.plain(change.likelihood.b))")
        }
        return "\(code(m.party)) stays \(TextReport.cell(a).0): " + parts.joined(separator: ", ")
    }

    /// With `--party`: which parties the report covers, and that viability still reads them all.
    private var shownParties: String? { shownPartiesSentence() }

    /// The `--party` sentence; `code` writes an id (Markdown marks it).
    private func shownPartiesSentence(code: (String) -> String = { $0 }) -> String? {
        guard let shown = diff.shownParties else { return nil }
        var sentence = "Parties shown: \(shownOrder(shown).map(code).joined(separator: ", ")) (viability still counts every party a package needs)."
        let others = diff.packages.filter { !$0.flippedNotShown.isEmpty }
        if !others.isEmpty {
            let list = others.map { "\(code($0.id)) (\($0.flippedNotShown.map(code).joined(separator: ", ")))" }.joined(separator: ", ")
            sentence += " Parties not shown flip on \(NumberFormat.count(others.count, "package")): \(list); run without --party to see why."
        }
        return sentence
    }

    /// The shown parties in A's order, then B's.
    private func shownOrder(_ shown: Set<String>) -> [String] {
        let ids = diff.a.scenario.parties.map(\.id) + diff.b.scenario.parties.map(\.id).filter { diff.a.scenario.partyIndex($0) == nil }
        return ids.filter(shown.contains)
    }

    private var headline: String {
        let moved = diff.movedOnly.count
        let forShown = diff.shownParties == nil ? "" : " for the parties shown"
        return "\(NumberFormat.count(diff.packages.count, "package")) in both: \(changed.count) changed, "
            + (moved > 0 ? "\(moved) moved without a flip, " : "") + "\(diff.unchanged.count) unchanged\(forShown)"
            + " · \(diff.onlyInA.count) only in A · \(diff.onlyInB.count) only in B"
    }

    // MARK: Text

    func text() -> String {
        var lines: [String] = []
        for (name, c) in [("A", diff.a), ("B", diff.b)] {
            let title = layout.wrap(c.scenario.displayTitle, indent: "   ")
            lines += title.enumerated().map { k, line in (k == 0 ? "\(name)  " : "   ") + layout.paint(String(line.dropFirst(3)), .strong) }
            lines += layout.wrap("\(Self.file(c)), as of \(c.asOf)", indent: "   ")
        }
        lines += layout.wrap(headline, indent: "    ", firstIndent: "")
        if let shown = shownParties { lines += layout.wrap(shown, indent: "    ", firstIndent: "") }
        if !diff.partiesOnlyInA.isEmpty {
            lines += layout.wrap(diff.partiesOnlyInA.joined(separator: ", "), indent: "    ", firstIndent: "parties only in A: ")
        }
        if !diff.partiesOnlyInB.isEmpty {
            lines += layout.wrap(diff.partiesOnlyInB.joined(separator: ", "), indent: "    ", firstIndent: "parties only in B: ")
        }
        if !changed.isEmpty {
            lines.append("")
            lines += summary()
        }
        for p in changed {
            lines.append("")
            lines += details(p)
        }
        lines.append("")
        if diff.packages.isEmpty && diff.onlyInA.isEmpty && diff.onlyInB.isEmpty {
            lines.append("Neither scenario has a package to compare.")
        }
        if !diff.movedOnly.isEmpty {
            lines.append("moved without a flip (scores, thresholds or broken red lines):")
            for p in diff.movedOnly {
                lines += layout.wrap("\(p.id): " + p.moved.map { Self.movement($0) }.joined(separator: "; "), indent: "      ", firstIndent: "  ")
            }
        }
        let unchanged = diff.unchanged.map(\.id)
        if !unchanged.isEmpty { lines += layout.wrap(unchanged.joined(separator: ", "), indent: "    ", firstIndent: "unchanged: ") }
        for (name, lone) in [("A", diff.onlyInA), ("B", diff.onlyInB)] where !lone.isEmpty {
            let list = lone.map { "\($0.id) (viable \(TextReport.viableCell($0.evaluation).0))" }
            lines += layout.wrap(list.joined(separator: ", "), indent: "    ", firstIndent: "only in \(name): ")
        }
        if lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per changed package: its viability and the parties that flip.
    private func summary() -> [String] {
        let packageWidth = min(max(changed.map(\.id.count).max() ?? 7, 7), 34) + 2
        let viableWidth = 16
        var lines = [
            layout.paint(
                TextReport.trimRight(TextLayout.pad("package", packageWidth) + TextLayout.pad("viable", viableWidth) + "parties that flip"), .dim)
        ]
        for p in changed {
            var id = p.id
            if id.count > packageWidth - 2 { id = String(id.prefix(packageWidth - 3)) + "…" }
            let (viable, width) = viability(p)
            var flips = p.parties.map(\.party).joined(separator: ", ")
            let room = layout.width - packageWidth - viableWidth
            if flips.count > room { flips = String(flips.prefix(room - 1)) + "…" }
            if flips.isEmpty { flips = "—" }
            lines.append(TextLayout.pad(id, packageWidth) + viable + String(repeating: " ", count: max(1, viableWidth - width)) + flips)
        }
        return lines
    }

    /// `? no → ? yes` painted (or the one value when it did not move), and its width.
    private func viability(_ p: ScenarioDiff.PackageComparison) -> (String, Int) {
        let (a, ta) = TextReport.viableCell(p.evaluation.a), (b, tb) = TextReport.viableCell(p.evaluation.b)
        guard p.viabilityFlipped else { return (layout.paint(a, ta), a.count) }
        return (layout.paint(a, ta) + " → " + layout.paint(b, tb), a.count + 3 + b.count)
    }

    private func details(_ p: ScenarioDiff.PackageComparison) -> [String] {
        var lines = layout.wrap(p.label.map { "\(p.id) — \($0)" } ?? p.id, indent: "    ", firstIndent: "").map { layout.paint($0, .strong) }
        lines.append("  viable: " + viability(p).0)
        if !p.terms.isEmpty {
            let terms = p.terms.map { "\($0.issue) \($0.a ?? "—") → \($0.b ?? "—")" }
            lines += layout.wrap(terms.joined(separator: " · "), indent: "    ", firstIndent: "  terms: ")
        }
        if p.parties.isEmpty { lines.append(diff.shownParties == nil ? "  no party's verdict changed" : "  no shown party's verdict changed") }
        for party in p.parties { lines += partyLines(party) }
        if !p.moved.isEmpty {
            lines += layout.wrap(
                p.moved.map { Self.movement($0) }.joined(separator: "; "), indent: "      ", firstIndent: "  moved without a flip: ")
        }
        return lines
    }

    private func cell(_ v: PartyVerdict?) -> (String, TextLayout.Tone) {
        v.map(TextReport.cell) ?? ("—", .dim)
    }

    private func partyLines(_ c: ScenarioDiff.PartyChange) -> [String] {
        let (a, ta) = cell(c.verdict.a), (b, tb) = cell(c.verdict.b)
        let gapA = String(repeating: " ", count: max(1, 10 - a.count)), gapB = String(repeating: " ", count: max(1, 11 - b.count))
        let scores = "score \(Self.scoreWithRange(c.verdict.a)) → \(Self.scoreWithRange(c.verdict.b))"
        let row = { (a: String, b: String) in "  " + TextLayout.pad(c.party, 15) + " " + a + gapA + "→ " + b + gapB + scores }
        let plain = row(a, b)
        var lines = [row(layout.paint(a, ta), layout.paint(b, tb))]
        if let va = c.verdict.a, let vb = c.verdict.b, va.threshold == vb.threshold {
            // Beside the scores where it fits the width, else below them.
            let threshold = "(threshold \(NumberFormat.threshold(va.threshold)))"
            if plain.count + 1 + threshold.count <= layout.width { lines[0] += " " + threshold } else { lines.append("    " + threshold) }
        }
        if c.causes.isEmpty { lines.append("    no position changed") }
        for cause in c.causes {
            lines += layout.wrap(Self.sentence(cause), indent: "        ", firstIndent: "    · ")
            if case .redLine(_, let rule, _, _) = cause.subject {
                lines += layout.wrap(rule, indent: "        ").map { layout.paint($0, .dim) }
            }
        }
        return lines
    }

    // MARK: Markdown

    func markdown() -> String {
        var out = ["# Diff: \(MarkdownReport.escape(diff.a.scenario.displayTitle)) → \(MarkdownReport.escape(diff.b.scenario.displayTitle))", ""]
        out.append("- **A**: \(MarkdownReport.code(Self.file(diff.a))), as of \(diff.a.asOf)")
        out.append("- **B**: \(MarkdownReport.code(Self.file(diff.b))), as of \(diff.b.asOf)")
        if !diff.partiesOnlyInA.isEmpty { out.append("- Parties only in A: " + diff.partiesOnlyInA.map { "`\($0)`" }.joined(separator: ", ")) }
        if !diff.partiesOnlyInB.isEmpty { out.append("- Parties only in B: " + diff.partiesOnlyInB.map { "`\($0)`" }.joined(separator: ", ")) }
        out.append("")
        for (name, c) in [("A", diff.a), ("B", diff.b)] { out += MarkdownReport.notes(c.scenario.dateNotes(on: c.asOf), label: name) }
        out += [headline + ".", ""]
        if let shown = shownPartiesSentence(code: MarkdownReport.code) { out += [shown, ""] }
        if !changed.isEmpty {
            out.append("| package | viable in A | viable in B | parties that flip |")
            out.append("|---|---|---|---|")
            for p in changed {
                let flips = p.parties.map { "\($0.party): \(Self.markdownCell($0.verdict.a)) → \(Self.markdownCell($0.verdict.b))" }
                out.append(
                    "| \(p.id) | \(MarkdownReport.viable(p.evaluation.a)) | \(MarkdownReport.viable(p.evaluation.b)) | "
                        + (flips.isEmpty ? "—" : flips.joined(separator: "; ")) + " |")
            }
            out.append("")
        }
        if !diff.movedOnly.isEmpty {
            out += ["Moved without a flip (scores, thresholds or broken red lines):", ""]
            out += diff.movedOnly.map { p in
                "- `\(p.id)`: " + MarkdownReport.escape(p.moved.map { Self.movement($0) }.joined(separator: "; "))
            }
            out.append("")
        }
        let unchanged = diff.unchanged.map { "`\($0.id)`" }
        if !unchanged.isEmpty { out += ["Unchanged: " + unchanged.joined(separator: ", ") + ".", ""] }
        for (name, lone) in [("A", diff.onlyInA), ("B", diff.onlyInB)] where !lone.isEmpty {
            out += [
                "Only in \(name): " + lone.map { "`\($0.id)` (viable \(MarkdownReport.viable($0.evaluation)))" }.joined(separator: ", ") + ".", "",
            ]
        }
        for p in changed {
            out.append("## \(p.id)" + (p.label.map { " — \(MarkdownReport.escape($0))" } ?? ""))
            out.append("")
            let viable = MarkdownReport.viable(p.evaluation.a)
            out.append("Viable: " + (p.viabilityFlipped ? "\(viable) → \(MarkdownReport.viable(p.evaluation.b))" : viable) + ".")
            out.append("")
            if !p.terms.isEmpty {
                out += [
                    "Terms: "
                        + p.terms.map { "`\($0.issue)` \(MarkdownReport.escape($0.a ?? "—")) → \(MarkdownReport.escape($0.b ?? "—"))" }.joined(
                            separator: ", ") + ".", "",
                ]
            }
            for c in p.parties {
                out.append(
                    "- **\(c.party)**: \(Self.markdownCell(c.verdict.a)) → \(Self.markdownCell(c.verdict.b)), score \(Self.scoreWithRange(c.verdict.a)) → \(Self.scoreWithRange(c.verdict.b))"
                )
                for cause in c.causes {
                    var line = "  - " + Self.sentence(cause, code: { "`\($0)`" }, text: MarkdownReport.escape)
                    if case .redLine(_, let rule, _, _) = cause.subject { line += " — " + MarkdownReport.escape(rule) }
                    out.append(line)
                }
            }
            if !p.moved.isEmpty {
                out.append("- Moved without a flip: " + MarkdownReport.escape(p.moved.map { Self.movement($0) }.joined(separator: "; ")))
            }
            if !p.parties.isEmpty || !p.moved.isEmpty { out.append("") }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    private static func markdownCell(_ v: PartyVerdict?) -> String { v.map(MarkdownReport.cell) ?? "—" }

    // MARK: JSON

    func json() -> String {
        JSONOutput.object([
            ("a", .string(Self.file(diff.a))),
            ("b", .string(Self.file(diff.b))),
            ("titles", Self.both(diff.a.scenario.displayTitle, diff.b.scenario.displayTitle) { .string($0) }),
            ("asOf", Self.both(diff.a.asOf, diff.b.asOf) { .string($0.description) }),
            (
                "notes",
                .object([
                    ("a", .array(diff.a.scenario.dateNotes(on: diff.a.asOf).map { .string($0) })),
                    ("b", .array(diff.b.scenario.dateNotes(on: diff.b.asOf).map { .string($0) })),
                ])
            ),
            ("packages", .array(diff.packages.map(package))),
            ("unchanged", .array(diff.unchanged.map { .string($0.id) })),
            ("onlyInA", .array(diff.onlyInA.map(Self.lone))),
            ("onlyInB", .array(diff.onlyInB.map(Self.lone))),
            ("partiesOnlyInA", .array(diff.partiesOnlyInA.map { .string($0) })),
            ("partiesOnlyInB", .array(diff.partiesOnlyInB.map { .string($0) })),
            ("partiesShown", diff.shownParties.map { shown in .array(shownOrder(shown).map { .string($0) }) } ?? .null),
        ]).rendered()
    }

    /// `{"a": …, "b": …}`, with null for a missing side.
    private static func both<T>(_ a: T?, _ b: T?, _ f: (T) -> JSONOutput) -> JSONOutput {
        .object([("a", a.map(f) ?? .null), ("b", b.map(f) ?? .null)])
    }

    private static func lone(_ p: ScenarioDiff.LonePackage) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("id", .string(p.id))]
        if let label = p.label { members.append(("label", .string(label))) }
        members.append(("viable", .string(p.evaluation.viable.rawValue)))
        members.append(("viableLean", .string(p.evaluation.viableLean.rawValue)))
        return .object(members)
    }

    private func package(_ p: ScenarioDiff.PackageComparison) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("id", .string(p.id))]
        if let label = p.label { members.append(("label", .string(label))) }
        members += [
            ("viable", Self.both(p.evaluation.a.viable, p.evaluation.b.viable) { .string($0.rawValue) }),
            ("viableLean", Self.both(p.evaluation.a.viableLean, p.evaluation.b.viableLean) { .string($0.rawValue) }),
            ("changed", .bool(p.changed)),
            (
                "terms",
                .array(
                    p.terms.map { t in
                        .object([("issue", .string(t.issue)), ("a", t.a.map { .string($0) } ?? .null), ("b", t.b.map { .string($0) } ?? .null)])
                    })
            ),
            ("parties", .array(p.parties.map(Self.party))),
            ("moved", .array(p.moved.map(Self.moved))),
        ]
        if diff.shownParties != nil { members.append(("flippedNotShown", .array(p.flippedNotShown.map { .string($0) }))) }
        return .object(members)
    }

    private static func moved(_ m: ScenarioDiff.Movement) -> JSONOutput {
        let a = m.verdict.a, b = m.verdict.b
        return .object([
            ("party", .string(m.party)),
            ("verdict", .string(a.verdict.rawValue)),
            ("lean", .string(a.lean.rawValue)),
            ("score", both(a.score, b.score) { .number($0) }),
            ("scoreRange", both(a.scoreRange, b.scoreRange) { .array([.number($0.lo), .number($0.hi)]) }),
            ("threshold", both(a.threshold, b.threshold) { .number($0.mid) }),
            ("thresholdRange", both(a.threshold, b.threshold) { .array([.number($0.lo), .number($0.hi)]) }),
            ("redLinesBrokenInAOnly", .array(m.brokenInAOnly.map { .string($0) })),
            ("redLinesBrokenInBOnly", .array(m.brokenInBOnly.map { .string($0) })),
            (
                "redLineLikelihoods",
                .array(
                    m.likelihoodMoved.map { c in
                        .object([("position", .string(c.id)), ("likelihood", both(c.likelihood.a, c.likelihood.b) { .number($0) })])
                    })
            ),
        ])
    }

    private static func party(_ c: ScenarioDiff.PartyChange) -> JSONOutput {
        let a = c.verdict.a, b = c.verdict.b
        return .object([
            ("party", .string(c.party)),
            ("verdict", both(a?.verdict, b?.verdict) { .string($0.rawValue) }),
            ("lean", both(a?.lean, b?.lean) { .string($0.rawValue) }),
            ("required", both(a?.required, b?.required) { .bool($0) }),
            ("score", both(a?.score, b?.score) { .number($0) }),
            ("scoreRange", both(a?.scoreRange, b?.scoreRange) { .array([.number($0.lo), .number($0.hi)]) }),
            ("threshold", both(a?.threshold, b?.threshold) { .number($0.mid) }),
            ("thresholdRange", both(a?.threshold, b?.threshold) { .array([.number($0.lo), .number($0.hi)]) }),
            ("responsible", .array(c.causes.map(cause))),
        ])
    }

    private static func cause(_ c: ScenarioDiff.Cause) -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("position", c.position.map { .string($0) } ?? .null),
            ("kind", .string(c.kind)),
            ("change", .array(c.changes.map { .string($0.rawValue) })),
            ("detail", .string(c.detail)),
        ]
        switch c.subject {
        case .redLine(_, let rule, let violated, let likelihood):
            members.append(("rule", .string(rule)))
            members.append(("violated", both(violated.a, violated.b) { .bool($0) }))
            members.append(("likelihood", both(likelihood.a, likelihood.b) { .number($0) }))
        case .demand(_, let weight, let satisfaction, let likelihood):
            members.append(("weight", both(weight.a, weight.b) { .array([.number($0.lo), .number($0.hi)]) }))
            members.append(("satisfaction", both(satisfaction.a, satisfaction.b) { .number($0.mid) }))
            members.append(("satisfactionRange", both(satisfaction.a, satisfaction.b) { .array([.number($0.lo), .number($0.hi)]) }))
            members.append(("likelihood", both(likelihood.a, likelihood.b) { .number($0) }))
        case .threshold(let t):
            members.append(("threshold", both(t.a, t.b) { .number($0.mid) }))
            members.append(("thresholdRange", both(t.a, t.b) { .array([.number($0.lo), .number($0.hi)]) }))
        case .requirement(let required, let rule):
            members.append(("required", both(required.a, required.b) { .bool($0) }))
            members.append(("rule", both(rule.a, rule.b) { .string($0) }))
        case .party(let present):
            members.append(("present", both(present.a, present.b) { .bool($0) }))
        }
        return .object(members)
    }
}
