import Foundation
import Testing

@testable import SimulateKit

/// Whole-file reads stop at the limit, whether the size is known (a file) or not (a pipe), and
/// never read a device.
struct FileBytesTests {
    static func file(_ bytes: Int) -> String {
        let url = TestSupport.temporaryFolder().appendingPathComponent("f")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data(repeating: 0x20, count: bytes)))
        return url.path
    }

    @Test func aFileOfExactlyTheLimitIsReadAndOneByteMoreIsNot() {
        #expect(FileBytes.read(atPath: Self.file(10), limit: 10) == .bytes([UInt8](repeating: 0x20, count: 10)))
        #expect(FileBytes.read(atPath: Self.file(11), limit: 10) == .tooLarge)
        #expect(FileBytes.read(atPath: Self.file(0), limit: 10) == .bytes([]))
    }

    /// A pipe has no size to look at: it is read in chunks and refused once past the limit.
    @Test(arguments: [(10, true), (11, false), (3 << 20, false)])
    func aPipeIsReadUpToTheLimit(count: Int, fits: Bool) throws {
        let pipe = Pipe()
        let writer = Thread {
            try? pipe.fileHandleForWriting.write(contentsOf: Data(repeating: 0x41, count: count))
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        let outcome = FileBytes.read(pipe.fileHandleForReading, limit: fits ? 10 : count - 1, allowDevices: false)
        #expect(outcome == (fits ? .bytes([UInt8](repeating: 0x41, count: count)) : .tooLarge))
        try pipe.fileHandleForReading.close()
    }

    @Test func aDeviceIsRefusedUnlessAllowedAndThenStopsAtTheLimit() throws {
        #expect(FileBytes.read(atPath: "/dev/zero") == .device)
        let zero = try #require(FileHandle(forReadingAtPath: "/dev/zero"))
        #expect(FileBytes.read(zero, limit: 3 << 20, allowDevices: true) == .tooLarge)
        try zero.close()
    }

    @Test func aFolderIsRefusedAsOne() {
        #expect(FileBytes.read(atPath: TestSupport.temporaryFolder().path, allowPipes: false) == .folder)
    }

    @Test func aMissingFileIsUnreadable() {
        #expect(FileBytes.read(atPath: "/no/such/file.json") == .unreadable)
    }
}
