// Numbering distinct values in the order they are first seen. The facts number every post they
// meet; a Dictionary from post to number cost ~80 bytes a post at a million posts, this index
// costs 16.

/// Distinct values numbered 0, 1, 2… in first-seen order, with an open-addressing index.
///
/// Guarantees: `number(for:)` returns the same number for equal values and a new one, equal to
/// the count before, for a value not seen before; `values[n]` is the value numbered `n`.
/// Cost: O(1) expected per lookup or insert; memory is the values plus two 8-byte slots each.
/// A slot keeps 32 bits of its value's hash beside the number, so a probe compares values only
/// when those bits match, and regrowing never hashes a value again.
struct Interner<Value: Hashable & Sendable>: Sendable {
    /// The values, by number.
    private(set) var values: [Value] = []
    /// 0 for a free slot; otherwise the hash bits in the high half and the number plus one in
    /// the low half. A value sits at its hash bits' slot or the next free one.
    private var slots: [UInt64] = []

    init() {}

    /// How many distinct values are numbered.
    var count: Int { values.count }

    /// The number of `value`, or nil when it was never numbered.
    subscript(value: Value) -> Int32? {
        guard !slots.isEmpty else { return nil }
        switch find(value, hashBits: Interner.hashBits(of: value)) {
        case .found(let number): return number
        case .free: return nil
        }
    }

    /// The number of `value`, numbering it now when it is new.
    mutating func number(for value: Value) -> Int32 {
        if slots.count < (values.count + 1) * 2 { grow(toHold: max(16, (values.count + 1) * 2)) }
        let bits = Interner.hashBits(of: value)
        switch find(value, hashBits: bits) {
        case .found(let number):
            return number
        case .free(let slot):
            let number = Int32(values.count)
            values.append(value)
            slots[slot] = Interner.slot(hashBits: bits, number: number)
            return number
        }
    }

    /// Numbers every value of `other` here, in `other`'s order, as `number(for:)` on each would;
    /// returns, for each of `other`'s numbers, the value's number here. The hash bits `other`
    /// keeps are reused (the hash seed is the same within a process), so no value is hashed.
    mutating func numbers(forAllOf other: Interner) -> [Int32] {
        reserveCapacity(values.count + other.values.count)
        var bitsByNumber = [UInt32](repeating: 0, count: other.values.count)
        for entry in other.slots where entry != 0 {
            bitsByNumber[Int(Int32(truncatingIfNeeded: entry) - 1)] = UInt32(truncatingIfNeeded: entry >> 32)
        }
        var numbers: [Int32] = []
        numbers.reserveCapacity(other.values.count)
        for (index, value) in other.values.enumerated() {
            let bits = bitsByNumber[index]
            switch find(value, hashBits: bits) {
            case .found(let number):
                numbers.append(number)
            case .free(let slot):
                let number = Int32(values.count)
                values.append(value)
                slots[slot] = Interner.slot(hashBits: bits, number: number)
                numbers.append(number)
            }
        }
        return numbers
    }

    /// Makes room for `capacity` values without regrowing.
    mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        if slots.count < capacity * 2 { grow(toHold: capacity * 2) }
    }

    private enum Probe {
        case found(Int32)
        case free(Int)
    }

    /// Where `value` is, or the free slot where it would go.
    private func find(_ value: Value, hashBits bits: UInt32) -> Probe {
        let mask = slots.count - 1
        var slot = Int(bits) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return .free(slot) }
            if UInt32(truncatingIfNeeded: entry >> 32) == bits {
                let number = Int32(truncatingIfNeeded: entry) - 1
                if values[Int(number)] == value { return .found(number) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Rebuilds the index with at least `minimum` slots (a power of two), from the kept hash bits.
    private mutating func grow(toHold minimum: Int) {
        var size = 16
        while size < minimum { size <<= 1 }
        let old = slots
        slots = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for entry in old where entry != 0 {
            var slot = Int(UInt32(truncatingIfNeeded: entry >> 32)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    private static func hashBits(of value: Value) -> UInt32 {
        let hash = UInt64(bitPattern: Int64(value.hashValue))
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    private static func slot(hashBits bits: UInt32, number: Int32) -> UInt64 {
        UInt64(bits) << 32 | UInt64(UInt32(number) + 1)
    }
}
