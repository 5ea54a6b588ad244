// The floor of a fresh Swift process on a small bench domain: the least work the benchmark's
// answer needs (viable count, Pareto frontier, Nash package), written as a C programmer would
// write it, with no scenario semantics (no uncertainty, conditional parties, set or number
// issues, best list or Kalai–Smorodinsky). It is not part of the product; docs/PERFORMANCE.md
// uses it to show what a fresh process costs at 4,096 packages whatever the engine.
//
//   swiftc -O docs/perf/swift-floor.swift -o /tmp/swift-floor
//   /tmp/swift-floor DOMAIN.json    # a bench-domain/1 file from ../shared/bench/gen_domain.py
//
// It prints the counts (to check them against the C baseline's) and the microseconds of the
// timed part, which starts after the file is read, as `limit.c`'s and simulate's timers do,
// and includes building the flat tables from what was read, as simulate's does.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// A domain as read: per party, weights and values per issue, reservation, and red lines as
/// (issue, forbidden options) conjunctions.
struct Domain {
    var options: [Int] = []
    var weights: [[Double]] = []
    var values: [[[Double]]] = []
    var reservation: [Double] = []
    var redLines: [[[(issue: Int, options: [Int])]]] = []
}

func read(_ path: String) -> Domain {
    let data = try! Data(contentsOf: URL(fileURLWithPath: path))
    let root = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    let issues = root["issues"] as! [[String: Any]]
    let ids = issues.map { $0["id"] as! String }
    let optionIds = issues.map { $0["options"] as! [String] }
    var d = Domain()
    d.options = optionIds.map(\.count)
    for party in root["parties"] as! [[String: Any]] {
        let w = party["weights"] as! [String: Double]
        let v = party["values"] as! [String: [String: Double]]
        d.weights.append(ids.map { w[$0]! })
        d.values.append(ids.indices.map { i in optionIds[i].map { v[ids[i]]![$0]! } })
        d.reservation.append(party["reservation"] as! Double)
        d.redLines.append(
            (party["redLines"] as! [[String: [String]]]).map { line in
                line.map { key, forbidden in
                    let i = ids.firstIndex(of: key)!
                    return (i, forbidden.map { optionIds[i].firstIndex(of: $0)! })
                }
            })
    }
    return d
}

@inline(never)
func search(_ d: Domain) -> (viable: Int, frontier: Int, nash: Int) {
    let n = d.options.count, p = d.reservation.count, k = d.options.max()!
    let total = d.options.reduce(1, *)
    // Each party's contribution per issue and option, weights normalised as the bench sums them.
    let contribution = UnsafeMutablePointer<Double>.allocate(capacity: n * k * p)
    for q in 0..<p {
        var sum = 0.0
        for i in 0..<n { sum += d.weights[q][i] }
        for i in 0..<n { for o in 0..<d.options[i] { contribution[(i * k + o) * p + q] = d.weights[q][i] / sum * d.values[q][i][o] } }
    }
    // Red lines as bits (limit.c tests them one by one): bit l of (issue, option) is set when the option meets line l's
    // condition on that issue (or line l does not name the issue); a package breaks line l
    // when the bit survives every issue.
    var lines = 0
    for q in 0..<p { lines += d.redLines[q].count }
    precondition(lines <= 64)
    let lineBits = UnsafeMutablePointer<UInt64>.allocate(capacity: n * k)
    for i in 0..<n {
        for o in 0..<d.options[i] {
            var bits: UInt64 = 0, l = 0
            for q in 0..<p {
                for line in d.redLines[q] {
                    if let c = line.first(where: { $0.issue == i }) { if c.options.contains(o) { bits |= 1 << l } } else { bits |= 1 << l }
                    l += 1
                }
            }
            lineBits[i * k + o] = bits
        }
    }
    // The odometer over all issues but the last, with running sums per depth; the last issue
    // is an inner loop that stops at the first party below its reservation (as limit.c does).
    let viableScores = UnsafeMutablePointer<Double>.allocate(capacity: total * p)
    let viableIndex = UnsafeMutablePointer<Int>.allocate(capacity: total)
    let digit = UnsafeMutablePointer<Int>.allocate(capacity: n)
    digit.initialize(repeating: 0, count: n)
    let running = UnsafeMutablePointer<Double>.allocate(capacity: (n + 1) * p)
    running.initialize(repeating: 0, count: (n + 1) * p)
    let broken = UnsafeMutablePointer<UInt64>.allocate(capacity: n + 1)
    broken[0] = lines == 64 ? ~0 : (1 << UInt64(lines)) - 1
    let reservation = UnsafeMutablePointer<Double>.allocate(capacity: p)
    for q in 0..<p { reservation[q] = d.reservation[q] }
    let options = UnsafeMutablePointer<Int>.allocate(capacity: n)
    for i in 0..<n { options[i] = d.options[i] }
    let last = n - 1, lastOptions = options[last]
    var viable = 0, index = 0, from = 0
    while true {
        for i in from..<last {
            let o = digit[i], row = contribution + (i * k + o) * p
            for q in 0..<p { running[(i + 1) * p + q] = running[i * p + q] + row[q] }
            broken[i + 1] = broken[i] & lineBits[i * k + o]
        }
        let base = running + last * p
        for o in 0..<lastOptions {
            defer { index += 1 }
            if broken[last] & lineBits[last * k + o] != 0 { continue }
            let row = contribution + (last * k + o) * p
            var q = 0
            while q < p && base[q] + row[q] >= reservation[q] { q += 1 }
            if q < p { continue }
            for q in 0..<p { viableScores[viable * p + q] = base[q] + row[q] }
            viableIndex[viable] = index
            viable += 1
        }
        var i = last - 1
        while i >= 0 {
            digit[i] += 1
            if digit[i] < options[i] { break }
            digit[i] = 0
            i -= 1
        }
        if i < 0 { break }
        from = i
    }
    // Pareto frontier by pairwise comparison (the viable packages are few), then Nash on it.
    var frontier: [Int] = []
    for a in 0..<viable {
        var dominated = false
        for b in 0..<viable where b != a {
            var atLeast = true, better = false
            for q in 0..<p {
                let x = viableScores[b * p + q], y = viableScores[a * p + q]
                if x < y {
                    atLeast = false
                    break
                }
                if x > y { better = true }
            }
            if atLeast && better {
                dominated = true
                break
            }
        }
        if !dominated { frontier.append(a) }
    }
    var bestProduct = -Double.infinity, nash = -1
    for a in frontier {
        var product = 1.0
        for q in 0..<p { product *= viableScores[a * p + q] - d.reservation[q] }
        if product > bestProduct + 1e-12 { (bestProduct, nash) = (product, viableIndex[a]) }
    }
    return (viable, frontier.count, nash)
}

let domain = read(CommandLine.arguments[1])
let start = now()
let answer = search(domain)
let microseconds = (now() - start) * 1e6
print("viable \(answer.viable) frontier \(answer.frontier) nash \(answer.nash) microseconds \(Int(microseconds.rounded()))")
