/// The `--format json` rendering of an ``EvaluationReport``, per the output contract in
/// SCENARIO-FORMAT.md, with extra keys (labels, reasons with their quotes) after the core ones.
struct JSONReport {
    var report: EvaluationReport

    private var scenario: Scenario { report.scenario }

    func render() -> String {
        let packages: [JSONOutput] = report.packages.enumerated().map { n, p in
            let package = scenario.packages[p]
            let e = report.evaluations[n]
            var members: [(String, JSONOutput)] = [
                ("id", .string(package.id)),
                ("viable", .string(e.viable.rawValue)),
                ("verdicts", .array(report.parties.map { verdict(e.verdicts[$0]) })),
            ]
            if let label = package.label { members.append(("label", .string(label))) }
            members.append(("viableLean", .string(e.viableLean.rawValue)))
            members.append(("terms", Self.terms(package.terms, scenario)))
            if let description = package.description { members.append(("description", .string(description))) }
            if let note = package.note { members.append(("note", .string(note))) }
            members.append(("evidence", .array(package.evidence.map(Self.evidence))))
            return .object(members)
        }
        return JSONOutput.object([
            ("scenario", .string(scenario.displayTitle)),
            ("asOf", .string(report.compiled.asOf.description)),
            ("packages", .array(packages)),
            ("notes", .array(report.notes.map { .string($0) })),
        ]).rendered()
    }

    /// Terms as the scenario file writes them: option ids, numbers, lists of ids.
    static func terms(_ terms: [Term], _ scenario: Scenario) -> JSONOutput {
        .object(scenario.issues.indices.map { i in (scenario.issues[i].id, term(terms[i], of: i, scenario)) })
    }

    static func term(_ t: Term, of i: Int, _ scenario: Scenario) -> JSONOutput {
        let options = scenario.issues[i].options
        switch t {
        case .option(let k): return .string(options[k].id)
        case .number(let x): return .number(x)
        case .members(let m):
            return .array(options.indices.filter { m & (1 << UInt64($0)) != 0 }.map { .string(options[$0].id) })
        }
    }

    /// A party's verdict as every command's JSON gives it: the party, verdict, lean, whether
    /// it is required, the midpoint score and its range, the threshold's midpoint and range.
    static func verdictSummary(_ v: PartyVerdict, _ scenario: Scenario) -> [(String, JSONOutput)] {
        [
            ("party", .string(scenario.parties[v.party].id)),
            ("verdict", .string(v.verdict.rawValue)),
            ("lean", .string(v.lean.rawValue)),
            ("required", .bool(v.required)),
            ("score", .number(v.score)),
            ("scoreRange", .array([.number(v.scoreRange.lo), .number(v.scoreRange.hi)])),
            ("threshold", .number(v.threshold.mid)),
            ("thresholdRange", .array([.number(v.threshold.lo), .number(v.threshold.hi)])),
        ]
    }

    private func verdict(_ v: PartyVerdict) -> JSONOutput {
        let party = scenario.parties[v.party]
        var members = Self.verdictSummary(v, scenario)
        members += [
            ("violatedRedLines", .array(v.violatedRedLines.map { .string(party.positions[$0].id) })),
            ("unmetDemands", .array(v.unmetDemands.map { .string(party.positions[$0].id) })),
        ]
        let reasons = v.violatedRedLines.map { reason($0, of: v) } + v.unmetDemands.map { reason($0, of: v) }
        members.append(("reasons", .array(reasons)))
        return .object(members)
    }

    private func reason(_ index: Int, of v: PartyVerdict) -> JSONOutput {
        let position = report.position(v.party, index)
        var members: [(String, JSONOutput)] = [("position", .string(position.id))]
        switch position.kind {
        case .redLine(let r):
            members.append(("kind", .string("redLine")))
            members.append(("rule", .string(PredicateText.describe(r, in: scenario))))
        case .demand(let d):
            members.append(("kind", .string("demand")))
            members.append(("weight", .number(d.weight.mid)))
            // A judgement given as a range keeps its range: the midpoint alone reads as a fact.
            if !d.weight.isExact { members.append(("weightRange", .array([.number(d.weight.lo), .number(d.weight.hi)]))) }
            let reading = v.satisfaction[index]
            members.append(("satisfaction", .number(reading?.mid ?? 0)))
            members.append(("satisfactionRange", .array([.number(reading?.lo ?? 0), .number(reading?.hi ?? 0)])))
        }
        members.append(("likelihood", .number(position.likelihood)))
        members.append(("evidence", .array(position.evidence.map(Self.evidence))))
        return .object(members)
    }

    /// A quote with who said it, when, and the modeller's note on it.
    static func evidence(_ e: Evidence) -> JSONOutput {
        var m: [(String, JSONOutput)] = [("source", .string(e.source)), ("quote", .string(e.quote))]
        if let s = e.speaker { m.append(("speaker", .string(s))) }
        if let d = e.date { m.append(("date", .string(d.description))) }
        if let n = e.note { m.append(("note", .string(n))) }
        return .object(m)
    }
}
