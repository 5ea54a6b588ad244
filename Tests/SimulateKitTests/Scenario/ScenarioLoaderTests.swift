import Foundation
import Testing

@testable import SimulateKit

/// How the loader names standard input, where relative paths are taken from, and what
/// `extends` may name.
struct ScenarioLoaderTests {
    /// Standard input is `<stdin>` in messages; a file named `stdin` keeps its own name.
    @Test func standardInputIsNamedApartFromAFileNamedStdin() {
        for path in ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"] {
            #expect(ScenarioLoader.isStandardInput(path))
            #expect(ScenarioLoader.displayName(path) == "<stdin>")
        }
        for path in ["stdin", "./stdin", "/dev/fd/63", "-.json"] {
            #expect(!ScenarioLoader.isStandardInput(path))
            #expect(ScenarioLoader.displayName(path) == path)
        }
    }

    /// A descriptor path (what `<(…)` gives) has no folder of its own: its relative paths, like
    /// those of standard input, are taken from the current folder.
    @Test(arguments: [nil, "/dev/fd/63", "/proc/self/fd/5"])
    func descriptorPathsResolveAgainstTheCurrentFolder(path: String?) {
        let folder = ScenarioLoader.folderForRelativePaths(of: path)
        #expect(folder.standardizedFileURL.path == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path)
    }

    @Test func aFileResolvesAgainstItsOwnFolder() {
        #expect(ScenarioLoader.folderForRelativePaths(of: "/tmp/what-ifs/a.json").path == "/tmp/what-ifs")
        #expect(ScenarioLoader.folderForRelativePaths(of: "/dev/fdx/a.json").path == "/dev/fdx")
    }

    /// `extends` naming standard input, directly or by a relative path to `/dev/stdin`, is an
    /// error located at the value, not a read of input already consumed.
    @Test func extendsCannotNameStandardInput() throws {
        let folder = TestSupport.temporaryFolder()
        let up = String(repeating: "../", count: folder.standardizedFileURL.pathComponents.count - 1)
        for target in ["-", "/dev/stdin", "/dev/fd/0", up + "dev/stdin"] {
            let result = TestSupport.load("{\"format\": 1,\n  \"extends\": \"\(target)\",\n  \"title\": \"t\"}")
            #expect(result.scenario == nil)
            #expect(!result.unreadableFile)
            let error = try #require(result.diagnostics.first { $0.severity == .error })
            #expect(error.code == "invalid-extends", "\(target)")
            #expect(error.location.line == 2 && error.location.column == 14)
            #expect(error.message.contains("standard input can only be the scenario named on the command line"))
            #expect(result.diagnostics.filter { $0.severity == .error }.count == 1)
        }
    }
}
