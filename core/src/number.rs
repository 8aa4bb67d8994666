//! Numbers exactly as sent. Every JSON number Pike sends is kept as its text (serde_json's
//! `arbitrary_precision`), so integers beyond 64 bits, `1e400`, `-0` and 30-digit
//! decimals reach the user unchanged (an exponent is written `e+N` or `e-N`: `1E400`
//! is kept as `1e+400`, its digits untouched); [`exactly`] says which native number of a
//! language holds a number without losing a digit, for the bindings to convert by one
//! rule. `Exact` reads a typed view out of a parsed value with those numbers intact.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Number, Value};

/// A JSON number, classified by the smallest native type that holds it exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Exactly<'a> {
    /// An integer that fits in `i64`.
    I64(i64),
    /// An integer above `i64::MAX` that fits in `u64`.
    U64(u64),
    /// An integer beyond 64 bits, as its decimal text.
    BigInteger(&'a str),
    /// A number with a fraction or an exponent whose value an `f64` holds exactly
    /// (`1.0`, `0.5`, `1e300`, `-0.0`; `0.1` too, whose shortest `f64` text is `0.1`).
    F64(f64),
    /// A number an `f64` cannot hold: out of range (`1e400`) or with more significant
    /// digits than an `f64` keeps (`0.123456789012345678901234567890`), as its text.
    Decimal(&'a str),
}

/// How `n` is held exactly: an integer (written without `.` or exponent) is an integer of
/// any size (`-0` is the integer 0); any other number is an `f64` when the `f64` nearest
/// to it reads back as the same decimal value, and its exact text otherwise.
pub fn exactly(n: &Number) -> Exactly<'_> {
    if let Some(i) = n.as_i64() {
        return Exactly::I64(i);
    }
    if let Some(u) = n.as_u64() {
        return Exactly::U64(u);
    }
    let text = n.as_str();
    if !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Exactly::BigInteger(text);
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() && same_decimal(text, &format!("{f:e}")) => Exactly::F64(f),
        _ => Exactly::Decimal(text),
    }
}

/// True when two JSON number texts have the same decimal value (`1.50` and `1.5e0`).
fn same_decimal(a: &str, b: &str) -> bool {
    match (decimal(a), decimal(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A number text as (negative, significant digits without leading or trailing zeros,
/// power of ten of the last digit); zero has no digits and keeps its sign.
fn decimal(text: &str) -> Option<(bool, String, i64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    let fraction_len = i64::try_from(fraction.len()).ok()?;
    let trimmed = digits.trim_start_matches('0');
    let significant = trimmed.trim_end_matches('0');
    let trailing = i64::try_from(trimmed.len() - significant.len()).ok()?;
    let power = exponent.checked_sub(fraction_len)?.checked_add(trailing)?;
    if significant.is_empty() {
        return Some((negative, String::new(), 0));
    }
    Some((negative, significant.to_owned(), power))
}

/// The key serde_json marks an exact number with when it passes one through a generic
/// visitor (a map of this one key to the number's text); its `Value` reads it back.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A deserializer over a parsed [`Value`] that hands numbers to a generic visitor as
/// serde_json's parser does: an integer that fits in 64 bits as that integer, any other
/// number (`-0`, `1.0`, `1e+400`, beyond 64 bits) as its exact text. `&Value` offers
/// them as `f64` or `u128` instead, so what serde buffers for `#[serde(flatten)]`
/// fields would lose digits, or be refused (failing the whole object). A typed number
/// (`i64`, `f64`, ...) is read as `&Value` reads it; everything else behaves as `&Value`.
pub(crate) struct Exact<'a>(pub &'a Value);

/// `deserialize_*` methods of [`Exact`] for scalar targets, read as `&Value` reads them.
macro_rules! typed_as_value {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Exact<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) if n.as_str() != "-0" => visitor.visit_i64(i),
                _ => visitor.visit_map(NumberText(Some(n.as_str()))),
            },
            Value::Array(items) => {
                let mut seq = Items(items.iter());
                let out = visitor.visit_seq(&mut seq)?;
                match seq.0.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(
                        items.len(),
                        &"fewer elements in array",
                    )),
                }
            }
            Value::Object(map) => {
                let mut entries = Entries {
                    iter: map.iter(),
                    value: None,
                };
                let out = visitor.visit_map(&mut entries)?;
                match entries.iter.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(
                        map.len(),
                        &"fewer elements in map",
                    )),
                }
            }
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == crate::models::FIELD_TOKEN {
            return visitor.visit_seq(Twice(self.0, 2));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            // A number is offered as a map only to whoever reads any value (`Value`,
            // which rebuilds it); a map or a struct reads it as the wrong type.
            Value::Number(_) => self.0.deserialize_map(visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Number(_) => self.0.deserialize_struct(name, fields, visitor),
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        seq tuple tuple_struct
    }

    typed_as_value! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }
}

/// The items of an array, each read through [`Exact`].
struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Exact(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// One value offered as a sequence of two: see [`crate::models::FIELD_TOKEN`].
struct Twice<'a>(&'a Value, u8);

impl<'de> SeqAccess<'de> for Twice<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.1 == 0 {
            return Ok(None);
        }
        self.1 -= 1;
        seed.deserialize(Exact(self.0)).map(Some)
    }
}

/// The entries of an object, each value read through [`Exact`].
struct Entries<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Exact(value)),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// One number as serde_json's marker map: `{NUMBER_TOKEN: text}`.
struct NumberText<'a>(Option<&'a str>);

impl<'de> MapAccess<'de> for NumberText<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.0 {
            Some(_) => seed
                .deserialize(BorrowedStrDeserializer::new(NUMBER_TOKEN))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.0.take() {
            Some(text) => seed.deserialize(BorrowedStrDeserializer::new(text)),
            None => Err(de::Error::custom("value is missing")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn each_number_is_held_by_the_smallest_exact_type() {
        assert_eq!(exactly(&n("-0")), Exactly::I64(0));
        assert_eq!(exactly(&n("18446744073709551615")), Exactly::U64(u64::MAX));
        assert_eq!(
            exactly(&n("18446744073709551616")),
            Exactly::BigInteger("18446744073709551616")
        );
        assert_eq!(exactly(&n("1.0")), Exactly::F64(1.0));
        assert_eq!(exactly(&n("1.50")), Exactly::F64(1.5));
        assert_eq!(exactly(&n("0.1")), Exactly::F64(0.1));
        assert_eq!(exactly(&n("1e300")), Exactly::F64(1e300));
        assert!(matches!(exactly(&n("-0.0")), Exactly::F64(f) if f == 0.0 && f.is_sign_negative()));
        assert_eq!(exactly(&n("1e400")), Exactly::Decimal("1e+400"));
        assert_eq!(
            exactly(&n("0.123456789012345678901234567890")),
            Exactly::Decimal("0.123456789012345678901234567890")
        );
        assert_eq!(
            exactly(&n("9007199254740993.0")),
            Exactly::Decimal("9007199254740993.0")
        );
    }

    #[test]
    fn a_number_is_never_read_as_an_object() {
        use crate::models::{Field, SessionResponse, view};
        let huge: Value = serde_json::from_str(&"9".repeat(58)).unwrap();
        assert!(view::<SessionResponse>(&huge, "").is_err());
        // Inside a typed field it is drift, kept raw, and serializes back as received.
        let body = serde_json::json!({ "session": huge });
        let (read, drift) = view::<SessionResponse>(&body, "").unwrap();
        assert!(matches!(read.session, Some(Field::Raw(_))));
        assert_eq!(drift.len(), 1);
        assert_eq!(serde_json::to_value(&read).unwrap(), body);
    }

    #[test]
    fn numbers_keep_their_text() {
        for text in [
            "1e+400",
            "-0",
            "1.0",
            "123456789012345678901234567890",
            "-1.5e-7",
        ] {
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(v.to_string(), text);
        }
        // An exponent is kept as `e+N` / `e-N`: the digits stay, the notation is one.
        let v: Value = serde_json::from_str("-1E400").unwrap();
        assert_eq!(v.to_string(), "-1e+400");
    }
}
