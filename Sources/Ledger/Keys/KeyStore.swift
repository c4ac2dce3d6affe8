// Ed25519 private keys as PKCS#8 PEM files with mode 0600 (DESIGN §3, Keys). Private keys
// live only here; the ledger holds public keys.
import Crypto
import CryptoExtras
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with a key file.
public enum KeyStoreError: Error, CustomStringConvertible, Equatable {
    /// The key file is readable or writable by group or others.
    case insecurePermissions(path: String, mode: UInt16)
    /// No key file where one was expected.
    case missing(path: String, whose: String)
    /// The file exists but is not an Ed25519 PKCS#8 PEM private key.
    case unreadable(path: String, detail: String)
    /// A key file already exists where a new one would be written.
    case alreadyExists(path: String)
    /// The directory or file cannot be written.
    case cannotWrite(path: String, detail: String)

    public var description: String {
        switch self {
        case .insecurePermissions(let path, let mode):
            return "refusing to use key \(path): it is readable by group or others (mode \(String(mode, radix: 8))); run `chmod 600 \(path)`"
        case .missing(let path, let whose):
            return "no private key for \(whose) at \(path); keys live in $XDG_CONFIG_HOME/factledger/keys (or ~/.config/factledger/keys)"
        case .unreadable(let path, let detail):
            return "cannot read the key \(path): \(detail); expected an Ed25519 private key in PKCS#8 PEM"
        case .alreadyExists(let path):
            return "a key already exists at \(path); refusing to overwrite it"
        case .cannotWrite(let path, let detail):
            return "cannot write the key \(path): \(detail)"
        }
    }

    /// The exit code family.
    public var kind: FailureKind {
        switch self {
        case .missing: return .missingInput
        case .cannotWrite, .alreadyExists: return .cannotCreate
        case .insecurePermissions, .unreadable: return .badData
        }
    }
}

/// The folder of private keys: one `reviewer-<handle>.pem` per reviewer and one
/// `ledger-<ledger id>.pem` per ledger.
///
/// Guarantees: new keys are created with `O_EXCL` and mode 0600 in a 0700 folder; a key
/// that group or others can read is refused, as ssh does. Cost: one small file read.
public struct KeyStore: Sendable {
    /// The folder holding the keys.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The default folder: `$XDG_CONFIG_HOME/factledger/keys`, else `~/.config/factledger/keys`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            return config + "/factledger/keys"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/factledger/keys"
    }

    /// The file of reviewer `handle`'s key.
    public func reviewerKeyPath(_ handle: String) -> String { "\(directory)/reviewer-\(handle).pem" }

    /// The file of the ledger key of ledger `ledgerID`.
    public func ledgerKeyPath(_ ledgerID: String) -> String { "\(directory)/ledger-\(ledgerID).pem" }

    /// Loads the key at `path`, refusing insecure permissions.
    public func load(path: String, whose: String) throws(KeyStoreError) -> Curve25519.Signing.PrivateKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .missing(path: path, whose: whose) }
        let mode = UInt16(info.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, detail: "the file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, detail: "the file is not text")
        }
        do {
            return try Curve25519.Signing.PrivateKey(pemRepresentation: text)
        } catch {
            throw .unreadable(path: path, detail: "it does not parse (\(error))")
        }
    }

    /// Loads the key at `path`, or creates a new one there when there is none.
    public func loadOrCreate(path: String, whose: String) throws(KeyStoreError) -> Curve25519.Signing.PrivateKey {
        if FileManager.default.fileExists(atPath: path) { return try load(path: path, whose: whose) }
        let key = Curve25519.Signing.PrivateKey()
        try write(key, to: path)
        return key
    }

    /// Writes `key` to a new file at `path` with mode 0600.
    public func write(_ key: Curve25519.Signing.PrivateKey, to path: String) throws(KeyStoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotWrite(path: directory, detail: "\(error.localizedDescription)")
        }
        // Write a temporary file, then link it into place: a crash leaves either no key or a
        // whole one, never an empty file that would be refused forever.
        let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw .cannotWrite(path: path, detail: String(cString: strerror(errno)))
        }
        defer { unlink(temporary) }
        fchmod(descriptor, 0o600)
        let bytes = Array(key.pemRepresentation.utf8) + [0x0A]
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            throw .cannotWrite(path: path, detail: String(cString: strerror(errno)))
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw .alreadyExists(path: path) }
            throw .cannotWrite(path: path, detail: String(cString: strerror(errno)))
        }
    }
}
