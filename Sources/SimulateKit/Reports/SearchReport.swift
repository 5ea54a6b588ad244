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
    /// For each of the first ``sharesShown`` of ``uncertainListed``, the share of samples in
    /// which it is viable.
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

    /// The uncertain packages the report ranks: those that lean viable, by the objective; when
    /// none does and nothing is viable for certain, the nearest to viable, by their least margin
    /// at the midpoint reading (``SearchResult/closestUncertain``).
    var uncertainListed: (packages: [FoundPackage], leaning: Bool)? {
        if !result.bestLeaning.isEmpty { return (result.bestLeaning, true) }
        if result.noneViable && !result.closestUncertain.isEmpty { return (result.closestUncertain, false) }
        return nil
    }

    /// Why an uncertain package is not viable at the midpoint reading: each party it needs that
    /// leans reject, with the red lines that reading holds (likelihood ≥ 0.5) that it breaks,
    /// and its midpoint score and threshold where the score falls short.
    private func leansNo(_ p: FoundPackage) -> [(
        party: Int, redLines: [(position: Int, likelihood: Double)], shortfall: (score: Double, threshold: Double)?
    )] {
        compiled.evaluate(p.terms).verdicts.filter { $0.required && $0.lean == .reject }.map { v in
            let held = compiled.parties[v.party].redLines.filter {
                Evaluation.heldAtMidpoint($0.likelihood) && v.violatedRedLines.contains($0.position)
            }
            return (v.party, held.map { ($0.position, $0.likelihood) }, v.scoreFallsShort ? (v.score, v.threshold.mid) : nil)
        }
    }

    /// `southland (red line no-borea, likelihood 0.5)`.
    private func leansNoText(_ p: FoundPackage) -> String {
        let reasons = leansNo(p).map { r -> String in
            let party = scenario.parties[r.party]
            // "red line r, likelihood 0.5"; several as "red lines r (likelihood 0.7), s (0.5)".
            var why: [String] = []
            if r.redLines.count == 1, let only = r.redLines.first {
                why.append("red line \(party.positions[only.position].id), likelihood \(NumberFormat.plain(only.likelihood))")
            } else if !r.redLines.isEmpty {
                let listed = r.redLines.enumerated().map { k, line in
                    "\(party.positions[line.position].id) (\(k == 0 ? "likelihood " : "")\(NumberFormat.plain(line.likelihood)))"
                }
                why.append("red lines " + listed.joined(separator: ", "))
            }
            if let short = r.shortfall {
                let score = NumberFormat.score(short.score, against: [short.threshold], tolerance: compiled.tolerance)
                why.append("score \(score) < threshold midpoint \(NumberFormat.score(short.threshold))")
            }
            return "\(party.id) (\(why.joined(separator: "; ")))"
        }
        return reasons.joined(separator: ", ")
    }

    /// How the nearest uncertain packages are ranked, in words.
    static let closestRanking = "by least margin, min (score − threshold)"

    /// What the rankings read: the midpoint scores (and threshold midpoints), as the guide says.
    static let atMidpoints = " at midpoints"

    /// Over whom every ranking reads: the parties each package needs.
    static let overNeeded = ", over the parties each needs"

    /// `viable in 34% of samples`, for the k-th best uncertain package.
    private func shareText(_ k: Int) -> String? {
        guard let shares = viableShares, k < shares.count else { return nil }
        // Every package listed with a share is uncertain: a share no sample moved off 0 or 100
        // reads ~0% or ~100%, as in `simulate sensitivity`.
        return "viable in \(SensitivityReport.percent(shares[k], certain: false)) of samples"
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
        let walked = result.examined / result.copyCount
        let how =
            result.evaluated == walked
            ? "each one by one"
            : result.evaluated == 0 ? "all settled in bulk" : "\(NumberFormat.grouped(result.evaluated)) one by one, the rest settled in bulk"
        return result.copies > 1 ? "one copy of each deal, \(NumberFormat.count(walked, "package")): \(how)" : how
    }

    func text() -> String {
        var lines: [String] = []
        lines += layout.wrap("Search: \(scenario.displayTitle)", indent: "    ", firstIndent: "").map { layout.paint($0, .strong) }
        lines += layout.wrap(
            "as of \(compiled.asOf) · \(NumberFormat.count(scenario.issues.count, "issue")) · \(NumberFormat.count(result.spaceSize, "package")) in the space"
                + (scopeText.isEmpty ? "" : " " + scopeText), indent: "    ", firstIndent: "")
        lines.append("")
        let notViable = result.examined - result.viable - result.uncertain
        if result.bounded {
            lines += layout.wrap(boundedSentence + ":", indent: "", firstIndent: "")
            lines += layout.wrap(
                layout.paint(
                    result.skippedViable
                        ? "viable: \(NumberFormat.grouped(result.viable)) walked; in the samples, \(result.sampledViable.phrase)"
                        : "\(NumberFormat.grouped(result.viable)) viable", .good)
                    + " · " + layout.paint("uncertain: \(result.sampledUncertain.phrase)", .doubtful), indent: "    ", firstIndent: "  ")
        } else {
            lines += layout.wrap(
                "Examined \(NumberFormat.count(result.examined, "package")) in \(NumberFormat.duration(result.seconds)) on \(NumberFormat.count(result.threads, "thread")) "
                    + "(\(howExamined)):", indent: "", firstIndent: "")
            lines.append(
                "  " + layout.paint("\(NumberFormat.grouped(result.viable)) viable", .good) + " · "
                    + layout.paint("\(NumberFormat.grouped(result.uncertain)) uncertain", .doubtful) + " · "
                    + "\(NumberFormat.grouped(notViable)) not viable")
        }
        if let inert = inertSentence {
            lines.append("")
            lines += layout.wrap(inert, indent: "")
        }
        if let deals = dealsSentence {
            lines.append("")
            lines += layout.wrap(deals, indent: "")
        }
        if result.noneViable {
            lines.append("")
            for paragraph in nothingViable { lines += layout.wrap(paragraph, indent: "") }
            if let (packages, leaning) = uncertainListed {
                lines.append("")
                let heading =
                    leaning
                    ? (packages.count == 1
                        ? "The best uncertain package that leans viable" : "Best \(packages.count) uncertain packages that lean viable")
                        + ", by \(result.objective.summary)\(Self.atMidpoints)\(Self.overNeeded):"
                    : (packages.count == 1 ? "The uncertain package nearest to viable" : "The \(packages.count) uncertain packages nearest to viable")
                        + ", \(Self.closestRanking)\(Self.atMidpoints)\(Self.overNeeded):"
                lines += layout.wrap(heading, indent: "")
                lines += list(packages, shares: true, nearest: !leaning)
                if viableShares != nil {
                    lines += layout.wrap(
                        "Shares: the ranges and likelihoods sampled \(NumberFormat.grouped(UInt64(Self.shareSamples))) times with seed \(Self.shareSeed), as 'simulate sensitivity' draws them"
                            + (packages.count > Self.sharesShown ? ", for the first \(Self.sharesShown)" : "")
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
            lines += layout.wrap(
                (result.best.count == 1 ? "The best package" : "Best \(result.best.count) packages")
                    + " by \(result.objective.summary)\(Self.atMidpoints)\(Self.overNeeded):", indent: "")
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

    /// How the lists fold packages that are one deal for the parties they need (``BestList``).
    private var dealsSentence: String? {
        // Only where a list shown holds such a deal.
        let uncertainFolded = uncertainListed.map { $0.leaning ? result.leaningFolded : result.closestFolded } ?? false
        let folded =
            (improve != nil ? result.improvementsFolded : !result.best.isEmpty && result.bestFolded)
            || (result.noneViable && uncertainFolded)
        // A bounded walk skips a package that ties a listed one, so it cannot tell: say it whenever it lists.
        let listing = !result.best.isEmpty || !result.improvements.isEmpty || uncertainListed != nil
        guard folded || (result.bounded && listing) else { return nil }
        return "Each list shows one package per deal: of packages that every party they need scores the same (and, if uncertain, "
            + "with the same score ranges), with the same red lines broken, only the first (in the order of the file's issues and "
            + "options) is listed."
    }

    /// The issues no active position or requirement reads, which the search would have varied:
    /// every package comes in as many copies, and the search walked and lists one of each.
    private var inertSentence: String? {
        let inert = result.inertPinned
        guard !inert.isEmpty, let space = result.space else { return nil }
        let names = inert.map { scenario.issues[$0].id }
        let first = inert.map { "\(scenario.issues[$0].id) \(scenario.describe(space.domains[$0][0], of: $0))" }
        return "No position held on \(compiled.asOf), and no party's requirement, reads \(Self.listed(names)): packages that differ "
            + "only there evaluate the same, so every deal comes in \(NumberFormat.grouped(result.copies)) copies. The search walked one "
            + "copy of each, with \(inert.count == 1 ? "it at its" : "them at their") first term\(inert.count == 1 ? "" : "s") "
            + "(\(first.joined(separator: ", "))), counts every copy, and lists one. Pin \(inert.count == 1 ? "it" : "them") with "
            + "--fix to list other terms."
    }

    /// `a`, `a and b`, `a, b and c`.
    static func listed(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// How a bounded search went: why it was bounded, what it walked, and what is exact.
    private var boundedSentence: String {
        let walked =
            result.frontierComputed
            ? "the subtrees that could hold a package viable for certain or one for the lists below"
            : "the subtrees that could hold a package for the lists below (too many packages may be viable for certain to walk them all, "
                + "so the Pareto frontier is not computed)"
        let exact =
            result.skippedViable
            ? "The lists are exact; the viable and uncertain shares are estimated"
            : "The viable count and the lists are exact; the uncertain share is estimated"
        let copies = result.copies > 1 ? ", of one copy of each deal (\(NumberFormat.grouped(result.spaceSize / result.copies)) packages)," : ""
        let c = result.copyCount
        let bulk = NumberFormat.grouped(result.examined / c - result.evaluated), skipped = NumberFormat.grouped(result.skipped / c)
        return "Searched \(NumberFormat.count(result.spaceSize, "package")) in \(NumberFormat.duration(result.seconds)) on "
            + "\(NumberFormat.count(result.threads, "thread")), bounded: that is more than --limit (\(NumberFormat.grouped(result.limit))) "
            + "counts one by one, so it walked\(copies) only \(walked): \(NumberFormat.grouped(result.evaluated)) packages one by one, "
            + "\(bulk) settled not viable in bulk, \(skipped) "
            + "skipped uncounted. \(exact) from \(NumberFormat.count(result.sampledUncertain.samples, "random package")) "
            + "(seed \(result.estimateSeed))"
    }

    /// Bounded searches: the uncertain packages that lean viable, counted or estimated.
    private var leaningText: String {
        result.skippedLeaning
            ? "those that lean viable at the midpoint reading are \(result.sampledLeaning.phrase)"
            : "\(NumberFormat.grouped(result.leaningViable)) lean viable at the midpoint reading (counted, not estimated)"
    }

    /// When nothing is viable for certain: what the counts mean, what to try, and the proof that
    /// nothing can be, where explain finds one.
    private var nothingViable: [String] {
        guard result.noneViable else { return [] }
        let anyUncertain = result.uncertain > 0 || result.sampledUncertain.hits > 0
        let leaning = result.leaningViable > 0 || result.sampledLeaning.hits > 0
        let advice =
            result.bounded && anyUncertain
            ? "No package is viable for certain; of the uncertain ones, viable for some readings of the uncertain positions, "
                + "\(leaningText)."
                + (leaning
                    ? ""
                    : result.closestUncertain.isEmpty
                        ? " Try 'simulate sensitivity' to see how often a package is accepted, or 'simulate explain' on a package to see what it would take."
                        : " The nearest to viable at that reading are listed below; 'simulate explain' on one shows what it would take.")
            : result.bounded && !anyUncertain
                ? "No package is viable for certain, and none of the \(NumberFormat.grouped(UInt64(result.sampledUncertain.samples))) "
                    + "random packages is viable for some readings of the uncertain positions (under "
                    + "\(ShareEstimate.percent(result.sampledUncertain.interval.hi)) of the space, 95%)."
                : result.uncertain > 0
                    ? "No package is viable for certain; \(NumberFormat.grouped(result.uncertain)) are viable for some readings of the uncertain positions, \(NumberFormat.grouped(result.leaningViable)) of them at the midpoint reading."
                        + (result.leaningViable > 0
                            ? ""
                            : result.closestUncertain.isEmpty
                                ? " Try 'simulate sensitivity' to see how often a package is accepted, or 'simulate explain' on a package to see what it would take."
                                : " The nearest to viable at that reading are listed below; 'simulate explain' on one shows what it would take.")
                    : "No package is viable: in every package some required party rejects. Try 'simulate explain' on a package to see what it would take."
        guard let proof = noViableProof else { return [advice] }
        return [advice, "None can be viable for certain, " + ExplainReport.noViableReason(proof, in: scenario)]
    }

    /// With `--improve`: how many viable packages improve on the package, or why none can.
    private var improvementsSentence: String? {
        guard let base = improve else { return nil }
        let id = scenario.packages[base].id
        guard !result.noneViable else {
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
        if !result.frontierComputed {
            return "Pareto frontier: not computed. Too many packages may be viable for certain for a bounded search to walk them all; "
                + "the packages listed are still the best. Narrow the space (--fix, or --around a package) to see the frontier."
        }
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
            "Pareto frontier: \(NumberFormat.grouped(UInt64(count))) viable package\(count == 1 ? "" : "s") that no other viable package beats: none is as good for every party that may have to agree\(mustAgreeText) and better for one.\(onIt)"
            + (count > 1 ? " --format json lists them all." : "")
            + (result.copies > 1
                ? " Each is one copy of a deal: with the copies, \(NumberFormat.grouped(Double(count) * result.copies)) packages."
                : "")
    }

    /// ` (russia, ukraine)`: the parties that may have to agree, or nothing when there are none.
    private var mustAgreeText: String {
        result.mustAgree.isEmpty ? "" : " (\(result.mustAgree.map { scenario.parties[$0].id }.joined(separator: ", ")))"
    }

    /// Numbered entries; `nearest` for ``SearchResult/closestUncertain``, ranked by their least
    /// margin and each with why it leans not viable.
    private func list(_ packages: [FoundPackage], shares: Bool = false, nearest: Bool = false) -> [String] {
        packages.enumerated().flatMap { k, p in
            entry(p, number: k + 1, share: shares ? shareText(k) : nil, nearest: nearest, first: k > 0 ? packages[0] : nil)
        }
    }

    /// The most issues an entry may differ in from the list's first and be written as the
    /// difference ("as 1, except …"), where the terms run to more than twice as many issues:
    /// lists of a large space often hold packages that differ only in issues no party that must
    /// agree weighs, and a run of full term lists hides that.
    static let differenceShown = 3

    private func entry(_ p: FoundPackage, number: Int?, share: String? = nil, nearest: Bool = false, first: FoundPackage? = nil) -> [String] {
        let label = nearest ? "margin" : result.objective.rawValue
        let head = (number.map { String($0).leftPadded(3) + ". " } ?? "     ") + "\(label) \(NumberFormat.fixed(p.objective, 4))  "
        var lines = layout.wrap(
            scoresText(p, wrapped: true) + (share.map { TextLayout.noBreak + "· " + TextLayout.unbroken($0) } ?? ""), indent: "          ",
            firstIndent: head)
        let differing = first.map { f in scenario.issues.indices.filter { p.terms[$0] != f.terms[$0] } } ?? []
        let asFirst =
            first != nil && !differing.isEmpty && differing.count <= Self.differenceShown
            && scenario.issues.indices.filter({ fixed[$0] == nil }).count > 2 * Self.differenceShown
        let terms =
            asFirst
            ? "as 1, except " + TextLayout.pairs(differing.map { "\(scenario.issues[$0].id) \(scenario.describe(p.terms[$0], of: $0))" })
            : termsText(p.terms, wrapped: true)
        lines += layout.wrap(terms, indent: "          ", firstIndent: "     ").map { layout.paint($0, .dim) }
        if nearest {
            let why = leansNoText(p)
            let same = asFirst && first.map { leansNoText($0) == why } == true
            lines += layout.wrap("leans no: " + (same ? "as 1" : why), indent: "          ", firstIndent: "     ")
        }
        return lines
    }

    // MARK: JSON

    func json() -> String {
        func package(_ p: FoundPackage, value: String = "objective") -> JSONOutput {
            .object([
                ("terms", JSONReport.terms(p.terms, scenario)),
                ("scores", .object(result.mustAgree.map { (scenario.parties[$0].id, .number(p.scores[$0])) })),
                (value, .number(p.objective)),
                ("required", .array(result.mustAgree.filter { p.required[$0] }.map { .string(scenario.parties[$0].id) })),
                ("index", .number(Double(p.index))),
            ])
        }
        // An uncertain package, with its share of samples where it was sampled.
        let sampled = uncertainListed
        func uncertain(_ p: FoundPackage, _ k: Int, leaning: Bool) -> JSONOutput {
            guard case .object(var members) = package(p, value: leaning ? "objective" : "leastMargin") else { return .null }
            if !leaning {
                members.append(
                    (
                        "leansNo",
                        .array(
                            leansNo(p).map { r in
                                .object([
                                    ("party", .string(scenario.parties[r.party].id)),
                                    ("redLines", .array(r.redLines.map { .string(scenario.parties[r.party].positions[$0.position].id) })),
                                    ("scoreBelowThreshold", .bool(r.shortfall != nil)),
                                ])
                            })
                    ))
            }
            if sampled?.leaning == leaning, let shares = viableShares, k < shares.count { members.append(("viableShare", .number(shares[k]))) }
            return .object(members)
        }
        var members: [(String, JSONOutput)] = [
            ("scenario", .string(scenario.displayTitle)),
            ("asOf", .string(compiled.asOf.description)),
            ("notes", .array(scenario.dateNotes(on: compiled.asOf).map { .string($0) })),
            ("packagesExamined", .number(Double(result.examined))),
            (
                "viable",
                .number(
                    result.skippedViable
                        ? max(Double(result.viable), (result.sampledViable.share * result.spaceSize).rounded()) : Double(result.viable))
            ),
            (
                "uncertain",
                .number(
                    result.bounded
                        ? max(Double(result.uncertain), (result.sampledUncertain.share * result.spaceSize).rounded()) : Double(result.uncertain))
            ),
            ("paretoFrontier", result.frontierComputed ? .array(result.frontier.map { package($0) }) : .null),
            ("best", .array(result.best.map { package($0) })),
            ("objective", .string(result.objective.rawValue)),
            ("spaceSize", .number(result.spaceSize)),
            ("packagesEvaluated", .number(Double(result.evaluated))),
            ("fixed", .object(fixed.keys.sorted().map { (scenario.issues[$0].id, JSONReport.term(fixed[$0]!, of: $0, scenario)) })),
            ("mustAgree", .array(result.mustAgree.map { .string(scenario.parties[$0].id) })),
            ("kalaiSmorodinsky", result.kalaiSmorodinsky.map { package($0) } ?? .null),
            (
                "uncertainLeaningViable",
                .number(
                    result.bounded && result.skippedLeaning
                        ? max(Double(result.leaningViable), (result.sampledLeaning.share * result.spaceSize).rounded())
                        : Double(result.leaningViable))
            ),
            ("bestUncertain", .array(result.bestLeaning.enumerated().map { uncertain($1, $0, leaning: true) })),
            ("closestUncertain", .array(result.closestUncertain.enumerated().map { uncertain($1, $0, leaning: false) })),
            ("shareSamples", .number(Double(Self.shareSamples))),
            ("shareSeed", .unsigned(Self.shareSeed)),
            ("inertIssues", .array(result.inertPinned.map { .string(scenario.issues[$0].id) })),
            ("inertCopies", .number(result.copies)),
            ("noViableBecause", noViableProof.map { ExplainReport.noViableJSON($0, in: scenario) } ?? .null),
            ("seconds", .number(result.seconds)),
        ]
        if result.bounded {
            // Too large to count: what was skipped, and the estimated shares (a count above not
            // counted is then the estimated share of the space, rounded, or the packages walked
            // if there were more of those).
            let estimate = { (e: ShareEstimate) -> JSONOutput in
                .object([
                    ("share", .number(e.share)), ("low", .number(e.interval.lo)), ("high", .number(e.interval.hi)),
                    ("samples", .number(Double(e.samples))),
                ])
            }
            members.append(
                (
                    "bounded",
                    .object([
                        ("limit", .number(result.limit)),
                        ("packagesSkipped", .number(Double(result.skipped))),
                        ("viableCounted", .bool(!result.skippedViable)),
                        ("frontierComputed", .bool(result.frontierComputed)),
                        ("uncertainCounted", .bool(false)),
                        ("uncertainLeaningViableCounted", .bool(!result.skippedLeaning)),
                        ("estimateSeed", .unsigned(result.estimateSeed)),
                        ("viableShare", estimate(result.sampledViable)),
                        ("uncertainShare", estimate(result.sampledUncertain)),
                        ("uncertainLeaningViableShare", estimate(result.sampledLeaning)),
                    ])
                ))
        }
        if let base = improve {
            members.append(
                (
                    "improve",
                    .object([
                        ("package", .string(scenario.packages[base].id)),
                        ("count", .number(Double(result.improvementCount))),
                        ("best", .array(result.improvements.map { package($0) })),
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
        if result.bounded {
            out += [MarkdownReport.escape(boundedSentence + "."), ""]
            out.append("| packages | viable | uncertain (estimated) | frontier |")
            out.append("|---:|---:|---:|---:|")
            out.append(
                "| \(NumberFormat.grouped(result.spaceSize)) | \(result.skippedViable ? MarkdownReport.escape(result.sampledViable.phrase) : NumberFormat.grouped(result.viable)) | \(MarkdownReport.escape(result.sampledUncertain.phrase)) | \(result.frontierComputed ? String(result.frontier.count) : "not computed") |"
            )
        } else {
            out.append("| examined | viable | uncertain | not viable | frontier |")
            out.append("|---:|---:|---:|---:|---:|")
            out.append(
                "| \(NumberFormat.grouped(result.examined)) | \(NumberFormat.grouped(result.viable)) | \(NumberFormat.grouped(result.uncertain)) | \(NumberFormat.grouped(result.examined - result.viable - result.uncertain)) | \(result.frontier.count) |"
            )
        }
        if let inert = inertSentence { out += ["", MarkdownReport.escape(inert)] }
        if let deals = dealsSentence { out += ["", MarkdownReport.escape(deals)] }
        for paragraph in nothingViable { out += ["", MarkdownReport.escape(paragraph)] }
        if let improvements = improvementsSentence { out += ["", MarkdownReport.escape(improvements)] }
        let uncertainShown = improve == nil && result.best.isEmpty ? uncertainListed : nil
        let listed = improve == nil ? (uncertainShown?.packages ?? result.best) : result.improvements
        if !listed.isEmpty {
            out.append("")
            let heading: String
            if improve != nil {
                heading = "Pareto improvements on `\(scenario.packages[improve!].id)` (\(NumberFormat.grouped(result.improvementCount)) in all)"
            } else if let uncertainShown {
                heading =
                    uncertainShown.leaning
                    ? "Best uncertain packages that lean viable, by \(result.objective.summary)\(Self.atMidpoints)\(Self.overNeeded)"
                    : "Uncertain packages nearest to viable, \(Self.closestRanking)\(Self.atMidpoints)\(Self.overNeeded)"
            } else {
                heading = "Best by \(result.objective.summary)\(Self.atMidpoints)\(Self.overNeeded)"
            }
            out.append("## " + heading)
            out.append("")
            let parties = result.mustAgree.map { scenario.parties[$0].id }
            let shares = uncertainShown == nil ? nil : viableShares
            let nearest = uncertainShown?.leaning == false
            out.append(
                MarkdownReport.row(
                    ["#", nearest ? "margin" : result.objective.rawValue] + parties + (shares == nil ? [] : ["viable in samples"]) + ["terms"]
                        + (nearest ? ["leans no"] : [])))
            out.append(
                MarkdownReport.delimiterRow(
                    ["---:", "---:"] + parties.map { _ in "---:" } + (shares == nil ? [] : ["---:"]) + ["---"] + (nearest ? ["---"] : [])))
            for (k, p) in listed.enumerated() {
                // As in the verdict matrix: (…) for a party this package does not need.
                let scores = result.mustAgree.map { p.required[$0] ? NumberFormat.score(p.scores[$0]) : "(\(NumberFormat.score(p.scores[$0])))" }
                let share = shares.map { k < $0.count ? [SensitivityReport.percent($0[k], certain: false)] : [""] } ?? []
                out.append(
                    MarkdownReport.row(
                        ["\(k + 1)", NumberFormat.fixed(p.objective, 4)] + scores + share + [MarkdownReport.escape(termsText(p.terms))]
                            + (nearest ? [MarkdownReport.escape(leansNoText(p))] : [])))
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
            let scores = scoresText(ks)
            out.append("\(Self.kalaiSmorodinskyHeading): \(MarkdownReport.escape(termsText(ks.terms)))\(scores.isEmpty ? "" : " (\(scores))").")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
