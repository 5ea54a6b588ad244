/// Renderings of a ``SearchResult``: text for the terminal, Markdown, and JSON with the
/// contract's core keys (`packagesExamined`, `viable`, `uncertain`, `paretoFrontier`, `best`).
struct SearchReport {
    var compiled: CompiledScenario
    var result: SearchResult
    var fixed: [Int: Term]
    var improve: Int?
    /// The package `--around` named, if any (its terms are the fixed ones).
    var around: Int?
    var layout = TextLayout()
    /// For each of `result.bestLeaning`, the share of samples in which it is viable.
    var viableShares: [Double]?
    /// When nothing is viable for certain: why no package of the space can be, if explain's proof
    /// finds it (``Explanation/viabilityBlocked(_:terms:domains:)``).
    var noViableProof: (party: Int, blocked: Explanation.Blocked)?

    /// The samples and seed of those shares: what `simulate sensitivity` draws by default.
    static let shareSamples = 1000
    static let shareSeed: UInt64 = 1
    /// How many of the best uncertain packages get a share (about 4 ms each on the shipped model).
    static let sharesShown = 10

    private var scenario: Scenario { compiled.scenario }

    /// `viable in 34% of samples`, for the k-th best uncertain package.
    private func shareText(_ k: Int) -> String? {
        guard let shares = viableShares, k < shares.count else { return nil }
        return "viable in \(SensitivityReport.percent(shares[k])) of samples"
    }

    /// The terms of the issues not pinned, as `issue value` pairs joined by ` · ` (for text,
    /// kept together when wrapped).
    private func termsText(_ terms: [Term], wrapped: Bool = false) -> String {
        let pairs = scenario.issues.indices.filter { fixed[$0] == nil }.map { "\(scenario.issues[$0].id) \(scenario.describe(terms[$0], of: $0))" }
        return wrapped ? TextLayout.pairs(pairs) : pairs.joined(separator: " · ")
    }

    /// The scores of the parties the package needs (those the objective reads); `wrapped` keeps
    /// each party beside its score when the text is wrapped (`turkey 0.80`).
    private func scoresText(_ p: FoundPackage, wrapped: Bool = false) -> String {
        let pairs = result.mustAgree.filter { p.required[$0] }.map { "\(scenario.parties[$0].id) \(NumberFormat.score(p.scores[$0]))" }
        return wrapped ? TextLayout.pairs(pairs) : pairs.joined(separator: " · ")
    }

    private var fixedText: String {
        fixed.keys.sorted().map { "\(scenario.issues[$0].id)=\(scenario.describe(fixed[$0]!, of: $0))" }.joined(separator: " · ")
    }

    /// What was pinned, in words: the issues varied around a package, or the fixed terms.
    private var scopeText: String {
        if let around {
            let varied = scenario.issues.indices.filter { fixed[$0] == nil }.map { scenario.issues[$0].id }
            let terms = scenario.packages[around].terms
            // --fix on top of --around: the terms that differ from the package's.
            let overrides = fixed.keys.sorted().filter { fixed[$0] != terms[$0] }.map { i in
                "\(scenario.issues[i].id) \(scenario.describe(fixed[i]!, of: i)) (the package has \(scenario.describe(terms[i], of: i)))"
            }
            return "varying \(varied.joined(separator: ", ")) around '\(scenario.packages[around].id)'"
                + (overrides.isEmpty ? "" : ", with \(overrides.joined(separator: ", "))")
        }
        return fixed.isEmpty ? "" : "with \(fixedText)"
    }

    // MARK: Text

    /// How the examined packages were decided: one by one, or in bulk by pruning.
    private var howExamined: String {
        if result.evaluated == result.examined { return "each one by one" }
        if result.evaluated == 0 { return "all settled in bulk" }
        return "\(NumberFormat.grouped(result.evaluated)) one by one, the rest settled in bulk"
    }

    func text() -> String {
        var lines: [String] = []
        lines += layout.wrap("Search: \(scenario.displayTitle)", indent: "    ", firstIndent: "").map { layout.paint($0, .strong) }
        lines += layout.wrap(
            "as of \(compiled.asOf) · \(NumberFormat.count(scenario.issues.count, "issue")) · \(NumberFormat.count(result.spaceSize, "package")) in the space"
                + (scopeText.isEmpty ? "" : " " + scopeText), indent: "    ", firstIndent: "")
        lines.append("")
        let notViable = result.examined - result.viable - result.uncertain
        lines += layout.wrap(
            "Examined \(NumberFormat.count(result.examined, "package")) in \(NumberFormat.duration(result.seconds)) on \(NumberFormat.count(result.threads, "thread")) "
                + "(\(howExamined)):", indent: "", firstIndent: "")
        lines.append(
            "  " + layout.paint("\(NumberFormat.grouped(result.viable)) viable", .good) + " · "
                + layout.paint("\(NumberFormat.grouped(result.uncertain)) uncertain", .doubtful) + " · "
                + "\(NumberFormat.grouped(notViable)) not viable")
        if result.viable == 0 {
            lines.append("")
            for paragraph in nothingViable { lines += layout.wrap(paragraph, indent: "") }
            if !result.bestLeaning.isEmpty {
                lines.append("")
                lines.append(
                    (result.bestLeaning.count == 1
                        ? "The best uncertain package that leans viable"
                        : "Best \(result.bestLeaning.count) uncertain packages that lean viable") + ", by \(result.objective.summary):")
                lines += list(result.bestLeaning, shares: true)
                if viableShares != nil {
                    lines += layout.wrap(
                        "Shares: the ranges and likelihoods sampled \(NumberFormat.grouped(UInt64(Self.shareSamples))) times with seed \(Self.shareSeed), as 'simulate sensitivity' draws them"
                            + (result.bestLeaning.count > Self.sharesShown ? ", for the first \(Self.sharesShown)" : "")
                            + ". A share is not a forecast: it counts readings of the model, not chances in the world.",
                        indent: "  ", firstIndent: "  "
                    ).map { layout.paint($0, .dim) }
                }
            }
        }
        if let improvements = improvementsSentence {
            lines.append("")
            lines += layout.wrap(improvements, indent: "")
            lines += list(result.improvements)
        }
        if !result.best.isEmpty && improve == nil {
            lines.append("")
            lines.append(
                (result.best.count == 1 ? "The best package" : "Best \(result.best.count) packages")
                    + " by \(result.objective.summary), over the parties each package needs:")
            lines += list(result.best)
        }
        if let frontier = frontierSentence {
            lines.append("")
            lines += layout.wrap(frontier, indent: "")
        }
        if let ks = result.kalaiSmorodinsky {
            lines.append("")
            lines += layout.wrap(Self.kalaiSmorodinskyHeading + ":", indent: "")
            lines += entry(ks, number: nil)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// When nothing is viable for certain: what the counts mean, what to try, and the proof that
    /// nothing can be, where explain finds one.
    private var nothingViable: [String] {
        guard result.viable == 0 else { return [] }
        let advice =
            result.uncertain > 0
            ? "No package is viable for certain; \(NumberFormat.grouped(result.uncertain)) are viable for some readings of the uncertain positions, \(NumberFormat.grouped(result.leaningViable)) of them at the midpoint reading."
                + (result.leaningViable == 0
                    ? " Try 'simulate sensitivity' to see how often a package is accepted, or 'simulate explain' on a package to see what it would take."
                    : "")
            : "No package is viable: in every package some required party rejects. Try 'simulate explain' on a package to see what it would take."
        guard let proof = noViableProof else { return [advice] }
        return [advice, "None can be viable for certain, " + ExplainReport.noViableReason(proof, in: scenario)]
    }

    /// With `--improve`: how many viable packages improve on the package, or why none can.
    private var improvementsSentence: String? {
        guard let base = improve else { return nil }
        let id = scenario.packages[base].id
        guard result.viable > 0 else {
            return "Pareto improvements on '\(id)': none can be counted, since no package is viable for certain and an improvement must be "
                + "viable (this does not make '\(id)' efficient)."
        }
        return
            "Pareto improvements on '\(id)': \(NumberFormat.grouped(result.improvementCount)) viable package\(result.improvementCount == 1 ? " leaves" : "s leave") no party that may have to agree worse off and one better off."
    }

    static let kalaiSmorodinskyHeading =
        "Kalai–Smorodinsky package (the greatest least share of each party's best gain on the frontier, over the parties each package needs)"

    /// The frontier in one sentence, with how many of the listed packages are on it.
    private var frontierSentence: String? {
        guard !result.frontier.isEmpty else { return nil }
        let onFrontier = Set(result.frontier.map(\.index))
        let listed = improve == nil ? result.best : result.improvements
        let shown = listed.filter { onFrontier.contains($0.index) }.count
        let count = result.frontier.count
        let onIt: String
        switch (shown, listed.count) {
        case (_, 0): onIt = ""
        case (0, _): onIt = " None of those listed above is on it."
        case (let k, let n) where k == n: onIt = n == 1 ? " The package listed above is on it." : " All \(n) listed above are on it."
        case (1, _): onIt = " 1 of those listed above is on it."
        case (let k, _): onIt = " \(k) of those listed above are on it."
        }
        return
            "Pareto frontier: \(NumberFormat.grouped(UInt64(count))) viable package\(count == 1 ? "" : "s") that no other viable package beats: none is as good for every party that may have to agree (\(result.mustAgree.map { scenario.parties[$0].id }.joined(separator: ", "))) and better for one.\(onIt)"
            + (count > 1 ? " --format json lists them all." : "")
    }

    private func list(_ packages: [FoundPackage], shares: Bool = false) -> [String] {
        packages.enumerated().flatMap { k, p in entry(p, number: k + 1, share: shares ? shareText(k) : nil) }
    }

    private func entry(_ p: FoundPackage, number: Int?, share: String? = nil) -> [String] {
        let head =
            (number.map { String($0).leftPadded(3) + ". " } ?? "     ") + "\(result.objective.rawValue) \(NumberFormat.fixed(p.objective, 4))  "
        var lines = layout.wrap(
            scoresText(p, wrapped: true) + (share.map { TextLayout.noBreak + "· " + TextLayout.unbroken($0) } ?? ""), indent: "          ",
            firstIndent: head)
        lines += layout.wrap(termsText(p.terms, wrapped: true), indent: "          ", firstIndent: "     ").map { layout.paint($0, .dim) }
        return lines
    }

    // MARK: JSON

    func json() -> String {
        func package(_ p: FoundPackage) -> JSONOutput {
            .object([
                ("terms", JSONReport.terms(p.terms, scenario)),
                ("scores", .object(result.mustAgree.map { (scenario.parties[$0].id, .number(p.scores[$0])) })),
                ("objective", .number(p.objective)),
                ("required", .array(result.mustAgree.filter { p.required[$0] }.map { .string(scenario.parties[$0].id) })),
                ("index", .number(Double(p.index))),
            ])
        }
        var members: [(String, JSONOutput)] = [
            ("scenario", .string(scenario.displayTitle)),
            ("asOf", .string(compiled.asOf.description)),
            ("notes", .array(scenario.dateNotes(on: compiled.asOf).map { .string($0) })),
            ("packagesExamined", .number(Double(result.examined))),
            ("viable", .number(Double(result.viable))),
            ("uncertain", .number(Double(result.uncertain))),
            ("paretoFrontier", .array(result.frontier.map(package))),
            ("best", .array(result.best.map(package))),
            ("objective", .string(result.objective.rawValue)),
            ("spaceSize", .number(result.spaceSize)),
            ("packagesEvaluated", .number(Double(result.evaluated))),
            ("fixed", .object(fixed.keys.sorted().map { (scenario.issues[$0].id, JSONReport.term(fixed[$0]!, of: $0, scenario)) })),
            ("mustAgree", .array(result.mustAgree.map { .string(scenario.parties[$0].id) })),
            ("kalaiSmorodinsky", result.kalaiSmorodinsky.map(package) ?? .null),
            ("uncertainLeaningViable", .number(Double(result.leaningViable))),
            (
                "bestUncertain",
                .array(
                    result.bestLeaning.enumerated().map { k, p in
                        guard case .object(var members) = package(p), let shares = viableShares, k < shares.count else { return package(p) }
                        members.append(("viableShare", .number(shares[k])))
                        return .object(members)
                    })
            ),
            ("shareSamples", .number(Double(Self.shareSamples))),
            ("shareSeed", .unsigned(Self.shareSeed)),
            ("noViableBecause", noViableProof.map { ExplainReport.noViableJSON($0, in: scenario) } ?? .null),
            ("seconds", .number(result.seconds)),
        ]
        if let base = improve {
            members.append(
                (
                    "improve",
                    .object([
                        ("package", .string(scenario.packages[base].id)),
                        ("count", .number(Double(result.improvementCount))),
                        ("best", .array(result.improvements.map(package))),
                    ])
                ))
        }
        return JSONOutput.object(members).rendered()
    }

    // MARK: Markdown

    func markdown() -> String {
        var out = ["# Search: \(MarkdownReport.escape(scenario.displayTitle))", ""]
        out.append(
            "As of \(compiled.asOf). \(NumberFormat.count(result.spaceSize, "package")) in the space"
                + (scopeText.isEmpty ? "." : " \(MarkdownReport.escape(scopeText))."))
        out.append("")
        out += MarkdownReport.notes(scenario.dateNotes(on: compiled.asOf))
        out.append("| examined | viable | uncertain | not viable | frontier |")
        out.append("|---:|---:|---:|---:|---:|")
        out.append(
            "| \(NumberFormat.grouped(result.examined)) | \(NumberFormat.grouped(result.viable)) | \(NumberFormat.grouped(result.uncertain)) | \(NumberFormat.grouped(result.examined - result.viable - result.uncertain)) | \(result.frontier.count) |"
        )
        for paragraph in nothingViable { out += ["", MarkdownReport.escape(paragraph)] }
        if let improvements = improvementsSentence { out += ["", MarkdownReport.escape(improvements)] }
        let listed = improve == nil ? (result.best.isEmpty ? result.bestLeaning : result.best) : result.improvements
        if !listed.isEmpty {
            out.append("")
            out.append(
                improve == nil
                    ? (result.best.isEmpty
                        ? "## Best uncertain packages that lean viable, by \(result.objective.summary)" : "## Best by \(result.objective.summary)")
                    : "## Pareto improvements on `\(scenario.packages[improve!].id)` (\(NumberFormat.grouped(result.improvementCount)) in all)")
            out.append("")
            let parties = result.mustAgree.map { scenario.parties[$0].id }
            let shares = improve == nil && result.best.isEmpty ? viableShares : nil
            out.append(
                "| # | \(result.objective.rawValue) | " + parties.joined(separator: " | ") + (shares == nil ? "" : " | viable in samples")
                    + " | terms |")
            out.append("|---:|---:|" + parties.map { _ in "---:|" }.joined() + (shares == nil ? "" : "---:|") + "---|")
            for (k, p) in listed.enumerated() {
                // As in the verdict matrix: (…) for a party this package does not need.
                let scores = result.mustAgree.map { p.required[$0] ? NumberFormat.score(p.scores[$0]) : "(\(NumberFormat.score(p.scores[$0])))" }
                let share = shares.map { k < $0.count ? " | \(SensitivityReport.percent($0[k]))" : " | " } ?? ""
                out.append(
                    "| \(k + 1) | \(NumberFormat.fixed(p.objective, 4)) | " + scores.joined(separator: " | ") + share
                        + " | \(MarkdownReport.escape(termsText(p.terms))) |")
            }
            if shares != nil {
                out.append("")
                out.append(
                    "Viable in samples: the ranges and likelihoods sampled \(NumberFormat.grouped(UInt64(Self.shareSamples))) times with seed \(Self.shareSeed), as `simulate sensitivity` draws them; a share is not a forecast."
                )
            }
        }
        if listed.contains(where: { p in result.mustAgree.contains { !p.required[$0] } }) {
            out += ["", "(…) = a score of a party this package does not need; the objective leaves it out."]
        }
        if let frontier = frontierSentence { out += ["", MarkdownReport.escape(frontier)] }
        if let ks = result.kalaiSmorodinsky {
            out.append("")
            out.append("\(Self.kalaiSmorodinskyHeading): \(MarkdownReport.escape(termsText(ks.terms))) (\(scoresText(ks))).")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
