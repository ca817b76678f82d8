// Every file syscall the store makes, each wrapped once: EINTR is retried here,
// and a failure becomes a StoreError naming the call and the path.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The store's file syscalls (caseless namespace keeping the C names).
enum FileSystem {
    /// Runs `body` until it does not fail with EINTR; returns its result or throws `.io`.
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ operation: String, _ path: String, _ body: () -> T) throws -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw StoreError.io(operation: operation, path: path, errno: code)
        }
    }

    /// Mode of every file the store creates: owner read/write only (the log holds personal data).
    static let fileMode: mode_t = 0o600
    /// Mode of every directory the store creates.
    static let directoryMode: mode_t = 0o700

    /// open(2) with O_CLOEXEC; created files get `fileMode`.
    static func open(_ path: String, _ flags: Int32) throws -> Int32 {
        try retrying("open", path) { Glibc.open(path, flags | O_CLOEXEC, fileMode) }
    }

    /// close(2); EINTR is not retried because Linux always releases the descriptor.
    static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }

    /// pread(2) of up to `count` bytes; returns 0 at end of file.
    static func pread(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: UInt64, path: String) throws -> Int {
        try retrying("pread", path) { Glibc.pread(descriptor, buffer, count, off_t(offset)) }
    }

    /// Reads exactly `count` bytes at `offset` unless the file ends first; returns the bytes read.
    static func preadFully(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: UInt64, path: String) throws -> Int {
        var done = 0
        while done < count {
            let n = try pread(descriptor, buffer + done, count - done, at: offset + UInt64(done), path: path)
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// pwrite(2) looping over partial writes until every byte is written.
    static func pwriteAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: UInt64, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = try retrying("pwrite", path) {
                Glibc.pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + UInt64(done)))
            }
            if n == 0 { throw StoreError.io(operation: "pwrite", path: path, errno: EIO) }
            done += n
        }
    }

    /// fdatasync(2): the data and the size, not the timestamps.
    static func fdatasync(_ descriptor: Int32, path: String) throws {
        _ = try retrying("fdatasync", path) { Glibc.fdatasync(descriptor) }
    }

    /// fsync(2): data and all metadata.
    static func fsync(_ descriptor: Int32, path: String) throws {
        _ = try retrying("fsync", path) { Glibc.fsync(descriptor) }
    }

    /// ftruncate(2).
    static func ftruncate(_ descriptor: Int32, _ length: UInt64, path: String) throws {
        _ = try retrying("ftruncate", path) { Glibc.ftruncate(descriptor, off_t(length)) }
    }

    /// The file's size from fstat(2).
    static func size(_ descriptor: Int32, path: String) throws -> UInt64 {
        var info = stat()
        _ = try retrying("fstat", path) { Glibc.fstat(descriptor, &info) }
        return UInt64(info.st_size)
    }

    /// Calls `body` with `length` bytes of the file from `offset` (a multiple of the page size)
    /// mapped read-only (`MADV_SEQUENTIAL`), bounded by the file's size now (a page past the end
    /// of a file faults with `SIGBUS` rather than reading short), and unmaps them after. Answers
    /// nil, calling nothing, when no byte is there or the mapping fails: the caller then reads
    /// the file instead. Reading a mapping saves the kernel's copy of every byte into a buffer;
    /// only for files nobody truncates meanwhile.
    static func withMapping<Result>(
        _ descriptor: Int32, offset: UInt64 = 0, length limit: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, case let size = UInt64(max(0, status.st_size)), offset < size else { return nil }
        let length = Int(min(limit, size - offset))
        guard length > 0, let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, off_t(offset)),
            mapped != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        defer { munmap(mapped, length) }
        _ = madvise(mapped, length, MADV_SEQUENTIAL)
        return try body(UnsafeRawBufferPointer(start: mapped, count: length))
    }

    /// flock(LOCK_EX|LOCK_NB): false when someone else holds it. Locks belong to the open file
    /// description, so a second open() in the same process conflicts too (unlike fcntl locks).
    static func tryLockExclusive(_ descriptor: Int32, path: String) throws -> Bool {
        while true {
            if lockFile(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw StoreError.io(operation: "flock", path: path, errno: code)
        }
    }

    /// flock(2), named apart because Swift resolves `flock(...)` to the C struct of that name.
    private static let lockFile: @convention(c) (CInt, CInt) -> CInt = flock

    /// rename(2), atomic within a file system.
    static func rename(_ from: String, _ to: String) throws {
        _ = try retrying("rename", from) { Glibc.rename(from, to) }
    }

    /// unlink(2); a file already gone is not an error.
    static func unlink(_ path: String) throws {
        while Glibc.unlink(path) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return }
            throw StoreError.io(operation: "unlink", path: path, errno: code)
        }
    }

    /// mkdir(2) of one level with `directoryMode`; an existing directory is fine.
    static func makeDirectory(_ path: String) throws {
        while Glibc.mkdir(path, directoryMode) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EEXIST { return }
            throw StoreError.io(operation: "mkdir", path: path, errno: code)
        }
    }

    /// lstat(2): nil when the path does not exist.
    static func status(_ path: String) throws -> stat? {
        var info = stat()
        while Glibc.lstat(path, &info) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return nil }
            throw StoreError.io(operation: "lstat", path: path, errno: code)
        }
        return info
    }

    /// chmod(2).
    static func changeMode(_ path: String, _ mode: mode_t) throws {
        _ = try retrying("chmod", path) { Glibc.chmod(path, mode) }
    }

    /// fsync of a directory, so that creates, renames and unlinks in it survive a crash.
    static func syncDirectory(_ path: String) throws {
        let descriptor = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        try fsync(descriptor, path: path)
    }

    /// The names in a directory (not `.`/`..`), unsorted.
    static func listDirectory(_ path: String) throws -> [String] {
        guard let directory = Glibc.opendir(path) else {
            throw StoreError.io(operation: "opendir", path: path, errno: errno)
        }
        defer { Glibc.closedir(directory) }
        var names: [String] = []
        while let entry = Glibc.readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
