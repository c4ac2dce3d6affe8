#!/usr/bin/env python3
"""An outside verifier for a FactLedger ledger, written from the public formats only.

It trusts nothing the ledger computed: it recomputes every leaf hash as SHA-256(0x00 || leaf),
the RFC 6962 Merkle root, checks the C2SP tlog-checkpoint note and its Ed25519 signature
against the verifier key, and checks inclusion and consistency proofs with the RFC 9162
verification algorithms (sections 2.1.3.2 and 2.1.4.2).

Inputs, as the CLI prints them:
  --log          `factledger log --json`: one JSON object per line with position, leaf_hash (hex)
                 and leaf (base64).
  --checkpoint   `factledger checkpoint`: origin, size, base64 root, blank line, signature lines
                 "— name base64(keyid[4] || signature[64])".
  --key          `factledger ledger-key`: name+hex keyid+base64(0x01 || 32-byte Ed25519 key), or a
                 file holding it.
  --inclusion    `factledger prove inclusion P --json`: leaf_index, tree_size, leaf_hash, proof[], root.
  --consistency  `factledger prove consistency A B --json`: size1, size2, root1, root2, proof[].

Exit 0 when everything checks, 1 with a message on the first mismatch, 2 on bad usage.
Standard library only, except `cryptography` for Ed25519; without it the signature step is
skipped, and the output says so.
"""

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    HAVE_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_CRYPTOGRAPHY = False


class Mismatch(Exception):
    """A check failed; the message says which and where."""


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(leaf):
    return sha256(b"\x00" + leaf)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def b64(text, what):
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError) as error:
        raise Mismatch(f"{what} is not valid base64: {text!r} ({error})")


def merkle_root(hashes):
    """RFC 6962 MTH over leaf hashes: split at the largest power of two below n."""
    n = len(hashes)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return hashes[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(merkle_root(hashes[:k]), merkle_root(hashes[k:]))


# ---------------------------------------------------------------- the log

def read_log(path):
    """Returns the leaf hashes in position order, each recomputed from the leaf bytes."""
    hashes = []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                event = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise Mismatch(f"{path}:{number}: not a JSON line ({error})")
            for field in ("position", "leaf_hash", "leaf"):
                if field not in event:
                    raise Mismatch(f"{path}:{number}: missing field {field!r}")
            position = event["position"]
            if position != len(hashes) + 1:
                raise Mismatch(f"{path}:{number}: position {position}, expected {len(hashes) + 1} (positions must run 1, 2, 3, ...)")
            leaf = b64(event["leaf"], f"position {position}: leaf")
            recomputed = leaf_hash(leaf)
            try:
                stated = bytes.fromhex(event["leaf_hash"])
            except (ValueError, TypeError):
                raise Mismatch(f"position {position}: leaf_hash is not hex: {event['leaf_hash']!r}")
            if stated != recomputed:
                raise Mismatch(f"position {position}: leaf_hash {event['leaf_hash']} but SHA-256(0x00 || leaf) is {recomputed.hex()}")
            hashes.append(recomputed)
    return hashes


# ---------------------------------------------------------------- keys and notes

def parse_verifier_key(text):
    """name+hexkeyid+base64(0x01 || key) -> (name, key id bytes, raw public key)."""
    text = text.strip()
    # The name holds no "+", but the base64 part may: split from the left.
    parts = text.split("+", 2)
    if len(parts) != 3:
        raise Mismatch(f"verifier key {text!r}: expected name+keyid+base64")
    name, key_id_hex, encoded = parts
    try:
        key_id = bytes.fromhex(key_id_hex)
    except ValueError:
        raise Mismatch(f"verifier key: key id {key_id_hex!r} is not hex")
    if len(key_id) != 4:
        raise Mismatch(f"verifier key: key id {key_id_hex!r} is not 4 bytes")
    material = b64(encoded, "verifier key")
    if len(material) != 33 or material[0] != 0x01:
        raise Mismatch(f"verifier key: expected 0x01 followed by a 32-byte Ed25519 key, got {len(material)} bytes starting {material[:1].hex()}")
    expected_id = sha256(name.encode("utf-8") + b"\n" + material)[:4]
    if expected_id != key_id:
        raise Mismatch(f"verifier key: key id {key_id.hex()} but SHA-256(name || \\n || 0x01 || key)[:4] is {expected_id.hex()}")
    return name, key_id, material[1:]


def parse_checkpoint(note, key_name, key_id, public_key):
    """Checks the signed note; returns (origin, size, root). Reports whether it checked the signature."""
    separator = note.find("\n\n")
    if separator < 0:
        raise Mismatch("checkpoint: no blank line between the text and the signatures")
    body = note[: separator + 1]
    signatures = note[separator + 2:]
    lines = body.split("\n")[:-1]
    if len(lines) < 3:
        raise Mismatch(f"checkpoint: expected origin, size and root lines, got {len(lines)} lines")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not size_text.isdigit() or (len(size_text) > 1 and size_text[0] == "0"):
        raise Mismatch(f"checkpoint: size {size_text!r} is not a decimal number")
    root = b64(root_text, "checkpoint root")
    if len(root) != 32:
        raise Mismatch(f"checkpoint: the root is {len(root)} bytes, expected 32")
    if origin != key_name:
        raise Mismatch(f"checkpoint: origin {origin!r} is not the key's name {key_name!r}")
    if not signatures.endswith("\n"):
        raise Mismatch("checkpoint: the signature block does not end with a newline")
    matching = []
    for line in signatures[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise Mismatch(f"checkpoint: signature line {line!r} does not start with an em dash and a space")
        name, _, encoded = line[2:].rpartition(" ")
        blob = b64(encoded, "checkpoint signature")
        if name == key_name and len(blob) >= 4 and blob[:4] == key_id:
            matching.append(blob[4:])
    if not matching:
        raise Mismatch(f"checkpoint: no signature by {key_name} with key id {key_id.hex()}")
    signature = matching[0]
    if len(signature) != 64:
        raise Mismatch(f"checkpoint: the Ed25519 signature is {len(signature)} bytes, expected 64")
    checked = False
    if HAVE_CRYPTOGRAPHY:
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(signature, body.encode("utf-8"))
        except InvalidSignature:
            raise Mismatch("checkpoint: the Ed25519 signature does not verify against the ledger key")
        checked = True
    return origin, int(size_text), root, checked


# ---------------------------------------------------------------- proofs (RFC 9162)

def verify_inclusion(leaf_index, tree_size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2."""
    if leaf_index >= tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(size1, size2, root1, root2, proof):
    """RFC 9162 section 2.1.4.2, with the equal-size case (an empty proof, equal roots)."""
    if size1 < 1 or size1 > size2:
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if not proof:
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def load_json(path):
    with open(path, "r", encoding="utf-8") as handle:
        try:
            return json.load(handle)
        except json.JSONDecodeError as error:
            raise Mismatch(f"{path}: not JSON ({error})")


def field(document, name, path):
    if name not in document:
        raise Mismatch(f"{path}: missing field {name!r}")
    return document[name]


def check_inclusion(path, hashes):
    document = load_json(path)
    index = field(document, "leaf_index", path)
    size = field(document, "tree_size", path)
    leaf = b64(field(document, "leaf_hash", path), f"{path}: leaf_hash")
    root = b64(field(document, "root", path), f"{path}: root")
    proof = [b64(item, f"{path}: proof") for item in field(document, "proof", path)]
    if not (isinstance(index, int) and isinstance(size, int)) or size > len(hashes) or index < 0:
        raise Mismatch(f"{path}: tree_size {size} / leaf_index {index} outside the log of {len(hashes)} events")
    if index < len(hashes) and leaf != hashes[index]:
        raise Mismatch(f"{path}: leaf_hash of position {index + 1} differs from the log's leaf")
    if root != merkle_root(hashes[:size]):
        raise Mismatch(f"{path}: root differs from the root recomputed from the log at size {size}")
    if not verify_inclusion(index, size, leaf, proof, root):
        raise Mismatch(f"{path}: the inclusion proof of position {index + 1} in size {size} does not verify")
    return f"inclusion of position {index + 1} in size {size}"


def check_consistency(path, hashes):
    document = load_json(path)
    size1 = field(document, "size1", path)
    size2 = field(document, "size2", path)
    root1 = b64(field(document, "root1", path), f"{path}: root1")
    root2 = b64(field(document, "root2", path), f"{path}: root2")
    proof = [b64(item, f"{path}: proof") for item in field(document, "proof", path)]
    if not (isinstance(size1, int) and isinstance(size2, int)) or size2 > len(hashes) or size1 < 1:
        raise Mismatch(f"{path}: sizes {size1} and {size2} outside the log of {len(hashes)} events")
    if root1 != merkle_root(hashes[:size1]):
        raise Mismatch(f"{path}: root1 differs from the root recomputed from the log at size {size1}")
    if root2 != merkle_root(hashes[:size2]):
        raise Mismatch(f"{path}: root2 differs from the root recomputed from the log at size {size2}")
    if not verify_consistency(size1, size2, root1, root2, proof):
        raise Mismatch(f"{path}: the consistency proof from size {size1} to {size2} does not verify")
    return f"consistency of sizes {size1} and {size2}"


def main(argv):
    parser = argparse.ArgumentParser(description="Check a FactLedger log, checkpoint and proofs from the outside.")
    parser.add_argument("--log", required=True, help="output of `factledger log --json`")
    parser.add_argument("--checkpoint", required=True, help="output of `factledger checkpoint`")
    parser.add_argument("--key", required=True, help="output of `factledger ledger-key`, or a file holding it")
    parser.add_argument("--inclusion", action="append", default=[], help="output of `prove inclusion P --json`")
    parser.add_argument("--consistency", action="append", default=[], help="output of `prove consistency A B --json`")
    arguments = parser.parse_args(argv)
    try:
        key_text = arguments.key
        if os.path.isfile(key_text):
            with open(key_text, "r", encoding="utf-8") as handle:
                key_text = handle.read()
        name, key_id, public_key = parse_verifier_key(key_text)
        hashes = read_log(arguments.log)
        with open(arguments.checkpoint, "r", encoding="utf-8") as handle:
            note = handle.read()
        origin, size, root, signature_checked = parse_checkpoint(note, name, key_id, public_key)
        if size > len(hashes):
            raise Mismatch(f"checkpoint: size {size} but the log has only {len(hashes)} events")
        recomputed = merkle_root(hashes[:size])
        if recomputed != root:
            raise Mismatch(f"checkpoint: root {base64.b64encode(root).decode()} but the log's leaves give {base64.b64encode(recomputed).decode()} at size {size}")
        checked = [f"{len(hashes)} leaf hashes", f"root at size {size}"]
        checked += [check_inclusion(path, hashes) for path in arguments.inclusion]
        checked += [check_consistency(path, hashes) for path in arguments.consistency]
    except Mismatch as mismatch:
        print(f"MISMATCH: {mismatch}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"MISMATCH: cannot read an input: {error}", file=sys.stderr)
        return 1
    if signature_checked:
        print(f"signature: Ed25519 signature of {origin} verified")
    else:
        print("signature: SKIPPED, the Python `cryptography` package is not installed; the signature was not checked")
    print(f"OK: {len(checked)} checks: " + "; ".join(checked))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
