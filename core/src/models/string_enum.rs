//! `string_enum!`: an enum of known wire strings that keeps any other string it meets.

/// Defines `pub enum $name { Known..., Unknown(String) }` serialized as its wire string.
/// Unknown strings parse into `Unknown` and serialize back unchanged, so a value Pike
/// adds later never breaks parsing.
macro_rules! string_enum {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident => $wire:literal, )+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )+
            /// A value this version of pikepay does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire string of every known value, in declaration order.
            pub const WIRE: &'static [&'static str] = &[$($wire),+];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(s) => s,
                }
            }

            /// Parses a wire string; a string that is not known is kept in `Unknown`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }

            /// True for a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        /// A string: one of the known values (`x-known-values`), or any other string,
        /// which is kept as sent.
        #[cfg(feature = "schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "description": concat!($($doc, "\n"),*).trim(),
                    "x-known-values": [$($wire),+],
                    "x-known-docs": [$(concat!($($vdoc, "\n"),*).trim()),+],
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok($name::parse(&s))
            }
        }
    };
}

pub(crate) use string_enum;
