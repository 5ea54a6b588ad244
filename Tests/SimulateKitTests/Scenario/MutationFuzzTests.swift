import Foundation
import Testing

@testable import SimulateKit

/// Bad input never crashes: seeded random mutations of a valid scenario (bytes flipped, cut,
/// repeated; tokens swapped) are loaded, checked and evaluated, and every run ends with a
/// clear exit code.
struct MutationFuzzTests {
    static let tutorial = try! Data(contentsOf: TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial.json"))

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = bytes
        let tokens: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "null", "-1", "1e999", "0.5", "[0.9, 0.1]", "\"x\"", "\\u00", "\u{00E9}"]
            .map { Array($0.utf8) }
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { break }
            let at = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0...4, using: &rng) {
            case 0: b[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...40, using: &rng)))
            case 2: b.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            case 3:
                let end = min(b.count, at + Int.random(in: 1...60, using: &rng))
                b.insert(contentsOf: b[at..<end], at: at)
            default:
                // Swap a number or word inside the file for another token.
                if let q = b[at...].firstIndex(of: UInt8(ascii: "\"")) {
                    b.replaceSubrange(at..<q, with: tokens.randomElement(using: &rng)!)
                }
            }
        }
        return b
    }

    @Test(arguments: 0..<8)
    func mutatedScenariosNeverCrash(batch: Int) throws {
        var rng = SplitMix64(seed: UInt64(9000 + batch))
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tutorial-sources"), withIntermediateDirectories: true)
        for name in ["bulletin-2031-04.txt", "bulletin-2031-06.txt"] {
            try FileManager.default.copyItem(
                at: TestSupport.packageRoot.appendingPathComponent("Scenarios/tutorial-sources/\(name)"),
                to: folder.appendingPathComponent("tutorial-sources/\(name)"))
        }
        var outcomes: [Int32: Int] = [:]
        for k in 0..<50 {
            let path = folder.appendingPathComponent("m\(k).json")
            try Data(Self.mutate([UInt8](Self.tutorial), &rng)).write(to: path)
            let check = TestSupport.run(["check", path.path])
            let evaluate = TestSupport.run([path.path, "--format", "json"])
            #expect([0, 65].contains(check.code), "check exit \(check.code) on \(path.path)")
            #expect([0, 65].contains(evaluate.code), "evaluate exit \(evaluate.code) on \(path.path)")
            if evaluate.code == 65 {
                #expect(evaluate.err.contains("error:"))
                #expect(evaluate.out.isEmpty)
            }
            outcomes[check.code, default: 0] += 1
        }
        // The mutations reach both valid and invalid files.
        #expect(outcomes[65, default: 0] > 10)
    }
}
