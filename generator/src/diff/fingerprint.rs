//! Order-insensitive fingerprints of JSON values.
//!
//! Two documents that differ only in the order of object keys have the same fingerprint, so
//! "keys reordered, nothing else" is recognized without keeping both documents in memory.
//! Arrays keep their order: the order of `enum` values or `parameters` can change generated
//! code, and so does the order of `required`, which is the order of `new`'s arguments.

use super::json::J;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A 128-bit fingerprint: two independent 64-bit hashes, so that accidental equality of two
/// different documents is out of practical reach.
pub(crate) type Fingerprint = u128;

/// The fingerprint of `value`.
pub(crate) fn of(value: J<'_>) -> Fingerprint {
    (u128::from(hash(value, 0x9e37_79b9_7f4a_7c15)) << 64)
        | u128::from(hash(value, 0xc2b2_ae3d_27d4_eb4f))
}

/// A 64-bit hash of the keywords `keys` of `object` (absent keys count as absent), or 0 when
/// none of them is present: how documentation and constraints are compared cheaply.
pub(crate) fn of_keys(object: J<'_>, keys: &[&str]) -> u64 {
    let mut acc = 0u64;
    let mut any = false;
    for key in keys {
        if let Some(value) = object.get(key) {
            any = true;
            acc = mix(acc.rotate_left(7) ^ leaf(1, 5, key.as_bytes()) ^ hash(value, 1));
        }
    }
    if any {
        acc | 1
    } else {
        0
    }
}

fn hash(value: J<'_>, seed: u64) -> u64 {
    if value.is_null() {
        return leaf(seed, 0, b"");
    }
    if let Some(b) = value.as_bool() {
        return leaf(seed, 1, &[u8::from(b)]);
    }
    if let Some(n) = value.number_key() {
        return leaf(seed, 2, n.as_bytes());
    }
    if let Some(s) = value.as_str() {
        return leaf(seed, 3, s.as_bytes());
    }
    if let Some(items) = value.items() {
        return items.fold(
            leaf(seed, 4, &(value.len() as u64).to_le_bytes()),
            |acc, item| mix(acc.rotate_left(5) ^ hash(item, seed)),
        );
    }
    let sum = value
        .entries()
        .into_iter()
        .flatten()
        .fold(0u64, |acc, (key, item)| {
            let item = hash(item, seed);
            acc.wrapping_add(mix(leaf(seed, 5, key.as_bytes()) ^ item.rotate_left(17)))
        });
    mix(sum ^ leaf(seed, 6, &(value.len() as u64).to_le_bytes()))
}

fn leaf(seed: u64, tag: u8, bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    seed.hash(&mut hasher);
    tag.hash(&mut hasher);
    hasher.write(bytes);
    hasher.finish()
}

/// splitmix64's finalizer: spreads the bits of a combined value.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::super::json::Doc;
    use serde_json::{json, Value};

    fn of(value: &Value) -> super::Fingerprint {
        super::of(Doc::from_value(value).root())
    }

    #[test]
    fn key_order_does_not_count() {
        let a = json!({"a": 1, "b": {"c": [1, 2], "d": null}});
        let b = json!({"b": {"d": null, "c": [1, 2]}, "a": 1});
        assert_eq!(of(&a), of(&b));
    }

    #[test]
    fn array_order_counts_required_too() {
        assert_ne!(
            of(&json!({"enum": ["a", "b"]})),
            of(&json!({"enum": ["b", "a"]}))
        );
        // `required` is the order of `new`'s arguments.
        assert_ne!(
            of(&json!({"required": ["a", "b"]})),
            of(&json!({"required": ["b", "a"]}))
        );
    }

    #[test]
    fn values_count() {
        assert_ne!(of(&json!({"a": 1})), of(&json!({"a": 2})));
        assert_ne!(of(&json!({"a": "1"})), of(&json!({"a": 1})));
        assert_ne!(of(&json!({"a": {}})), of(&json!({"b": {}})));
    }
}
