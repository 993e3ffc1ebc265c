import Crypto
import Foundation

/// Why a key or a signed note was refused (C2SP signed-note, Go's `sumdb/note`).
package enum NoteError: Error, Equatable, CustomStringConvertible {
  case malformedKey(String)
  case malformedNote(String)
  /// A signature by a trusted key (name and key id) does not verify.
  case invalidSignature(keyName: String)
  /// No trusted key signed the note; the names of the keys that did, if any.
  case untrusted(signers: [String])

  package var description: String {
    switch self {
    case .malformedKey(let why): "malformed key: \(why)"
    case .malformedNote(let why): "malformed signed note: \(why)"
    case .invalidSignature(let name): "the signature by trusted key \(name) does not verify: the note was changed after signing, or was signed by another key of the same name"
    case .untrusted(let signers) where signers.isEmpty: "the note carries no signature"
    case .untrusted(let signers): "no trusted key signed the note (signed by \(signers.joined(separator: ", ")))"
    }
  }
}

/// A public Ed25519 key with its name, in the verifier-key form of C2SP signed-note:
/// `<name>+<key id, 8 lowercase hex>+<base64(0x01 || 32-byte public key)>`. The key id is the
/// first 4 bytes of `SHA-256(name || 0x0A || 0x01 || public key)`, big-endian.
package struct NoteVerifier: Sendable, Equatable, CustomStringConvertible {
  package let name: String
  package let keyID: UInt32
  /// The 32-byte Ed25519 public key.
  let publicKey: [UInt8]

  package static func == (a: NoteVerifier, b: NoteVerifier) -> Bool {
    a.name.utf8.elementsEqual(b.name.utf8) && a.keyID == b.keyID && a.publicKey == b.publicKey
  }

  init(name: String, publicKey: [UInt8]) {
    self.name = name
    self.publicKey = publicKey
    keyID = NoteKeys.keyID(name: name, key: [NoteKeys.ed25519] + publicKey)
  }

  /// Parses a verifier key string.
  package init(_ text: String) throws(NoteError) {
    // base64 may hold "+": the key is whatever follows the second one.
    let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 3 else { throw .malformedKey("a verifier key has the form name+keyid+base64key") }
    let (name, id) = (parts[0], parts[1])
    try NoteKeys.checkName(name)
    let keyID = try NoteKeys.parseKeyID(id)
    let key = try NoteKeys.decodeKey(parts[2])
    guard (try? Curve25519.Signing.PublicKey(rawRepresentation: key.dropFirst())) != nil else {
      throw .malformedKey("not an Ed25519 public key")
    }
    guard NoteKeys.keyID(name: name, key: key) == keyID else {
      throw .malformedKey("the key id \(id) is not the id of this name and key")
    }
    self.name = name
    self.keyID = keyID
    publicKey = Array(key.dropFirst())
  }

  /// The verifier key string.
  package var description: String {
    "\(name)+\(NoteKeys.hex(keyID))+\(Data([NoteKeys.ed25519] + publicKey).base64EncodedString())"
  }

  /// The key id as 8 lowercase hex digits.
  package var keyIDHex: String { NoteKeys.hex(keyID) }

  func verify(_ text: [UInt8], signature: [UInt8]) -> Bool {
    guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
    return key.isValidSignature(signature, for: text)
  }
}

/// A private Ed25519 key with its name, in Go's signer-key form:
/// `PRIVATE+KEY+<name>+<key id>+<base64(0x01 || 32-byte seed)>`.
package struct NoteSigner: Sendable {
  package let name: String
  /// The 32-byte Ed25519 seed.
  let seed: [UInt8]
  /// The public key (any 32 bytes are an Ed25519 seed, so the derivation cannot fail).
  let publicKey: [UInt8]

  /// A new random key named `name`.
  package init(generatingFor name: String) throws(NoteError) {
    try NoteKeys.checkName(name)
    self.name = name
    let key = Curve25519.Signing.PrivateKey()
    seed = Array(key.rawRepresentation)
    publicKey = Array(key.publicKey.rawRepresentation)
  }

  /// Parses a signer key string.
  package init(_ text: String) throws(NoteError) {
    let parts = text.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
      throw .malformedKey("a signer key has the form PRIVATE+KEY+name+keyid+base64key")
    }
    let name = parts[2]
    try NoteKeys.checkName(name)
    let keyID = try NoteKeys.parseKeyID(parts[3])
    let seed = try NoteKeys.decodeKey(parts[4])
    guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed.dropFirst()) else {
      throw .malformedKey("not an Ed25519 private key")
    }
    self.name = name
    self.seed = Array(seed.dropFirst())
    publicKey = Array(key.publicKey.rawRepresentation)
    guard verifier.keyID == keyID else { throw .malformedKey("the key id \(parts[3]) is not the id of this name and key") }
  }

  /// The matching verifier.
  package var verifier: NoteVerifier { NoteVerifier(name: name, publicKey: publicKey) }

  /// The signer key string (secret).
  package var keyString: String {
    "PRIVATE+KEY+\(name)+\(verifier.keyIDHex)+\(Data([NoteKeys.ed25519] + seed).base64EncodedString())"
  }

  /// `— <name> <base64(key id || signature)>\n`, the signature line for `text`.
  package func signatureLine(for text: [UInt8]) throws -> String {
    let signature = try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: text)
    let id = verifier.keyID
    let prefix: [UInt8] = [UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
    return "\u{2014} \(name) \(Data(prefix + Array(signature)).base64EncodedString())\n"
  }
}

/// A signed note: its text (which ends with a newline) and the signature lines after the
/// blank line that follows it.
package struct SignedNote: Sendable, Equatable {
  package var text: String
  /// Signed by these trusted keys (names, in the note's order).
  package var verifiedBy: [String]

  /// The note `text`, signed by every one of `signers`.
  package static func sign(_ text: String, with signers: [NoteSigner]) throws -> String {
    try checkText(Array(text.utf8))
    var note = text + "\n"
    for signer in signers { note += try signer.signatureLine(for: Array(text.utf8)) }
    return note
  }

  /// Opens a signed note: its signatures by `trusted` keys must verify (ignoring those by
  /// unknown keys), and at least one must be there.
  package static func open(_ bytes: [UInt8], trusted: [NoteVerifier]) throws(NoteError) -> SignedNote {
    guard String(validating: bytes, as: UTF8.self) != nil else { throw .malformedNote("not UTF-8") }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw .malformedNote("it starts with a byte order mark: a text editor re-saved it, so its bytes are not the ones signed") }
    if bytes.contains(0x0D) { throw .malformedNote("it has CR LF line endings: a tool re-saved it, so its bytes are not the ones signed (keep checkpoints as binary files)") }
    guard bytes.allSatisfy({ $0 >= 0x20 || $0 == 0x0A }) else { throw .malformedNote("a control character other than newline") }
    // The text ends at the last blank line: "\n\n" splits it from the signatures.
    var split: Int? = nil
    if bytes.count >= 2 {
      for k in stride(from: bytes.count - 2, through: 0, by: -1) where bytes[k] == 0x0A && bytes[k + 1] == 0x0A {
        split = k
        break
      }
    }
    guard let split else { throw .malformedNote("no blank line before the signatures") }
    let text = Array(bytes[...split])
    let signatures = bytes[(split + 2)...]
    guard let last = signatures.last, last == 0x0A else { throw .malformedNote("the signatures must end with a newline") }
    var verifiedBy: [String] = []
    var signers: [String] = []
    let prefix = Array("\u{2014} ".utf8)
    var count = 0
    for line in signatures.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
      count += 1
      guard count <= 100 else { throw .malformedNote("more than 100 signatures") }
      guard line.starts(with: prefix) else { throw .malformedNote("a signature line must start with an em dash and a space") }
      let rest = String(decoding: line.dropFirst(prefix.count), as: UTF8.self)
      guard let space = rest.firstIndex(of: " ") else { throw .malformedNote("a signature line needs a key name and a signature") }
      let name = String(rest[..<space]), b64 = String(rest[rest.index(after: space)...])
      guard (try? NoteKeys.checkName(name)) != nil, !b64.isEmpty, let raw = Data(base64Encoded: b64), raw.count >= 5 else {
        throw .malformedNote("a signature line is not \"— name base64\"")
      }
      let signature = Array(raw)
      let id = signature.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      signers.append(name)
      guard let key = trusted.first(where: { $0.keyID == id && $0.name.utf8.elementsEqual(name.utf8) }) else { continue }
      guard key.verify(text, signature: Array(signature.dropFirst(4))) else { throw .invalidSignature(keyName: name) }
      if !verifiedBy.contains(where: { $0.utf8.elementsEqual(name.utf8) }) { verifiedBy.append(name) }
    }
    guard !verifiedBy.isEmpty else { throw .untrusted(signers: signers) }
    return SignedNote(text: String(decoding: text, as: UTF8.self), verifiedBy: verifiedBy)
  }

  static func checkText(_ text: [UInt8]) throws(NoteError) {
    guard text.last == 0x0A else { throw .malformedNote("the text must end with a newline") }
    guard text.allSatisfy({ $0 >= 0x20 || $0 == 0x0A }) else { throw .malformedNote("a control character other than newline") }
    guard !text.indices.dropLast().contains(where: { text[$0] == 0x0A && text[$0 + 1] == 0x0A }) else {
      throw .malformedNote("the text must not hold a blank line")
    }
  }
}

/// The key rules shared by signers and verifiers.
enum NoteKeys {
  /// The algorithm byte of Ed25519 keys.
  static let ed25519: UInt8 = 0x01

  static func keyID(name: String, key: [UInt8]) -> UInt32 {
    let digest = Array(SHA256.hash(data: Array(name.utf8) + [0x0A] + key))
    return digest.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
  }

  static func hex(_ id: UInt32) -> String {
    let digits = String(id, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }

  /// Names are non-empty, hold no space (or other white space) and no `+`.
  static func checkName(_ name: String) throws(NoteError) {
    guard !name.isEmpty else { throw .malformedKey("the key name is empty") }
    guard !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "+" }) else {
      throw .malformedKey("the key name \"\(name)\" holds a space or a +")
    }
  }

  static func parseKeyID(_ text: String) throws(NoteError) -> UInt32 {
    guard text.utf8.count == 8, let id = UInt32(text, radix: 16), hex(id) == text else {
      throw .malformedKey("the key id must be 8 lowercase hex digits, not \"\(text)\"")
    }
    return id
  }

  /// A base64 key: the algorithm byte (Ed25519 only) and 32 bytes.
  static func decodeKey(_ text: String) throws(NoteError) -> [UInt8] {
    guard let data = Data(base64Encoded: text) else { throw .malformedKey("the key is not base64") }
    let key = Array(data)
    guard key.first == ed25519 else { throw .malformedKey("only Ed25519 keys (algorithm 1) are supported") }
    guard key.count == 33 else { throw .malformedKey("an Ed25519 key is 32 bytes, not \(key.count - 1)") }
    return key
  }
}
