@testable import SimulateKit

/// Seeded random small scenarios with every feature the rules read: all three issue kinds,
/// nested predicates, conditional red lines, conditionally required parties, dated positions,
/// ranges and likelihoods.
struct RandomScenario {
    var rng: SplitMix64
    /// How many binary dimensions of uncertainty (range ends, held-or-not) a party may have,
    /// so that the brute-force reference stays small.
    var maxUncertainDimensions = 10
    var uncertaintyRate = 0.3
    var issues: [Issue] = []

    static let asOf = Day(iso: "2022-03-15")!

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...xs.count - 1)] }
    mutating func unit() -> Double { Double(int(0...20)) / 20 }

    mutating func make(issueCount: ClosedRange<Int> = 1...4, partyCount: ClosedRange<Int> = 1...3, packages: ClosedRange<Int> = 3...6) -> Scenario {
        issues = (0..<int(issueCount)).map { makeIssue($0) }
        let parties = (0..<int(partyCount)).map { makeParty($0) }
        let packageList = (0..<int(packages)).map { k in
            DealPackage(id: "p\(k)", terms: issues.indices.map { randomTerm($0) }, evidence: [], location: Self.here)
        }
        return Scenario(
            title: "random", asOf: Self.asOf, issues: issues, parties: parties, packages: packageList, files: ["random.json"], sourcesFolders: [:])
    }

    static let here = SourceLocation(file: "random.json", line: 1, column: 1)

    mutating func makeIssue(_ n: Int) -> Issue {
        switch int(0...2) {
        case 0:
            let count = int(2...4)
            return Issue(id: "c\(n)", kind: .choice, options: (0..<count).map { Option(id: "o\($0)") }, location: Self.here)
        case 1:
            var issue = Issue(id: "n\(n)", kind: .number, options: [], location: Self.here)
            issue.minimum = 0
            issue.maximum = 10
            issue.step = pick([2.5, 5])
            return issue
        default:
            let count = int(2...3)
            return Issue(id: "s\(n)", kind: .set, options: (0..<count).map { Option(id: "m\($0)") }, location: Self.here)
        }
    }

    mutating func grid(_ i: Int) -> [Double] {
        let issue = issues[i]
        return Array(stride(from: issue.minimum, through: issue.maximum, by: issue.step!))
    }

    mutating func randomTerm(_ i: Int) -> Term {
        let issue = issues[i]
        switch issue.kind {
        case .choice: return .option(int(0...issue.options.count - 1))
        case .number: return .number(chance(0.8) ? pick(grid(i)) : Double(int(0...100)) / 10)
        case .set: return .members(UInt64(int(0...(1 << issue.options.count) - 1)))
        }
    }

    mutating func mask(_ count: Int) -> UInt64 { UInt64(int(1...(1 << count) - 1)) }

    mutating func predicate(depth: Int = 2) -> Predicate {
        if depth > 0 && chance(0.3) {
            switch int(0...2) {
            case 0: return .all([predicate(depth: depth - 1), predicate(depth: depth - 1)])
            case 1: return .any([predicate(depth: depth - 1), predicate(depth: depth - 1)])
            default: return .not(predicate(depth: depth - 1))
            }
        }
        let i = int(0...issues.count - 1)
        let issue = issues[i]
        switch issue.kind {
        case .choice:
            return .choiceIn(issue: i, options: mask(issue.options.count))
        case .number:
            let g = grid(i)
            let a = pick(g), b = pick(g)
            switch int(0...2) {
            case 0: return .numberIn(issue: i, lo: a, hi: .infinity)
            case 1: return .numberIn(issue: i, lo: -.infinity, hi: a)
            default: return .numberIn(issue: i, lo: min(a, b), hi: max(a, b))
            }
        case .set:
            let m = mask(issue.options.count)
            switch int(0...3) {
            case 0: return .includesAll(issue: i, options: m)
            case 1: return .includesAny(issue: i, options: m)
            case 2: return .excludes(issue: i, options: m)
            default:
                let n = int(0...issue.options.count)
                return chance(0.5) ? .sizeIn(issue: i, lo: n, hi: 64) : .sizeIn(issue: i, lo: 0, hi: n)
            }
        }
    }

    mutating func bounds(_ budget: inout Int, scale: Double = 1, positive: Bool = false) -> Bounds {
        let a = positive ? max(0.05, unit()) * scale : unit() * scale
        if budget > 0 && chance(uncertaintyRate) {
            budget -= 1
            let b = positive ? max(0.05, unit()) * scale : unit() * scale
            return Bounds(min(a, b), max(a, b))
        }
        return Bounds(a)
    }

    mutating func likelihood(_ budget: inout Int) -> Double {
        if budget > 0 && chance(uncertaintyRate) {
            budget -= 1
            return pick([0.2, 0.5, 0.7, 0.9])
        }
        return 1
    }

    mutating func makeParty(_ n: Int) -> Party {
        var budget = maxUncertainDimensions
        let required: Party.Requirement
        switch int(0...9) {
        case 0...5: required = .always
        case 6, 7: required = .never
        default: required = .when(predicate(depth: 1))
        }
        let threshold = bounds(&budget)
        var positions: [Position] = []
        for k in 0..<int(0...5) {
            let kind: Position.Kind
            if chance(0.4) {
                let rule: RedLine.Rule = chance(0.5) ? .requires(predicate()) : .forbids(predicate())
                kind = .redLine(RedLine(condition: chance(0.3) ? predicate(depth: 1) : nil, rule: rule))
            } else {
                kind = .demand(Demand(weight: bounds(&budget, scale: 5, positive: true), satisfaction: satisfaction(&budget)))
            }
            var since: Day?, until: Day?
            if chance(0.15) { since = pick([Day(iso: "2022-03-01")!, Self.asOf, Day(iso: "2022-03-16")!]) }
            if chance(0.15) { until = pick([Self.asOf, Day(iso: "2022-03-16")!, Day(iso: "2022-04-01")!]) }
            if let s = since, let u = until, !(s < u) { until = nil }
            positions.append(
                Position(
                    id: "q\(k)", kind: kind, since: since, until: until, likelihood: likelihood(&budget), evidence: [],
                    location: Self.here))
        }
        return Party(id: "party\(n)", required: required, threshold: threshold, positions: positions, location: Self.here)
    }

    mutating func satisfaction(_ budget: inout Int) -> Demand.Satisfaction {
        let i = int(0...issues.count - 1)
        let issue = issues[i]
        if chance(0.3) { return .wants(predicate()) }
        switch issue.kind {
        case .choice:
            var values: [Bounds] = []
            for _ in issue.options { values.append(chance(0.3) ? Bounds(0) : bounds(&budget)) }
            return .choiceValues(issue: i, values: values)
        case .set:
            var values: [Bounds] = []
            for _ in issue.options { values.append(bounds(&budget)) }
            return .setValues(issue: i, values: values)
        case .number:
            let xs = grid(i).filter { _ in chance(0.5) }
            let points = (xs.isEmpty ? [5.0] : xs).map { CurvePoint(x: $0, y: Bounds(0)) }
            var result: [CurvePoint] = []
            for p in points { result.append(CurvePoint(x: p.x, y: bounds(&budget))) }
            return .curve(issue: i, points: result)
        }
    }
}
