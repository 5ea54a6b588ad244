extension ScenarioDecoder {
    static let partyKeys = ["id", "name", "label", "description", "note", "required", "threshold", "positions"]
    static let positionKeys = [
        "id", "type", "label", "description", "note", "requires", "forbids", "if", "weight", "issue", "values",
        "curve", "wants", "since", "until", "likelihood", "evidence",
    ]
    static let evidenceKeys = ["source", "quote", "speaker", "date", "note"]

    // MARK: Parties

    mutating func decodeParty(_ value: JSONValue, _ n: Int) -> Party? {
        let provisional = "parties[\(value["id"]?.stringValue ?? String(n))]"
        // An id that is not a slug is an error of its own; the party is still read under the id as
        // written, so that its other mistakes and its quotes are reported in the same run.
        guard let o = object(value, provisional, what: "a party", keys: Self.partyKeys),
            let id = self.id(o, provisional, what: "a party") ?? o["id"]?.stringValue
        else { return nil }
        let path = "parties[\(id)]"
        let name = string(o["name"], Self.child(path, "name"), what: "'name'") ?? string(o["label"], Self.child(path, "label"), what: "'label'")
        var required = Party.Requirement.always
        if let r = o["required"] {
            if let b = r.boolValue {
                required = b ? .always : .never
            } else if r.members != nil {
                if let p = predicate(r, Self.child(path, "required")) { required = .when(p) }
            } else {
                error(
                    "wrong-type", r.location, Self.child(path, "required"),
                    "'required' must be true, false, or a predicate such as {\"issue\": ISSUE, \"includes\": [OPTION]}; not \(r.typeName).")
            }
        }
        var threshold = Bounds(0)
        if let t = o["threshold"], let b = bounds(t, Self.child(path, "threshold"), what: "The threshold", within: 0...1) {
            threshold = b
        }
        var positions: [Position] = []
        for (k, pv) in (list(o["positions"], Self.child(path, "positions"), what: "'positions'") ?? []).enumerated() {
            if let position = decodePosition(pv, k, partyPath: path) { positions.append(position) }
        }
        return Party(id: id, name: name, required: required, threshold: threshold, positions: positions, location: o.location)
    }

    // MARK: Positions

    mutating func decodePosition(_ value: JSONValue, _ n: Int, partyPath: String) -> Position? {
        let provisional = "\(partyPath).positions[\(value["id"]?.stringValue ?? String(n))]"
        guard let o = object(value, provisional, what: "a position", keys: Self.positionKeys),
            let id = self.id(o, provisional, what: "a position") ?? o["id"]?.stringValue
        else { return nil }
        let path = "\(partyPath).positions[\(id)]"
        let label = string(o["label"], Self.child(path, "label"), what: "'label'")
        let note = o["note"]?.stringValue
        let since = day(o["since"], Self.child(path, "since"), what: "'since'")
        let until = day(o["until"], Self.child(path, "until"), what: "'until'")
        if let since, let until, !(since < until) {
            error(
                "empty-period", o["until"]!.location, Self.child(path, "until"),
                "'until' (\(until)) must come after 'since' (\(since)); as written the position is never active.")
        }
        var likelihood = 1.0
        if let l = o["likelihood"], let p = number(l, Self.child(path, "likelihood"), what: "'likelihood'") {
            if p > 0 && p <= 1 {
                likelihood = p
            } else {
                error(
                    "out-of-range", l.location, Self.child(path, "likelihood"),
                    "'likelihood' is the chance the party really holds the position and must lie in (0, 1], not \(NumberFormat.plain(p)).")
            }
        }
        let evidence = decodeEvidenceList(o["evidence"], Self.child(path, "evidence")) ?? []
        // A position whose rule cannot be read still has its quotes checked.
        var placed = false
        defer {
            if !placed {
                for (k, e) in evidence.enumerated() { unplacedEvidence.append((e, Self.child(path, "evidence") + "[\(k)]")) }
            }
        }
        guard let typeValue = o["type"] else {
            error("missing-key", o.location, path, "The position '\(id)' has no 'type'; use \"redLine\" or \"demand\".")
            return nil
        }
        guard let type = string(typeValue, Self.child(path, "type"), what: "'type'") else { return nil }
        let kind: Position.Kind
        switch type {
        case "redLine":
            guard let r = decodeRedLine(o, id: id, path) else { return nil }
            kind = .redLine(r)
        case "demand":
            guard let d = decodeDemand(o, id: id, path) else { return nil }
            kind = .demand(d)
        default:
            error(
                "unknown-type", typeValue.location, Self.child(path, "type"),
                "Unknown position type '\(type)'; use \"redLine\" or \"demand\".",
                suggestion: NameSuggestion.nearest(to: type, in: ["redLine", "demand"]))
            return nil
        }
        placed = true
        return Position(
            id: id, label: label, kind: kind, since: since, until: until, likelihood: likelihood,
            evidence: evidence, note: note, location: o.location)
    }

    private mutating func rejectKeys(_ keys: [String], in o: JSONValue, _ path: String, because reason: String) {
        for key in keys {
            if let v = o[key] { error("not-for-type", v.location, Self.child(path, key), "'\(key)' \(reason).") }
        }
    }

    private mutating func decodeRedLine(_ o: JSONValue, id: String, _ path: String) -> RedLine? {
        rejectKeys(["weight", "issue", "values", "curve", "wants"], in: o, path, because: "belongs to demands, but '\(id)' is a red line")
        let condition = o["if"].flatMap { predicate($0, Self.child(path, "if")) }
        switch (o["requires"], o["forbids"]) {
        case (let r?, nil):
            guard let p = predicate(r, Self.child(path, "requires")) else { return nil }
            if o["if"] != nil && condition == nil { return nil }
            return RedLine(condition: condition, rule: .requires(p))
        case (nil, let f?):
            guard let p = predicate(f, Self.child(path, "forbids")) else { return nil }
            if o["if"] != nil && condition == nil { return nil }
            return RedLine(condition: condition, rule: .forbids(p))
        case (_?, let f?):
            error(
                "conflicting-keys", f.location, Self.child(path, "forbids"),
                "The red line '\(id)' has both 'requires' and 'forbids'; split it into two red lines.")
            return nil
        case (nil, nil):
            error("missing-key", o.location, path, "The red line '\(id)' needs 'requires' or 'forbids'.")
            return nil
        }
    }

    private mutating func decodeDemand(_ o: JSONValue, id: String, _ path: String) -> Demand? {
        rejectKeys(["requires", "forbids", "if"], in: o, path, because: "belongs to red lines, but '\(id)' is a demand")
        var weight: Bounds?
        if let w = o["weight"] {
            // Weights are relative; a bound keeps every sum of them finite.
            weight = bounds(w, Self.child(path, "weight"), what: "The weight", within: 0...1_000_000, positive: true)
        } else {
            error("missing-key", o.location, path, "The demand '\(id)' has no 'weight'; give a number above 0.")
        }
        let forms = ["wants", "values", "curve"].filter { o[$0] != nil }
        guard forms.count == 1 else {
            if forms.isEmpty {
                error("missing-key", o.location, path, "The demand '\(id)' needs one of 'wants', 'values' or 'curve'.")
            } else {
                error(
                    "conflicting-keys", o[forms[1]]!.location, Self.child(path, forms[1]),
                    "The demand '\(id)' has both '\(forms[0])' and '\(forms[1])'; a demand reads the package one way.")
            }
            return nil
        }
        let satisfaction: Demand.Satisfaction?
        if let wants = o["wants"] {
            if let issue = o["issue"] {
                error(
                    "not-for-type", issue.location, Self.child(path, "issue"),
                    "'issue' goes with 'values' or 'curve'; a 'wants' demand names its issues inside the predicate.")
            }
            satisfaction = predicate(wants, Self.child(path, "wants")).map(Demand.Satisfaction.wants)
        } else {
            satisfaction = decodeIssueDemand(o, id: id, path, form: forms[0])
        }
        guard let weight, let satisfaction else { return nil }
        return Demand(weight: weight, satisfaction: satisfaction)
    }

    private mutating func decodeIssueDemand(_ o: JSONValue, id: String, _ path: String, form: String) -> Demand.Satisfaction? {
        guard let issueValue = o["issue"] else {
            error("missing-key", o.location, path, "The demand '\(id)' uses '\(form)' and so needs the 'issue' it reads.")
            return nil
        }
        guard let i = issueIndex(issueValue, Self.child(path, "issue")) else { return nil }
        let issue = issues[i]
        let formValue = o[form]!
        let formPath = Self.child(path, form)
        if form == "values" {
            guard issue.kind != .number else {
                error(
                    "wrong-kind", formValue.location, formPath,
                    "'values' scores the options of a choice or set issue, but '\(issue.id)' is a number issue; use 'curve'.")
                return nil
            }
            guard let members = formValue.members else {
                error("wrong-type", formValue.location, formPath, "'values' must be an object mapping option ids to numbers in [0, 1].")
                return nil
            }
            var values = [Bounds](repeating: Bounds(0), count: issue.options.count)
            var ok = true
            for m in members {
                guard let k = optionIndex(m.key, of: issue, at: m.keyLocation, "\(formPath).\(m.key)") else { ok = false; continue }
                if let b = bounds(m.value, "\(formPath).\(m.key)", what: "The value of '\(m.key)'", within: 0...1) {
                    values[k] = b
                } else {
                    ok = false
                }
            }
            guard ok else { return nil }
            return issue.kind == .choice ? .choiceValues(issue: i, values: values) : .setValues(issue: i, values: values)
        }
        guard issue.kind == .number else {
            error(
                "wrong-kind", formValue.location, formPath,
                "'curve' scores a number issue, but '\(issue.id)' is a \(issue.kind) issue; use 'values'.")
            return nil
        }
        guard let pointValues = formValue.elements, !pointValues.isEmpty else {
            error("wrong-type", formValue.location, formPath, "'curve' must be a non-empty list of [x, y] points, e.g. [[0, 0], [15, 1]].")
            return nil
        }
        var points: [CurvePoint] = []
        for (k, pv) in pointValues.enumerated() {
            let pointPath = "\(formPath)[\(k)]"
            guard let pair = pv.elements, pair.count == 2, let x = pair[0].numberValue else {
                error("invalid-curve", pv.location, pointPath, "Each curve point must be a pair [x, y], with y a number or a range [lo, hi].")
                return nil
            }
            guard let y = bounds(pair[1], pointPath, what: "A curve's y", within: 0...1) else { return nil }
            if let last = points.last, !(x > last.x) {
                error(
                    "invalid-curve", pv.location, pointPath,
                    "Curve points must be in increasing order of x; \(NumberFormat.plain(x)) does not come after \(NumberFormat.plain(last.x)).")
                return nil
            }
            points.append(CurvePoint(x: x, y: y))
        }
        return .curve(issue: i, points: points)
    }

    // MARK: Evidence

    mutating func decodeEvidenceList(_ value: JSONValue?, _ path: String) -> [Evidence]? {
        guard let elements = list(value, path, what: "'evidence'") else { return nil }
        var result: [Evidence] = []
        for (k, e) in elements.enumerated() {
            let itemPath = "\(path)[\(k)]"
            guard let o = object(e, itemPath, what: "an evidence item", keys: Self.evidenceKeys) else { continue }
            let source = string(o["source"], itemPath + ".source", what: "'source'")
            let quote = string(o["quote"], itemPath + ".quote", what: "'quote'")
            if o["source"] == nil { error("missing-key", o.location, itemPath, "An evidence item needs the 'source' file it quotes.") }
            if o["quote"] == nil { error("missing-key", o.location, itemPath, "An evidence item needs a verbatim 'quote'.") }
            if let quote, quote.allSatisfy(\.isWhitespace) {
                error("empty-quote", o["quote"]!.location, itemPath + ".quote", "The quote is empty.")
            }
            let speaker = string(o["speaker"], itemPath + ".speaker", what: "'speaker'")
            let date = day(o["date"], itemPath + ".date", what: "'date'")
            let note = o["note"]?.stringValue
            if let source, let quote {
                result.append(
                    Evidence(
                        source: source, quote: quote, speaker: speaker, date: date, note: note,
                        location: o.location, quoteLocation: o["quote"]!.location, sourceLocation: o["source"]!.location))
            }
        }
        return result
    }
}
