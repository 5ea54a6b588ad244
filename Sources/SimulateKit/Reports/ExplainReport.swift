import Foundation

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
        case .uncertain: return "is uncertain, leaning \(v.lean.rawValue)"
        }
    }

    private func termWord(_ t: Term, _ i: Int) -> String { scenario.describe(t, of: i) }

    /// A verdict cell that wrapping keeps whole: `? accept`, `(REJECT)`.
    private static func cell(_ v: PartyVerdict) -> String { TextLayout.unbroken(TextReport.cell(v).0) }

    /// Why no change was found: none exists, none within `--max-changes`, or the search stopped
    /// before a number of changes that would try too many candidates. `winning` is the party
    /// sought, nil for the nearest viable package.
    private func notFound(winning id: String?, stoppedAt: Int?, least: Int?) -> String {
        let goal = id.map { "wins \($0) over without losing a party that accepts now" } ?? "makes the package viable"
        let whose = id.map { "\($0)'s broken red lines" } ?? "the broken red lines of the parties every package needs"
        if let least, least > explanation.changeableIssues, let stuck = unchangeableRedLine(of: id) {
            let issues = stuck.issues.map { scenario.issues[$0].id }.joined(separator: ", ")
            let why =
                stuck.issues.contains(where: explanation.frozen.contains)
                ? frozenNote : " (\(stuck.issues.count == 1 ? "it has" : "they have") no other term)"
            return (id.map { "No terms at all win \($0) over" } ?? "No package in the search space is viable")
                + ": \(scenario.parties[stuck.party].id)'s red line \(stuck.id), broken now, reads only \(issues), which explain cannot change"
                + why + "."
        }
        if let k = stoppedAt {
            let within = k > 1 ? "No change of up to \(NumberFormat.count(k - 1, "issue")) \(goal); " : ""
            let stop = k > explanation.maxChanges ? "more than explain tries." : "so explain stopped there."
            return within + "\(NumberFormat.count(k, "change")) would try more than \(NumberFormat.grouped(Explanation.candidateLimit)) "
                + "candidate packages, " + stop
        }
        if explanation.exhaustive {
            return id.map { "No terms at all win \($0) over while every party that accepts now keeps accepting" + frozenNote + "." }
                ?? "No package in the search space is viable" + frozenNote + "."
        }
        if let least, least > explanation.maxChanges + 1 {
            let narrow = id.map { " --party \($0)" } ?? ""
            return "No change of up to \(NumberFormat.count(explanation.maxChanges, "issue")) \(goal): a change must touch an issue of each of "
                + "\(whose), and no fewer than \(least) issues do. Try\(narrow) --max-changes \(least)."
        }
        return "No change of up to \(NumberFormat.count(explanation.maxChanges, "issue")) \(goal). Try --max-changes \(explanation.maxChanges + 1)."
    }

    /// A red line broken now that reads only issues explain cannot change: of the party `id`, or
    /// (nil) of a party every package needs.
    private func unchangeableRedLine(of id: String?) -> (party: Int, id: String, issues: [Int])? {
        let parties = id.flatMap(scenario.partyIndex).map { [$0] } ?? scenario.parties.indices.filter { scenario.parties[$0].required == .always }
        for p in parties {
            for k in explanation.before.verdicts[p].violatedRedLines.sorted() {
                let position = scenario.parties[p].positions[k]
                guard case .redLine(let r) = position.kind else { continue }
                let issues = SearchPlan.issues(of: r)
                if issues.allSatisfy(explanation.unchangeable.contains) { return (p, position.id, issues) }
            }
        }
        return nil
    }

    /// No change can win party `p` over: which of its red lines, and whose red lines forbid every
    /// term that meets it.
    private func blockedText(_ b: Explanation.Blocked, party p: Int) -> String {
        let parties = Set(b.by.map(\.party)).sorted().map { scenario.parties[$0].id }
        return
            "No change wins \(scenario.parties[p].id) over while \(parties.joined(separator: ", ")) \(parties.count == 1 ? "keeps" : "keep") accepting: "
            + "its " + Self.proof(b, party: p, in: scenario)
    }

    /// `red line crimea-recognition (likelihood 0.5) requires …; every term of crimea-status that
    /// meets it breaks ukraine's red line no-crimea-recognition.`
    static func proof(_ b: Explanation.Blocked, party p: Int, in scenario: Scenario) -> String {
        let position = scenario.parties[p].positions[b.redLine]
        let rule: String
        if case .redLine(let r) = position.kind { rule = PredicateText.describe(r, in: scenario) } else { rule = "" }
        let others = b.by.map { by -> String in
            let breaker = scenario.parties[by.party].positions[by.position]
            // A red line over more issues breaks whatever they hold (Explanation.alwaysBroken).
            var more = ""
            if case .redLine(let r) = breaker.kind, SearchPlan.issues(of: r).count > 1 { more = " whatever its other issues hold" }
            return "\(scenario.parties[by.party].id)'s red line \(breaker.id)\(more)"
        }
        return "red line \(position.id)\(TextReport.likelihood(position)) \(rule); every term of \(scenario.issues[b.issue].id) that meets it breaks "
            + (others.count == 1 ? others[0] : "one of these: " + others.joined(separator: "; ")) + "."
    }

    /// No package can be viable for certain, and why.
    private func nearestBlockedText(_ blocked: (party: Int, blocked: Explanation.Blocked)) -> String {
        "No package can be viable for certain, " + Self.noViableReason(blocked, in: scenario)
    }

    /// `since every package needs russia and ukraine to accept: russia's red line …`
    static func noViableReason(_ blocked: (party: Int, blocked: Explanation.Blocked), in scenario: Scenario) -> String {
        let others = Set(blocked.blocked.by.map(\.party)).sorted().map { scenario.parties[$0].id }
        return "since every package needs \(scenario.parties[blocked.party].id) and \(others.joined(separator: ", ")) to accept: "
            + "\(scenario.parties[blocked.party].id)'s " + proof(blocked.blocked, party: blocked.party, in: scenario)
    }

    /// The issues held at the package's terms, when there are any, each with the reason search
    /// cannot enumerate it: "no terms at all" covers the others only.
    private var frozenNote: String {
        guard !explanation.frozen.isEmpty else { return "" }
        let issues = explanation.frozen.map { scenario.issues[$0] }
        let unstepped = issues.filter { $0.kind == .number }.map(\.id), large = issues.filter { $0.kind == .set }.map(\.id)
        // Name the issues beside their reason only when there are both kinds.
        func named(_ ids: [String]) -> String { unstepped.isEmpty || large.isEmpty ? "" : " (\(ids.joined(separator: ", ")))" }
        var reasons: [String] = []
        if !unstepped.isEmpty { reasons.append((unstepped.count == 1 ? "a number issue" : "number issues") + " without a step" + named(unstepped)) }
        if !large.isEmpty {
            reasons.append((large.count == 1 ? "a set" : "sets") + " of more than \(SearchSpace.maxSetOptions) options" + named(large))
        }
        return " (keeping \(issues.map(\.id).joined(separator: ", ")) at the package's \(issues.count == 1 ? "term" : "terms"): "
            + "search cannot enumerate \(reasons.joined(separator: " or ")))"
    }

    /// Reject, then uncertain leaning reject, uncertain leaning accept, accept.
    private static func rank(_ v: PartyVerdict) -> Int {
        switch v.verdict {
        case .reject: return 0
        case .uncertain: return v.lean == .accept ? 2 : 1
        case .accept: return 3
        }
    }

    /// What a change does to the rest of the package, as a sentence: its viability before and
    /// after, and each party that must agree afterwards, does not accept, and either had to agree
    /// before and is now worse off, or did not have to agree before. The search for the change keeps only the
    /// accepting parties accepting, so this is where its price to the others shows.
    private func outcome(_ c: Explanation.Change, wonOver: Int) -> String {
        let after = c.after
        var others: [String] = []
        for v in after.verdicts where v.required && v.verdict != .accept && v.party != wonOver {
            let was = explanation.before.verdicts[v.party]
            let id = scenario.parties[v.party].id
            // Red lines the change breaks that the package met: worse off even when neither the
            // verdict nor the score moves (a party that rejects anyway, a score kept by demands).
            let newly = Explanation.newlyBroken(v.violatedRedLines, since: was).map { scenario.parties[v.party].positions[$0].id }
            let breaking = newly.isEmpty ? "" : ", newly breaking red line\(newly.count == 1 ? "" : "s") \(newly.joined(separator: ", "))"
            if !was.required {
                others.append("\(id) now has to agree: \(Self.cell(v))")
            } else if Self.rank(v) < Self.rank(was) || v.score < was.score - 5e-3 {
                others.append(
                    "\(id) \(Self.cell(was)) → \(Self.cell(v)), score \(NumberFormat.score(was.score)) → \(NumberFormat.score(v.score))"
                        + breaking)
            } else if !newly.isEmpty {
                others.append("\(id) still \(Self.cell(v))" + breaking)
            }
        }
        if explanation.before.verdicts[wonOver].required && !after.verdicts[wonOver].required {
            others.insert("\(scenario.parties[wonOver].id) no longer has to agree", at: 0)
        }
        let viable = TextLayout.unbroken("\(TextReport.viableCell(explanation.before).0) → \(TextReport.viableCell(after).0)")
        return "The package after them: viable \(viable)"
            + (others.isEmpty ? "; none of the parties that must agree and do not accept is worse off." : "; " + others.joined(separator: "; ") + ".")
    }

    /// Whether a change that wins the party over also leaves it out of the deal: it had to agree,
    /// and after the change it does not (a guarantor dropped from the guarantors).
    private func dropsParty(_ c: Explanation.Change, _ p: Int) -> Bool {
        explanation.before.verdicts[p].required && !c.after.verdicts[p].required
    }

    /// "The fewest changes that win turkey over …"; when they also leave it out of the deal, says
    /// so (they still make it accept: that is what they are the fewest for).
    private func heading(_ c: Explanation.Change, party p: Int) -> String {
        let id = scenario.parties[p].id
        let out = dropsParty(c, p) ? " (they also leave it out of the deal: it no longer has to agree)" : ""
        return "The fewest changes that win \(id) over\(out) while every party that accepts keeps accepting (\(c.terms.count))"
    }

    /// `red line prolong-the-war (likelihood 0.1)`, `red lines a, b`.
    private func redLines(_ v: PartyVerdict) -> String {
        let positions = scenario.parties[v.party].positions
        let names = v.violatedRedLines.map { positions[$0].id + TextReport.likelihood(positions[$0]) }
        return (names.count == 1 ? "red line " : "red lines ") + names.joined(separator: ", ")
    }

    /// Why a changed issue is in the change, in words: `for prolong-the-war; keeps ukraine
    /// accepting: concrete-results`. `sought` is the party won over (its positions need no
    /// name), nil for the nearest viable package; `code` writes an id.
    func reasonText(_ reasons: [Explanation.Reason], sought: Int?, code: (String) -> String = { $0 }) -> String {
        reasons.map { r in
            let party = code(scenario.parties[r.party].id)
            let positions = r.positions.map { code(scenario.parties[r.party].positions[$0].id) }.joined(separator: ", ")
            switch r.role {
            case .winsOver:
                if r.party == sought { return "for " + (positions.isEmpty ? party : positions) }
                return "for \(party)" + (positions.isEmpty ? "" : ": " + positions)
            case .keepsAccepting:
                return "keeps \(party) accepting" + (positions.isEmpty ? "" : ": " + positions)
            case .keepsOut:
                return "keeps out \(party), which would not accept"
            }
        }.joined(separator: "; ")
    }

    private func changeLines(_ c: Explanation.Change, sought: Int?, indent: String) -> [String] {
        var lines: [String] = []
        for (k, t) in c.terms.enumerated() {
            let why = reasonText(c.reasons[k], sought: sought)
            var line = "\(scenario.issues[t.issue].id): \(termWord(t.from, t.issue)) → \(termWord(t.to, t.issue))"
            if !why.isEmpty { line += " (\(why))" }
            lines += layout.wrap(line, indent: indent + "    ", firstIndent: indent + "• ")
        }
        lines += layout.wrap(costSentence(c), indent: indent)
        return lines
    }

    /// What each party that accepts now loses in score by the change (drops below 0.005, which
    /// the reports' two decimals cannot show, are left out).
    private func losses(_ c: Explanation.Change) -> [(party: Int, drop: Double)] {
        allLosses(c).filter { $0.drop > 5e-3 }
    }

    /// What each party that accepts now loses in score by the change (negative: it gains).
    private func allLosses(_ c: Explanation.Change) -> [(party: Int, drop: Double)] {
        explanation.accepting.map { p in (p, explanation.before.verdicts[p].score - c.scores[p]) }
    }

    /// `Cost to the parties that accept now: ukraine −0.03.`
    private func costSentence(_ c: Explanation.Change) -> String {
        let losses = losses(c).map { "\(scenario.parties[$0.party].id) −\(NumberFormat.score($0.drop))" }
        return losses.isEmpty
            ? "No party that accepts now loses score." : "Cost to the parties that accept now: " + losses.joined(separator: ", ") + "."
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
            var head = "\(id) \(verdictWord(w.before)): \(TextReport.scoreAgainstThreshold(w.before))"
            if !w.before.violatedRedLines.isEmpty { head += "; " + redLines(w.before) }
            lines += layout.wrap(head, indent: "  ").map { layout.paint($0, .strong) }
            if !w.before.required {
                lines += layout.wrap("\(id) does not have to agree to this package: winning it over does not decide its viability.", indent: "  ")
            }
            if let c = w.change {
                lines += layout.wrap(heading(c, party: w.party) + ":", indent: "  ")
                lines += changeLines(c, sought: w.party, indent: "    ")
                lines += layout.wrap(outcome(c, wonOver: w.party), indent: "    ")
            } else {
                lines += layout.wrap(
                    w.blocked.map { blockedText($0, party: w.party) } ?? notFound(winning: id, stoppedAt: w.stoppedAt, least: w.leastChanges),
                    indent: "  ")
            }
        }
        if explanation.before.viable != .yes {
            lines.append("")
            if let c = explanation.nearestViable {
                lines.append(layout.paint("Nearest viable package (\(c.terms.count) change\(c.terms.count == 1 ? "" : "s")):", .strong))
                lines += changeLines(c, sought: nil, indent: "    ")
            } else {
                lines += layout.wrap(
                    explanation.nearestBlocked.map(nearestBlockedText)
                        ?? notFound(winning: nil, stoppedAt: explanation.nearestStoppedAt, least: explanation.nearestLeastChanges), indent: "")
                if let hint = leaningViableHint() { lines += layout.wrap(hint, indent: "") }
            }
        }
        if let footnote = candidatesFootnote {
            lines.append("")
            lines.append(layout.paint(footnote, .dim))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var candidatesFootnote: String? {
        guard explanation.candidates > 0 else { return nil }
        let count = NumberFormat.grouped(UInt64(explanation.candidates))
        return "(\(count) candidate \(explanation.candidates == 1 ? "package" : "packages") evaluated; changes use the search grid.)"
    }

    /// When no change makes the package viable for certain but one found above for a party
    /// makes it lean viable (`? no` → `? yes`), that change, with the fewest issues: otherwise it
    /// would stand only under a party that may not even have to agree.
    private var leaningViableChange: (party: Int, change: Explanation.Change)? {
        guard explanation.nearestViable == nil, explanation.before.viable != .yes, explanation.before.viableLean != .yes else { return nil }
        return explanation.winOvers.compactMap { w in w.change.map { (w.party, $0) } }
            .filter { $0.1.after.viable == .uncertain && $0.1.after.viableLean == .yes }
            .min { $0.1.terms.count < $1.1.terms.count }
    }

    private func leaningViableHint() -> String? {
        guard let (party, change) = leaningViableChange else { return nil }
        let terms = change.terms.map { "\(scenario.issues[$0.issue].id) → \(termWord($0.to, $0.issue))" }.joined(separator: ", ")
        return "Closest found: \(terms) (under \(scenario.parties[party].id) above) makes it ? yes, viable at the midpoint "
            + "reading though not for certain."
    }

    /// A proof that no package can be viable, as JSON: the party, its red line, the issue, and
    /// the red lines that forbid each term meeting it.
    static func noViableJSON(_ blocked: (party: Int, blocked: Explanation.Blocked), in scenario: Scenario) -> JSONOutput {
        guard case .object(let members) = blockedJSON(blocked.blocked, party: blocked.party, in: scenario) else { return .null }
        return .object([("party", .string(scenario.parties[blocked.party].id))] + members)
    }

    private static func blockedJSON(_ b: Explanation.Blocked, party p: Int, in scenario: Scenario) -> JSONOutput {
        .object([
            ("redLine", .string(scenario.parties[p].positions[b.redLine].id)),
            ("issue", .string(scenario.issues[b.issue].id)),
            (
                "redLines",
                .array(
                    b.by.map {
                        .object([
                            ("party", .string(scenario.parties[$0.party].id)),
                            ("position", .string(scenario.parties[$0.party].positions[$0.position].id)),
                        ])
                    })
            ),
        ])
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
                            (
                                "reasons",
                                .array(
                                    c.reasons[k].map { r in
                                        .object([
                                            ("party", .string(scenario.parties[r.party].id)), ("role", .string(r.role.rawValue)),
                                            ("positions", .array(r.positions.map { .string(scenario.parties[r.party].positions[$0].id) })),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("terms", JSONReport.terms(c.package, scenario)),
            ("lossToAccepting", .number(c.loss)),
            (
                "losses",
                .object(allLosses(c).map { (scenario.parties[$0.party].id, .number($0.drop)) })
            ),
            ("scores", .object(scenario.parties.indices.map { (scenario.parties[$0].id, .number(c.scores[$0])) })),
            (
                "after",
                .object([
                    ("viable", .string(c.after.viable.rawValue)),
                    ("viableLean", .string(c.after.viableLean.rawValue)),
                    ("verdicts", .array(c.after.verdicts.map { .object(JSONReport.verdictSummary($0, scenario)) })),
                ])
            ),
        ])
    }

    func json() -> String {
        JSONOutput.object([
            ("scenario", .string(scenario.displayTitle)),
            ("asOf", .string(explanation.compiled.asOf.description)),
            ("notes", .array(scenario.dateNotes(on: explanation.compiled.asOf).map { .string($0) })),
            ("package", .string(package.id)),
            ("viable", .string(explanation.before.viable.rawValue)),
            ("viableLean", .string(explanation.before.viableLean.rawValue)),
            ("accepting", .array(explanation.accepting.map { .string(scenario.parties[$0].id) })),
            (
                "parties",
                .array(
                    explanation.winOvers.map { w in
                        .object(
                            JSONReport.verdictSummary(w.before, scenario) + [
                                ("winOver", w.change.map(changeJSON) ?? .null),
                                ("leavesPartyOut", w.change.map { .bool(dropsParty($0, w.party)) } ?? .null),
                                ("stoppedAt", w.stoppedAt.map { .int($0) } ?? .null),
                                ("leastChanges", w.leastChanges.map { .int($0) } ?? .null),
                                ("blockedBy", w.blocked.map { Self.blockedJSON($0, party: w.party, in: scenario) } ?? .null),
                            ])
                    }
                )
            ),
            ("nearestViable", explanation.nearestViable.map(changeJSON) ?? .null),
            ("nearestViableStoppedAt", explanation.nearestStoppedAt.map { .int($0) } ?? .null),
            ("nearestViableLeastChanges", explanation.nearestLeastChanges.map { .int($0) } ?? .null),
            ("nearestViableBlockedBy", explanation.nearestBlocked.map { Self.noViableJSON($0, in: scenario) } ?? .null),
            (
                "leaningViable",
                leaningViableChange.map { .object([("party", .string(scenario.parties[$0.party].id)), ("change", changeJSON($0.change))]) } ?? .null
            ),
            ("maxChanges", .int(explanation.maxChanges)),
            ("candidatesEvaluated", .int(explanation.candidates)),
        ]).rendered()
    }

    func markdown() -> String {
        // The sentences are the text report's, in plain words: escaped, they read as written.
        let esc = MarkdownReport.escape
        var out = [
            "# Explain: `\(package.id)`" + (package.label.map { " — " + MarkdownReport.escape($0) } ?? ""), "",
            "As of \(explanation.compiled.asOf); viable: \(MarkdownReport.viable(explanation.before)).",
        ]
        // Each section below starts with its blank line.
        let notes = MarkdownReport.notes(scenario.dateNotes(on: explanation.compiled.asOf))
        if !notes.isEmpty { out += [""] + notes.dropLast() }
        func list(_ c: Explanation.Change, sought: Int?) -> [String] {
            c.terms.enumerated().map { k, t in
                let why = reasonText(c.reasons[k], sought: sought) { "`\($0)`" }
                return "- `\(scenario.issues[t.issue].id)`: \(esc(termWord(t.from, t.issue))) → \(esc(termWord(t.to, t.issue)))"
                    + (why.isEmpty ? "" : " (\(why))")
            }
        }
        for w in explanation.winOvers {
            out += ["", "## \(scenario.parties[w.party].id) \(verdictWord(w.before))", ""]
            let score = TextReport.scoreAgainstThreshold(w.before)
            var head = score.prefix(1).uppercased() + score.dropFirst()
            if !w.before.violatedRedLines.isEmpty { head += "; " + redLines(w.before) }
            out += [esc(head) + ".", ""]
            if !w.before.required { out += ["It does not have to agree to this package: winning it over does not decide its viability.", ""] }
            if let c = w.change {
                out += [esc(heading(c, party: w.party)) + ":", ""]
                out += list(c, sought: w.party)
                out += ["", esc(costSentence(c))]
                out += ["", esc(outcome(c, wonOver: w.party).replacingOccurrences(of: TextLayout.noBreak, with: " "))]
            } else {
                out.append(
                    esc(
                        w.blocked.map { blockedText($0, party: w.party) }
                            ?? notFound(winning: scenario.parties[w.party].id, stoppedAt: w.stoppedAt, least: w.leastChanges)))
            }
        }
        if explanation.before.viable != .yes {
            out += ["", "## Nearest viable package", ""]
            if let c = explanation.nearestViable {
                out += list(c, sought: nil)
                out += ["", esc(costSentence(c))]
            } else {
                out.append(
                    esc(
                        explanation.nearestBlocked.map(nearestBlockedText)
                            ?? notFound(winning: nil, stoppedAt: explanation.nearestStoppedAt, least: explanation.nearestLeastChanges)))
                if let hint = leaningViableHint() { out += ["", esc(hint)] }
            }
        }
        if let footnote = candidatesFootnote { out += ["", esc(footnote)] }
        return out.joined(separator: "\n") + "\n"
    }
}
