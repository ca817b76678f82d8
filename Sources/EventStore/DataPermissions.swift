// At rest the data directory holds owners' personal data (PIPL): it and its subdirectories are
// 0700 and every file in them 0600, whatever the umask. The store creates everything that way;
// what an older version (or an operator) left looser is tightened when the store opens, with a
// warning naming it, so an upgrade needs no manual step. A path that cannot be tightened (owned
// by another user) stops the open: the store will not run on data others can read.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

enum DataPermissions {
    /// Tightens the data directory, `log/`, `snapshots/` and the files in them to owner-only.
    static func tighten(_ layout: LogLayout, log: StoreLog) throws {
        var changed: [String] = []
        for directory in [layout.root, layout.logDirectory, layout.snapshotDirectory] {
            // The data directory may be a symlink to a volume: its target is what must be private.
            var info = stat()
            guard stat(directory, &info) == 0 else { throw StoreError.io(operation: "stat", path: directory, errno: errno) }
            try restrict(directory, mode: info.st_mode, changed: &changed)
            for name in try FileSystem.listDirectory(directory) {
                let path = directory + "/" + name
                // Never follow a link out of the data directory; subdirectories are handled above.
                guard let entry = try FileSystem.status(path), entry.st_mode & S_IFMT == S_IFREG else { continue }
                try restrict(path, mode: entry.st_mode, changed: &changed)
            }
        }
        guard !changed.isEmpty else { return }
        log(
            "warn", "tightened permissions in the data directory to owner-only (0700 directories, 0600 files)",
            [
                "directory": layout.root, "count": String(changed.count),
                "paths": changed.prefix(5).joined(separator: ",") + (changed.count > 5 ? ",…" : ""),
            ])
    }

    /// Removes group and other permissions from one path.
    private static func restrict(_ path: String, mode: mode_t, changed: inout [String]) throws {
        guard mode & 0o077 != 0 else { return }
        do {
            try FileSystem.changeMode(path, mode & 0o700)
        } catch StoreError.io(_, _, let code) {
            throw StoreError.io(operation: "chmod to owner-only (the data directory must not be readable by others)", path: path, errno: code)
        }
        changed.append(path)
    }
}
