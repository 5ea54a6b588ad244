import Dispatch
import Foundation
import Synchronization

/// What `simulate search` is asked to do.
public struct SearchOptions: Sendable {
    /// Issues pinned to one term (`--fix`).
    public var fixed: [Int: Term] = [:]
    public var objective: Objective = .nash
    /// How many best packages (and improvements) to keep.
    public var top = 10
    /// A package (index into the scenario's packages) whose Pareto improvements to list.
    public var improve: Int?
    /// The largest space counted one by one: at 1 to 30 ns a package, 10 s to 5 minutes. The
    /// CLI searches a larger one ``bounded``.
    public var limit = 1e10
    /// Walk only what can reach the lists: for spaces too large to count (see ``SearchResult/bounded``).
    public var bounded = false
    /// Bounded searches: the most packages evaluated one by one (ten seconds or so on the shipped
    /// model) before the search stops and says so; a tenth of it with the frontier (``frontier``).
    public var boundedBudget: UInt64 = 2_000_000
    /// Bounded searches with the ``frontier``: the most packages viable for certain walked
    /// (each one is a frontier candidate) before the search gives the frontier up and searches
    /// again without it. On the shipped model that is a third of a second.
    public var frontierBudget: UInt64 = 20_000
    /// Bounded searches: the random packages the uncounted shares are estimated from, and the seed.
    public var estimateSamples = 10_000
    /// Bounded searches: whether to compute the Pareto frontier, which needs every package
    /// viable for certain walked. A bounded search that meets its budget with it (a tenth of
    /// ``boundedBudget``, or more viable packages than ``frontierBudget``) searches again without it: then subtrees that can hold viable packages are skipped too, where
    /// none can enter the best (or improvement) lists, and the viable share is estimated.
    public var frontier = true
    public var estimateSeed: UInt64 = 1
    /// Worker threads (default: one per core).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The smallest space searched on more than one thread: below a million packages a
    /// second thread costs more than it saves. (Tests lower it to exercise the parallel path.)
    var parallelFrom: UInt64 = 1_000_000
    /// Called now and then with the fraction of the space done.
    public var progress: (@Sendable (Double) -> Void)?

    public init() {}
}

/// A package that search found, with its midpoint scores.
public struct FoundPackage: Sendable {
    /// Its index in the search space.
    public var index: UInt64
    public var terms: [Term]
    /// The midpoint score of every party, in file order (for frontier packages, only the
    /// parties that may have to agree; the others are NaN).
    public var scores: [Double]
    /// Whether each party's agreement is needed for this package.
    public var required: [Bool]
    /// The objective's value.
    public var objective: Double
}

/// What a search found.
public struct SearchResult: Sendable {
    public var spaceSize: Double
    /// Packages accounted for: evaluated one by one or decided in bulk by pruning.
    public var examined: UInt64
    /// Packages evaluated one by one.
    public var evaluated: UInt64
    /// Packages every required party certainly accepts.
    public var viable: UInt64
    /// Packages whose viability the ranges and likelihoods leave open.
    public var uncertain: UInt64
    /// The parties that may have to agree (required is not false): the frontier's axes.
    public var mustAgree: [Int]
    public var objective: Objective
    /// The best viable packages by the objective, best first.
    public var best: [FoundPackage]
    /// The Pareto frontier among viable packages, by index.
    public var frontier: [FoundPackage]
    /// The frontier package that maximises the least normalised gain.
    public var kalaiSmorodinsky: FoundPackage?
    /// With `improve`: the base package's scores, how many viable packages improve on it,
    /// and the best of them.
    public var improveBase: [Double]?
    public var improvementCount: UInt64 = 0
    public var improvements: [FoundPackage] = []
    /// Uncertain packages whose midpoint reading is viable, and the best of them.
    public var leaningViable: UInt64 = 0
    public var bestLeaning: [FoundPackage] = []
    /// The uncertain packages whose midpoint reading is not viable, by the least margin
    /// (min of score − threshold over the parties each needs) at that reading, greatest first:
    /// the nearest to viable when none leans viable. Their `objective` is that margin.
    public var closestUncertain: [FoundPackage] = []
    public var seconds: Double
    public var threads: Int
    /// True when the space was too large to count one by one: the walk skipped subtrees that
    /// could add nothing to the lists. The viable count and every list are exact; `uncertain`
    /// and `leaningViable` count only the packages walked (`leaningViable` is exact when
    /// `skippedLeaning` is false), and `skipped` packages were not looked at one by one.
    public var bounded = false
    public var skipped: UInt64 = 0
    public var skippedLeaning = false
    /// Bounded searches without the frontier (``SearchOptions/frontier``): `frontier` and
    /// `kalaiSmorodinsky` are not computed, and `viable` counts only the viable packages walked
    /// when `skippedViable` (a skipped subtree could have held some); `sampledViable` estimates
    /// their share. The best packages and improvements stay exact.
    public var frontierComputed = true
    public var skippedViable = false
    /// Whether no package is viable for certain, as far as the search can tell: none counted,
    /// and none skipped uncounted.
    public var noneViable: Bool { viable == 0 && !skippedViable }
    public var sampledViable = ShareEstimate(hits: 0, samples: 0)
    /// The most packages counted one by one (`--limit`): a larger space is searched bounded.
    public var limit = 0.0
    /// Bounded searches: of packages drawn uniformly at random (seed `estimateSeed`), the
    /// share that is uncertain and the share that is uncertain and leans viable.
    public var estimateSeed: UInt64 = 0
    public var sampledUncertain = ShareEstimate(hits: 0, samples: 0)
    public var sampledLeaning = ShareEstimate(hits: 0, samples: 0)

    /// The issues the search would have varied that no position or requirement reads
    /// (``CompiledScenario/inertIssues``): it walked one copy of each deal, with them at their
    /// first term, and counted each package walked as `copies` packages. Every list holds that
    /// one copy of each deal; every count counts every copy.
    public var inertPinned: [Int] = []
    public var copies = 1.0
    /// ``copies`` exactly.
    public var copyCount: UInt64 = 1
    /// Whether a deal in each list stands for more than one package found (``BestList``).
    public var bestFolded = false, improvementsFolded = false, leaningFolded = false, closestFolded = false

    /// The space walked, with ``inertPinned`` pinned (for the reports' analyses after the
    /// search, without building it again).
    var space: SearchSpace?
}

/// Exhaustive search of the package space, with pruning that never changes the answer.
public enum Search {
    /// Searches the space of `compiled`'s scenario.
    public static func run(_ compiled: CompiledScenario, options: SearchOptions) throws(SearchSpace.Problem) -> SearchResult {
        let first: Failure
        do {
            return try runOnce(compiled, options: options)
        } catch {
            first = error
        }
        guard case .budgetReached(let problem, let seconds) = first else { throw first.problem }
        guard options.frontier else { throw problem }
        // Too many packages may be viable for certain to walk them all: the best, without the frontier.
        var lists = options
        lists.frontier = false
        do {
            var result = try runOnce(compiled, options: lists)
            result.seconds += seconds
            return result
        } catch {
            throw error.problem
        }
    }

    /// Why one walk gave no answer: the space cannot be searched, or a bounded search met its
    /// budget (with the advice to give, and the time it took).
    enum Failure: Error {
        case refused(SearchSpace.Problem)
        case budgetReached(SearchSpace.Problem, seconds: Double)

        var problem: SearchSpace.Problem {
            switch self {
            case .refused(let p), .budgetReached(let p, _): return p
            }
        }
    }

    private static func runOnce(_ compiled: CompiledScenario, options: SearchOptions) throws(Failure) -> SearchResult {
        let start = DispatchTime.now().uptimeNanoseconds
        let walked = Self.walked(compiled, fixed: options.fixed)
        let space: SearchSpace
        do {
            space = try SearchSpace(compiled.scenario, fixed: walked.fixed, limit: options.bounded ? maxSpace : options.limit)
        } catch {
            guard options.bounded, let counts = try? SearchSpace.sizes(compiled.scenario, fixed: options.fixed) else { throw .refused(error) }
            throw .refused(tooLarge(counts, compiled.scenario))
        }
        // Every count is a count of packages, copies included, and must fit a 64-bit integer.
        if walked.count == .max || space.size * walked.copies > maxSpace, let counts = try? SearchSpace.sizes(compiled.scenario, fixed: options.fixed)
        {
            throw .refused(tooLarge(counts, compiled.scenario))
        }
        let plan = SearchPlan(compiled: compiled, space: space, bounded: options.bounded)
        var improveBase: [Double]?
        if let k = options.improve {
            let e = compiled.evaluate(compiled.scenario.packages[k].terms)
            improveBase = plan.mustAgree.map { e.verdicts[$0].score }
        }

        // Small spaces are not worth a second thread. Bounded searches keep to one too: their
        // lists' bounds decide what they walk, and threads filling lists of their own in a
        // varying order would walk, and so report, differently on each run.
        let parallel = !options.bounded && space.size >= Double(options.parallelFrom) && options.threads > 1
        // Work items: the value combinations of the first few depths, enough to share the
        // work between threads or to report progress; one walk of the whole space otherwise.
        var splitDepth = 0
        var items = 1
        if parallel || options.progress != nil {
            while splitDepth < plan.issueCount && items < 64 * max(1, options.threads) {
                items *= plan.sizes[splitDepth]
                splitDepth += 1
            }
        }
        let threads = parallel ? max(1, min(options.threads, items)) : 1
        if threads == 1 {
            // No atomics or locks: their first use in a process costs the runtime more than a
            // small search takes.
            var worker = SearchWorker(plan: plan, options: options, splitDepth: splitDepth, improveBase: improveBase)
            for item in 0..<items {
                worker.run(item: item)
                options.progress?(Double(item + 1) / Double(items))
            }
            worker.frontier.flush()
            if worker.stopped {
                throw .budgetReached(budgetReached(space, compiled.scenario, options, copies: walked.copies), seconds: elapsed(since: start))
            }
            // No array of workers either: one more type whose metadata the runtime would build.
            var result = merge(worker, [], plan: plan, options: options, improveBase: improveBase, threads: 1, start: start)
            result.countCopies(walked.inert, walked.count, compiled.scenario)
            if result.bounded { estimate(&result, compiled, space, options) }
            return result
        }
        let workers = runInParallel(plan: plan, options: options, splitDepth: splitDepth, items: items, threads: threads, improveBase: improveBase)
        if workers.contains(where: \.stopped) {
            throw .budgetReached(budgetReached(space, compiled.scenario, options, copies: walked.copies), seconds: elapsed(since: start))
        }
        var result = merge(workers[0], workers.dropFirst(), plan: plan, options: options, improveBase: improveBase, threads: threads, start: start)
        result.countCopies(walked.inert, walked.count, compiled.scenario)
        if result.bounded { estimate(&result, compiled, space, options) }
        return result
    }

    static func elapsed(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// What a search walks: `fixed`, with the inert issues it would vary (those no position or
    /// requirement reads, and that it can enumerate) pinned to their first term, since every
    /// package then stands for `copies` packages that evaluate the same.
    public static func walked(_ compiled: CompiledScenario, fixed: [Int: Term]) -> (
        fixed: [Int: Term], inert: [Int], copies: Double, count: UInt64
    ) {
        var walked = fixed, inert: [Int] = []
        // In whole numbers: a product of counts past 2^53 is not exact in a Double.
        var copies: UInt64 = 1
        for i in compiled.inertIssues where fixed[i] == nil {
            let issue = compiled.scenario.issues[i]
            guard let count = try? SearchSpace.count(issue), count > 1 else { continue }
            walked[i] = SearchSpace.firstTerm(issue)
            inert.append(i)
            let (product, overflow) = copies.multipliedReportingOverflow(by: UInt64(count))
            copies = overflow ? .max : product
        }
        return (walked, inert, Double(copies), copies)
    }

    static func tooLarge(_ counts: [Double], _ scenario: Scenario) -> SearchSpace.Problem {
        SearchSpace.Problem(
            message: "The space holds \(NumberFormat.grouped(counts.reduce(1, *))) packages, more than the 10^18 a search can "
                + "number. Narrow it with --fix ISSUE=VALUE (the issues with most values: "
                + "\(SearchSpace.largest(counts, scenario))), or search the neighbourhood of a package with "
                + "--around PACKAGE --vary ISSUE.")
    }

    /// The largest space a search can number (package indices are 64-bit).
    static let maxSpace = 1e18

    /// A bounded search that met its budget, twice: too many packages may enter the lists or
    /// tie there.
    static func budgetReached(_ space: SearchSpace, _ scenario: Scenario, _ options: SearchOptions, copies: Double) -> SearchSpace.Problem {
        SearchSpace.Problem(
            message: """
                The space holds \(NumberFormat.grouped(space.size * copies)) packages, more than the limit of \(NumberFormat.grouped(options.limit)) \
                counted one by one. A bounded search, which walks only what could change the lists, stopped after \
                \(NumberFormat.grouped(Double(options.boundedBudget))) packages: too many may \(options.frontier ? "be viable for certain, and each one is counted" : "enter the lists or tie there"). Narrow it with --fix ISSUE=VALUE (the issues with most values: \
                \(SearchSpace.largest(space.domains.map { Double($0.count) }, scenario))), search the neighbourhood of a package with \
                --around PACKAGE --vary ISSUE, or raise the limit with --limit to count them all (\(SearchSpace.estimate(space.size))).
                """)
    }

    /// The uncounted shares of a bounded search, from packages drawn uniformly at random: of
    /// every package, the share viable for certain, uncertain, and uncertain leaning viable. Its time
    /// joins the search's.
    static func estimate(_ result: inout SearchResult, _ compiled: CompiledScenario, _ space: SearchSpace, _ options: SearchOptions) {
        let start = DispatchTime.now().uptimeNanoseconds
        var generator = SplitMix64(seed: options.estimateSeed)
        let size = UInt64(space.size)
        var viable = 0, uncertain = 0, leaning = 0
        var satisfactions: [SatisfactionReading] = [], violated: [Int] = []
        for _ in 0..<options.estimateSamples {
            let terms = space.terms(at: UInt64.random(in: 0..<size, using: &generator))
            var rejected = false, doubtful = false, leansNo = false
            for p in result.mustAgree where compiled.parties[p].required.isRequired(for: terms) {
                let a = compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated)
                if a.verdict == .reject {
                    rejected = true
                    break
                }
                if a.verdict == .uncertain { doubtful = true }
                if a.lean == .reject { leansNo = true }
            }
            if rejected { continue }
            guard doubtful else {
                viable += 1
                continue
            }
            uncertain += 1
            if !leansNo { leaning += 1 }
        }
        let n = options.estimateSamples
        result.estimateSeed = options.estimateSeed
        result.sampledViable = ShareEstimate(hits: viable, samples: n)
        result.sampledUncertain = ShareEstimate(hits: uncertain, samples: n)
        result.sampledLeaning = ShareEstimate(hits: leaning, samples: n)
        result.seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Runs the work items on `threads` threads, each taking the next item as it finishes one.
    private static func runInParallel(
        plan: SearchPlan, options: SearchOptions, splitDepth: Int, items: Int, threads: Int, improveBase: [Double]?
    ) -> [SearchWorker] {
        let next = Atomic<Int>(0)
        let outputs = Mutex<[SearchWorker]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var worker = SearchWorker(plan: plan, options: options, splitDepth: splitDepth, improveBase: improveBase)
            while true {
                let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if item >= items { break }
                worker.run(item: item)
                if t == 0, let progress = options.progress { progress(Double(item + 1) / Double(items)) }
            }
            worker.frontier.flush()
            outputs.withLock { $0.append(worker) }
        }
        return outputs.withLock { $0 }
    }

    private static func merge(
        _ first: SearchWorker, _ others: ArraySlice<SearchWorker>, plan: SearchPlan, options: SearchOptions, improveBase: [Double]?, threads: Int,
        start: UInt64
    ) -> SearchResult {
        var frontier = first.frontier
        var best = first.best
        var bestLeaning = first.bestLeaning
        var closestUncertain = first.closestUncertain
        var leaningViable = first.leaningViable
        var improvements = first.improvements
        var examined = first.examined, evaluated = first.evaluated, viable = first.viable, uncertain = first.uncertain
        var skipped = first.skipped, skippedLeaning = first.skippedLeaning, skippedViable = first.skippedViable
        var improvementCount = first.improvementCount
        for w in others {
            examined += w.examined
            skipped += w.skipped
            skippedLeaning = skippedLeaning || w.skippedLeaning
            skippedViable = skippedViable || w.skippedViable
            evaluated += w.evaluated
            viable += w.viable
            uncertain += w.uncertain
            improvementCount += w.improvementCount
            frontier.merge(w.frontier, parallel: threads > 1)
            best.merge(w.best)
            bestLeaning.merge(w.bestLeaning)
            closestUncertain.merge(w.closestUncertain)
            leaningViable += w.leaningViable
            improvements.merge(w.improvements)
        }
        let found = { (index: UInt64) -> FoundPackage in Self.describe(index, plan: plan, objective: options.objective) }
        // Frontier points carry their scores already; only their terms are decoded.
        // Without the frontier, what the walk kept of it is not the frontier when it skipped viable packages.
        if !options.frontier && skippedViable { frontier = ParetoFrontier(dimensions: plan.mustAgree.count) }
        var frontierPackages: [FoundPackage] = []
        frontierPackages.reserveCapacity(frontier.count)
        let mustAgree = plan.mustAgree
        frontier.forEachByIndex { index, point in
            let terms = plan.terms(at: index)
            var scores = [Double](repeating: .nan, count: plan.partyCount)
            for k in 0..<mustAgree.count { scores[mustAgree[k]] = point[k] }
            let required = plan.required(for: terms)
            let value = scores.withUnsafeBufferPointer { s in
                required.withUnsafeBufferPointer { r in options.objective.value(scores: s, thresholds: plan.thresholdMid, required: r) }
            }
            frontierPackages.append(FoundPackage(index: index, terms: terms, scores: scores, required: required, objective: value))
        }
        return SearchResult(
            spaceSize: plan.space.size, examined: examined, evaluated: evaluated, viable: viable, uncertain: uncertain,
            mustAgree: plan.mustAgree, objective: options.objective,
            best: best.indices.map(found),
            frontier: frontierPackages,
            kalaiSmorodinsky: options.frontier || !skippedViable ? kalaiSmorodinsky(frontierPackages, plan: plan) : nil,
            improveBase: improveBase, improvementCount: improvementCount,
            improvements: improvements.indices.map(found),
            leaningViable: leaningViable, bestLeaning: bestLeaning.indices.map(found),
            closestUncertain: closestUncertain.indices.map { Self.describe($0, plan: plan, objective: .maxmin) },
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, threads: threads,
            // A bounded walk that skipped nothing counted everything; one without the frontier that
            // skipped no viable package found it all the same.
            bounded: options.bounded && skipped > 0, skipped: skipped, skippedLeaning: skippedLeaning,
            frontierComputed: options.frontier || !skippedViable,
            skippedViable: skippedViable, limit: options.limit,
            bestFolded: best.folded, improvementsFolded: improvements.folded, leaningFolded: bestLeaning.folded,
            closestFolded: closestUncertain.folded, space: plan.space)
    }

    /// A found package's terms, scores and objective, scored as the CLI scores packages.
    static func describe(_ index: UInt64, plan: SearchPlan, objective: Objective) -> FoundPackage {
        let terms = plan.terms(at: index)
        var satisfactions: [SatisfactionReading] = []
        var violated: [Int] = []
        let compiled = plan.compiled
        var scores = [Double](repeating: 0, count: plan.partyCount)
        for p in 0..<plan.partyCount {
            // The running sum is the evaluator's score to the bit where it adds in its order.
            scores[p] =
                plan.additive[p] && plan.exactOrder[p]
                ? plan.additiveScore(party: p, at: index)
                : compiled.assess(party: p, terms, satisfactions: &satisfactions, violated: &violated).score
        }
        let required = plan.required(for: terms)
        let value = scores.withUnsafeBufferPointer { s in
            required.withUnsafeBufferPointer { r in objective.value(scores: s, thresholds: plan.thresholdMid, required: r) }
        }
        return FoundPackage(index: index, terms: terms, scores: scores, required: required, objective: value)
    }

    /// The Kalai–Smorodinsky package: on the frontier, the one whose least gain over the
    /// threshold, as a share of the best gain any frontier package that needs the party gives it,
    /// is greatest. Gains are read over the parties the package needs, as the objectives read
    /// them: a party a package does not need is left out of that package's least gain.
    static func kalaiSmorodinsky(_ frontier: [FoundPackage], plan: SearchPlan) -> FoundPackage? {
        guard !frontier.isEmpty else { return nil }
        let ideal = plan.mustAgree.map { p in frontier.filter { $0.required[p] }.map { $0.scores[p] }.max() ?? -.infinity }
        var best: (value: Double, package: FoundPackage)?
        for package in frontier {
            var least = Double.infinity
            for (k, p) in plan.mustAgree.enumerated() where package.required[p] {
                let span = ideal[k] - plan.thresholdMid[p]
                let gain = span > 1e-12 ? (package.scores[p] - plan.thresholdMid[p]) / span : 1
                least = min(least, gain)
            }
            if least == .infinity { least = 1 }
            if best == nil || least > best!.value + 1e-12 { best = (least, package) }
        }
        return best?.package
    }
}

extension SearchResult {
    /// A walk with the inert issues pinned (``Search/walked(_:fixed:)``) counted one copy of each
    /// package: every count becomes a count of packages, and every package found is named by its
    /// index in the whole space (the copy with those issues at their first term).
    mutating func countCopies(_ inert: [Int], _ c: UInt64, _ scenario: Scenario) {
        inertPinned = inert
        copies = Double(c)
        copyCount = c
        guard c > 1, let walked = space?.domains.map(\.count) else { return }
        var full = walked
        for i in inert { full[i] = Int((try? SearchSpace.count(scenario.issues[i])) ?? 1) }
        spaceSize *= copies
        examined *= c
        skipped *= c
        viable *= c
        uncertain *= c
        leaningViable *= c
        improvementCount *= c
        let reindex = { (p: FoundPackage) -> FoundPackage in
            var p = p
            var rest = p.index, weight: UInt64 = 1, index: UInt64 = 0
            for i in walked.indices.reversed() {
                index += rest % UInt64(walked[i]) * weight
                rest /= UInt64(walked[i])
                weight &*= UInt64(full[i])
            }
            p.index = index
            return p
        }
        best = best.map(reindex)
        frontier = frontier.map(reindex)
        kalaiSmorodinsky = kalaiSmorodinsky.map(reindex)
        improvements = improvements.map(reindex)
        bestLeaning = bestLeaning.map(reindex)
        closestUncertain = closestUncertain.map(reindex)
    }
}
