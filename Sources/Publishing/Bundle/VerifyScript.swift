// The outsider's verifier shipped in every audit bundle: Python 3 with the standard library
// and `cryptography` only, written from the public formats (RFC 6962/9162 Merkle trees, C2SP
// signed notes, the leaf layout of DESIGN §3), so checking a bundle needs none of our code.

/// `verify.py`, as written into each bundle.
public enum VerifyScript {
    /// The file name in the bundle.
    public static let fileName = "verify.py"

    /// The script's text (under 150 lines).
    public static let source = #"""
#!/usr/bin/env python3
"""Checks a FactLedger audit bundle with Python 3 and `cryptography` only (pip install cryptography):
    python3 BUNDLE/verify.py [KEY-FILE]   (the ledger key you got from the publisher; default ledger-key.txt)
Checks each line of events.jsonl against its leaf (hash, position, times, exact data bytes), every event
signature, the RFC 6962 Merkle root and size against checkpoint.txt and its Ed25519 signature (C2SP signed
note), the proofs in proofs/ and consistency.json: this checkpoint extends the previous export's (RFC 9162).
Prints OK, or FAIL and the first problem (exit status 1)."""
import base64, hashlib, json, os, sys
try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    sys.exit("FAIL: verify.py needs the cryptography package (pip install cryptography)")

class Fail(Exception): """A check failed; the message says which."""
def check(ok, message):
    if not ok: raise Fail(message)
def sha(data): return hashlib.sha256(data).digest()
def node(left, right): return sha(b"\x01" + left + right)
def b64(text, what):
    try: return base64.b64decode(text, validate=True)
    except (ValueError, TypeError): raise Fail(f"{what} is not base64")

def merkle_root(hashes):
    if len(hashes) <= 1: return hashes[0] if hashes else sha(b"")
    k = 1 << ((len(hashes) - 1).bit_length() - 1)  # the largest power of two below n
    return node(merkle_root(hashes[:k]), merkle_root(hashes[k:]))

def verify_signature(key, signature, message, what):
    try: Ed25519PublicKey.from_public_bytes(key).verify(signature, message)
    except (InvalidSignature, ValueError): raise Fail(f"{what}: the Ed25519 signature does not verify")

def read_key(text):
    parts = text.strip().split("+", 2)
    check(len(parts) == 3, "ledger key: expected name+keyid+base64")
    material = b64(parts[2], "ledger key")
    check(len(material) == 33 and material[0] == 1, "ledger key: not an Ed25519 verifier key")
    check(sha(parts[0].encode() + b"\n" + material)[:4].hex() == parts[1], "ledger key: the key id does not match the key")
    return parts[0], bytes.fromhex(parts[1]), material[1:]

def read_note(note, name, key_id, key, what):
    """A C2SP tlog-checkpoint signed by the ledger key -> (size, root)."""
    body, separator, signatures = note.partition("\n\n")
    lines = (body + "\n").split("\n")
    check(separator and signatures.endswith("\n") and len(lines) >= 4, f"{what}: not a signed checkpoint note")
    check(lines[0] == name and lines[1].isdigit() and str(int(lines[1])) == lines[1], f"{what}: bad origin or size")
    blobs = [b64(line.rsplit(" ", 1)[-1], what) for line in signatures[:-1].split("\n") if line.startswith(f"\u2014 {name} ")]
    blobs = [blob for blob in blobs if blob[:4] == key_id and len(blob) == 68]
    check(blobs, f"{what}: no signature by the ledger key")
    verify_signature(key, blobs[0][4:], (body + "\n").encode(), what)
    return int(lines[1]), b64(lines[2], f"{what} root")

def read_events(path, ledger_key):
    """Checks every line against its leaf and signature; returns (leaf hashes, events)."""
    hashes, events, keys = [], [], {"ledger": ledger_key}
    for raw in open(path, "rb"):
        event, position = json.loads(raw), len(events) + 1
        where = f"events.jsonl line {position}"
        check(event.get("position") == position, f"{where}: position {event.get('position')}, expected {position}")
        leaf = b64(event["leaf"], f"{where} leaf")
        check(sha(b"\x00" + leaf).hex() == event["leaf_hash"], f"{where}: leaf_hash is not SHA-256(0x00 || leaf)")
        parts = leaf.split(b"\n", 5)
        check(len(parts) == 6 and parts[0] == b"factledger-leaf/1" and parts[1] == str(position).encode(), f"{where}: the leaf is not position {position}")
        check([p.decode() for p in parts[2:5]] == [event["recorded_at"], str(event["stream_version"]), event.get("signature", "")], f"{where}: recorded_at, stream_version or signature differ from the leaf")
        body = json.loads(parts[5])
        for name in ("id", "type", "schema_version", "stream", "occurred_at", "author", "correlation_id", "causation_id", "data"):
            check(body.get(name) == event.get(name), f"{where}: {name} differs from the leaf")
        start = parts[5].index(b',"data":') + 8
        check(b'"data":' + parts[5][start:-1] + b',"position":' in raw, f"{where}: the data bytes differ from the leaf")
        data, author = event["data"], event["author"]
        if position == 1:
            check(event["type"] == "LedgerCreated" and b64(data["ledger_key"], where) == ledger_key, "the log's LedgerCreated does not name this ledger key")
        if parts[4]:
            check(author in keys, f"{where}: signed by {author}, who holds no registered key at this point")
            verify_signature(keys[author], b64(parts[4], where), b"factledger/event-signature/1\n" + parts[5], where)
        else:
            check(author.startswith("import:"), f"{where}: {event['type']} by {author} is not signed")
        if event["type"] == "ReviewerRegistered": keys[data["handle"]] = b64(data["public_key"], where)
        if event["type"] == "ReviewerRevoked": keys.pop(data["handle"], None)
        hashes.append(sha(b"\x00" + leaf))
        events.append(event)
    return hashes, events

def verify_inclusion(index, size, r, proof, root):
    """RFC 9162 section 2.1.3.2."""
    fn, sn = index, size - 1
    for p in proof:
        if sn == 0: return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0: fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return index < size and sn == 0 and r == root

def verify_consistency(size1, size2, root1, root2, proof):
    """RFC 9162 section 2.1.4.2."""
    if size1 == size2: return not proof and root1 == root2
    if size1 < 1 or size1 > size2 or not proof: return False
    path = ([root1] if size1 & (size1 - 1) == 0 else []) + proof
    fn, sn = size1 - 1, size2 - 1
    while fn & 1: fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0: return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0: fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == root1 and sr == root2 and sn == 0

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    name, key_id, key = read_key(open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "ledger-key.txt")).read())
    os.chdir(here)  # the bundle's files are read from the script's folder, wherever it is run from
    size, root = read_note(open("checkpoint.txt").read(), name, key_id, key, "checkpoint.txt")
    hashes, events = read_events("events.jsonl", key)
    check(len(hashes) == size, f"events.jsonl holds {len(hashes)} events but the checkpoint covers {size}")
    check(merkle_root(hashes) == root, "the Merkle root of events.jsonl is not the checkpoint's root")
    proofs = sorted(os.listdir("proofs")) if os.path.isdir("proofs") else []
    for file in proofs:
        document = json.load(open(os.path.join("proofs", file)))
        check(document["tree_size"] == size and b64(document["root"], file) == root, f"proofs/{file}: not a proof against this checkpoint")
        for entry in document["events"]:
            position, leaf = entry["position"], b64(entry["leaf_hash"], file)
            check(1 <= position <= size and leaf == hashes[position - 1] and events[position - 1]["type"] == entry["type"], f"proofs/{file}: position {position} is not that event")
            check(verify_inclusion(position - 1, size, leaf, [b64(p, file) for p in entry["proof"]], root), f"proofs/{file}: the inclusion proof of position {position} fails")
    message = f"OK: {size} events, root {base64.b64encode(root).decode()}, {len(proofs)} inclusion proofs"
    if os.path.exists("consistency.json"):
        c = json.load(open("consistency.json"))
        old_root = b64(c["root1"], "consistency.json root1")
        check(c["size2"] == size and b64(c["root2"], "consistency.json") == root, "consistency.json does not end at this checkpoint")
        check(verify_consistency(c["size1"], size, old_root, root, [b64(p, "consistency.json") for p in c["proof"]]), f"consistency.json: this log does not extend the previous export's checkpoint (size {c['size1']})")
        if "previous_checkpoint" in c:
            check(read_note(c["previous_checkpoint"], name, key_id, key, "previous checkpoint") == (c["size1"], old_root), "consistency.json: previous_checkpoint is not size1 and root1")
        message += f", consistent with the previous export at size {c['size1']}"
    print(message)

if __name__ == "__main__":
    try:
        main()
    except Fail as failure:
        sys.exit(print(f"FAIL: {failure}") or 1)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        sys.exit(print(f"FAIL: the bundle is malformed: {type(error).__name__}: {error}") or 1)
"""#
}
