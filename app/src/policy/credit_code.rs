//! The unified social credit code of an organisation (统一社会信用代码, GB 32100-2015): 18
//! characters from a 31-character alphabet (digits and upper-case letters without I, O, S, V
//! and Z), the last one a check character computed from the first 17.
use std::fmt;

/// The code's alphabet; a character's value is its position.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of positions 1-17: 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A checked unified social credit code, upper case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CreditCode(String);

/// Why a code is not a unified social credit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not 18 characters.
    Length(usize),
    /// A character outside the alphabet, at a 1-based position.
    Character {
        /// Position, from 1.
        position: usize,
        /// The character.
        found: char,
    },
    /// The last character is not the one the first 17 call for.
    CheckCharacter {
        /// What the code ends with.
        found: char,
        /// What it should end with.
        expected: char,
    },
}

impl fmt::Display for CodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeProblem::Length(n) => write!(
                f,
                "a unified social credit code has 18 characters; this one has {n}"
            ),
            CodeProblem::Character { position, found } => write!(
                f,
                "character {position} (\"{found}\") cannot appear in a unified social credit code (digits and capital letters except I, O, S, V, Z)"
            ),
            CodeProblem::CheckCharacter { .. } => f.write_str(
                "this unified social credit code does not check out (its last character does not match the others); please check it for a typing mistake",
            ),
        }
    }
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)
}

impl CreditCode {
    /// Reads a code as typed: spaces around it are ignored, lower case is read as upper case.
    pub fn parse(text: &str) -> Result<CreditCode, CodeProblem> {
        let code = text.trim().to_ascii_uppercase();
        let chars = code.chars().count();
        if chars != 18 {
            return Err(CodeProblem::Length(chars));
        }
        let bytes = code.as_bytes();
        let mut values = [0u32; 18];
        for (i, c) in code.chars().enumerate() {
            values[i] = u8::try_from(c)
                .ok()
                .and_then(value)
                .ok_or(CodeProblem::Character {
                    position: i + 1,
                    found: c,
                })?;
        }
        let sum: u32 = WEIGHTS.iter().zip(values).map(|(w, v)| w * v).sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(CodeProblem::CheckCharacter {
                found: char::from(bytes[17]),
                expected: char::from(ALPHABET[check as usize]),
            });
        }
        Ok(CreditCode(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_check_out() {
        // Codes printed on public business licences; the second ends in a letter.
        for code in ["91350100M000100Y43", "91110000802100433B"] {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.to_string()),
                Ok(code.into())
            );
        }
        // Typed in lower case with spaces around it.
        assert_eq!(
            CreditCode::parse(" 91110000802100433b ").map(|c| c.to_string()),
            Ok("91110000802100433B".into())
        );
    }

    #[test]
    fn exactly_one_check_character_fits() {
        // Of the 31 possible last characters, only the computed one is accepted.
        let prefix = "91350100M000100Y4";
        let fits: Vec<String> = (0..31)
            .map(|v| format!("{prefix}{}", char::from(ALPHABET[v])))
            .filter(|c| CreditCode::parse(c).is_ok())
            .collect();
        assert_eq!(fits, ["91350100M000100Y43"]);
        // A weighted sum that is a multiple of 31 calls for "0", not for a 32nd character.
        assert!(CreditCode::parse("000000000000000000").is_ok());
    }

    #[test]
    fn typing_mistakes_are_caught_with_a_message() {
        assert_eq!(
            CreditCode::parse("91350100M000100Y4"),
            Err(CodeProblem::Length(17))
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CodeProblem::CheckCharacter {
                found: '4',
                expected: '3'
            })
        );
        // Two neighbouring characters swapped.
        assert!(CreditCode::parse("93150100M000100Y43").is_err());
        let bad = CreditCode::parse("91350100O000100Y43").expect_err("O is not used");
        assert_eq!(
            bad,
            CodeProblem::Character {
                position: 9,
                found: 'O'
            }
        );
        assert!(bad.to_string().contains("character 9"));
        assert_eq!(
            CreditCode::parse("91350100中000100Y43"),
            Err(CodeProblem::Character {
                position: 9,
                found: '中'
            })
        );
        assert!(CodeProblem::Length(3).to_string().contains("18 characters"));
    }
}
