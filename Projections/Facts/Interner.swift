// Numbering distinct values in the order they are first seen. The facts number every post they
// meet; a Dictionary from post to number cost ~80 bytes a post at a million posts, this index
// costs 8.

/// Distinct values numbered 0, 1, 2… in first-seen order, with an open-addressing index.
///
/// Guarantees: `number(for:)` returns the same number for equal values and a new one, equal to
/// the count before, for a value not seen before; `values[n]` is the value numbered `n`.
/// Cost: O(1) expected per lookup or insert; memory is the values plus two Int32 slots each.
struct Interner<Value: Hashable & Sendable>: Sendable {
    /// The values, by number.
    private(set) var values: [Value] = []
    /// Numbers of `values`, at their hash's slot or the next free one; -1 marks a free slot.
    private var slots: [Int32] = []

    init() {}

    /// How many distinct values are numbered.
    var count: Int { values.count }

    /// The number of `value`, or nil when it was never numbered.
    subscript(value: Value) -> Int32? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = value.hashValue & mask
        while true {
            let number = slots[slot]
            if number < 0 { return nil }
            if values[Int(number)] == value { return number }
            slot = (slot + 1) & mask
        }
    }

    /// The number of `value`, numbering it now when it is new.
    mutating func number(for value: Value) -> Int32 {
        if slots.count < (values.count + 1) * 2 { grow(toHold: max(16, (values.count + 1) * 2)) }
        let mask = slots.count - 1
        var slot = value.hashValue & mask
        while true {
            let number = slots[slot]
            if number < 0 { break }
            if values[Int(number)] == value { return number }
            slot = (slot + 1) & mask
        }
        let number = Int32(values.count)
        values.append(value)
        slots[slot] = number
        return number
    }

    /// Makes room for `capacity` values without regrowing.
    mutating func reserveCapacity(_ capacity: Int) {
        values.reserveCapacity(capacity)
        if slots.count < capacity * 2 { grow(toHold: capacity * 2) }
    }

    /// Rebuilds the index with at least `minimum` slots (a power of two).
    private mutating func grow(toHold minimum: Int) {
        var size = 16
        while size < minimum { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        let mask = size - 1
        for (number, value) in values.enumerated() {
            var slot = value.hashValue & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }
}
