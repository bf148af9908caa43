//! Random tokens and the SHA-256 hashes the store keeps instead of them.

use sha2::{Digest, Sha256};

use crate::error::StoreError;

/// Bytes of randomness in a [`Token`]: 256 bits, well above the 128 required.
pub const TOKEN_BYTES: usize = 32;

/// A secret random token (session id, feed token, API token), as handed to the
/// client. The store never sees it, only its [`TokenHash`].
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A new token of [`TOKEN_BYTES`] random bytes from the operating system,
    /// written as lowercase hexadecimal.
    ///
    /// # Errors
    /// When the operating system's random source fails.
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(Token(hex(&bytes)))
    }

    /// The token as text, to send to the client.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The hash to store and look the token up by.
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.0)
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(..)")
    }
}

/// The SHA-256 hash of a token: what the store keeps and looks up by.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    /// The hash of the token text as the client sent it.
    pub fn of(token: &str) -> TokenHash {
        TokenHash(Sha256::digest(token.as_bytes()).into())
    }

    /// A hash read back from the database.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] unless `bytes` is 32 bytes long.
    pub fn from_bytes(bytes: &[u8]) -> Result<TokenHash, StoreError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| {
            StoreError::Corrupt(format!("a token hash of {} bytes, not 32", bytes.len()))
        })?;
        Ok(TokenHash(array))
    }

    /// The 32 bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The hash as 64 lowercase hex digits, to name a stored token in a form
    /// (revoke this one) without its secret.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// A hash from [`TokenHash::to_hex`]'s text; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<TokenHash> {
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(TokenHash(bytes))
    }
}

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenHash({})", &hex(&self.0)[..12])
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_are_long_distinct_and_hash_stably() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a, b);
        assert_eq!(a.hash(), TokenHash::of(a.as_str()));
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn hash_of_known_text() {
        // SHA-256("abc")
        assert_eq!(
            hex(TokenHash::of("abc").as_bytes()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hex_round_trip() {
        let hash = TokenHash::of("x");
        assert_eq!(TokenHash::from_hex(&hash.to_hex()), Some(hash));
        assert!(TokenHash::from_hex(&"zz".repeat(32)).is_none());
        assert!(TokenHash::from_hex("abc").is_none());
        assert!(TokenHash::from_hex(&"é".repeat(32)).is_none());
    }

    #[test]
    fn hash_from_bytes_checks_length() {
        assert!(TokenHash::from_bytes(&[0; 31]).is_err());
        let hash = TokenHash::of("x");
        assert_eq!(TokenHash::from_bytes(hash.as_bytes()).unwrap(), hash);
    }
}
