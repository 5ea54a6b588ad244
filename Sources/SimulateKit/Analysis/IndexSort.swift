/// A stable sort of the indices `0 ..< count` by a comparison: insertion sort on short runs,
/// then bottom-up merges between two buffers.
///
/// It stands in for the standard library's sort on the search path. That sort keeps its runs
/// in an array of `Range<Int>`, and the first such array in a process makes the runtime look
/// up `Int: Comparable` among every conformance record it has: tens of microseconds, more
/// than a search of a few thousand packages takes.
enum IndexSort {
    /// The indices `0 ..< count`, ordered by `areInIncreasingOrder`; equal ones keep their order.
    static func sorted(_ count: Int, by areInIncreasingOrder: (Int, Int) -> Bool) -> [Int] {
        guard count > 1 else { return count == 1 ? [0] : [] }
        var a = [Int](repeating: 0, count: count)
        var b = [Int](repeating: 0, count: count)
        let run = 16
        a.withUnsafeMutableBufferPointer { a in
            for k in 0..<count { a[k] = k }
            var start = 0
            while start < count {
                let end = min(start + run, count)
                var i = start + 1
                while i < end {
                    let x = a[i]
                    var j = i
                    while j > start && areInIncreasingOrder(x, a[j - 1]) {
                        a[j] = a[j - 1]
                        j -= 1
                    }
                    a[j] = x
                    i += 1
                }
                start = end
            }
        }
        var width = run
        var sourceIsA = true
        while width < count {
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    let (from, to) = sourceIsA ? (a, b) : (b, a)
                    var lo = 0
                    while lo < count {
                        let mid = min(lo + width, count), hi = min(lo + 2 * width, count)
                        var i = lo, j = mid, k = lo
                        while i < mid && j < hi {
                            // Take from the right only when strictly before: stability.
                            if areInIncreasingOrder(from[j], from[i]) {
                                to[k] = from[j]
                                j += 1
                            } else {
                                to[k] = from[i]
                                i += 1
                            }
                            k += 1
                        }
                        while i < mid {
                            to[k] = from[i]
                            i += 1
                            k += 1
                        }
                        while j < hi {
                            to[k] = from[j]
                            j += 1
                            k += 1
                        }
                        lo = hi
                    }
                }
            }
            sourceIsA.toggle()
            width *= 2
        }
        return sourceIsA ? a : b
    }
}
