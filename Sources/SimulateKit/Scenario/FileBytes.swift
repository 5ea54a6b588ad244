import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole file, a pipe or standard input into memory, refusing more than a limit.
enum FileBytes {
    /// The most a scenario file, an `extends` file or a source document may hold: far more than
    /// any real one, and little enough that a mistaken path (`/dev/zero`, a disk image) is
    /// refused before it exhausts memory.
    static let limit = 64 << 20

    /// The limit as messages give it.
    static let limitText = "64 MiB"

    /// What reading produced.
    enum Outcome: Equatable {
        /// The whole content.
        case bytes([UInt8])
        /// More than the limit; nothing past it was read.
        case tooLarge
        /// A character or block device (`/dev/zero`, a disk), which is never a file to read.
        case device
        /// A named pipe, when pipes are refused (opening one waits for a writer).
        case pipe
        /// A folder, which opens on some systems but reads as nothing or fails.
        case folder
        /// The file could not be opened, or reading failed (a folder on standard input).
        case unreadable
    }

    /// Reads the file at `path`, refusing folders, devices, and named pipes unless `allowPipes`
    /// (a scenario may come through one; a source document may not). All are refused before the
    /// file is opened, which for a pipe would wait for a writer.
    static func read(atPath path: String, limit: Int = limit, allowPipes: Bool = true) -> Outcome {
        var status = stat()
        if stat(path, &status) == 0 {
            let type = status.st_mode & S_IFMT
            if type == S_IFDIR { return .folder }
            if type == S_IFCHR || type == S_IFBLK { return .device }
            if type == S_IFIFO && !allowPipes { return .pipe }
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .unreadable }
        defer { try? handle.close() }
        return read(handle, limit: limit, allowDevices: false)
    }

    /// Reads `handle` to its end in chunks, stopping one byte past `limit`. A device is refused
    /// unless `allowDevices` (standard input may be a terminal, or `< /dev/zero`, which the
    /// limit stops).
    static func read(_ handle: FileHandle, limit: Int = limit, allowDevices: Bool) -> Outcome {
        var status = stat()
        var expected = 0
        if fstat(handle.fileDescriptor, &status) == 0 {
            let type = status.st_mode & S_IFMT
            if !allowDevices && (type == S_IFCHR || type == S_IFBLK) { return .device }
            if type == S_IFREG {
                expected = Int(status.st_size)
                if expected > limit { return .tooLarge }
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected, limit) + 1)
        let chunk = 1 << 20
        do {
            while bytes.count <= limit {
                guard let data = try handle.read(upToCount: min(chunk, limit + 1 - bytes.count)), !data.isEmpty else {
                    return .bytes(bytes)
                }
                bytes.append(contentsOf: data)
            }
        } catch {
            return .unreadable
        }
        return .tooLarge
    }
}
