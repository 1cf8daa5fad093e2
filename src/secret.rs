//! The municipality's secret key and keyed fingerprints (HMAC-SHA256).
//! Fingerprints let a later month recognise the same person or address
//! without keeping who it is. Without the key, old fingerprints cannot be
//! linked: a missing key is an error once records exist, never silently
//! replaced.

use crate::csvio::{create_private_dir, io_reason};
use anyhow::{Result, anyhow, bail};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::Path;

pub struct Key {
    mac: Hmac<Sha256>,
    /// Made by this run and not yet on disk (see [`Key::keep`]).
    fresh: Option<[u8; 32]>,
}

impl Key {
    /// Reads the key file; creates one (owner-only) when it does not exist
    /// and `may_create` is true.
    pub fn load_or_create(path: &Path, may_create: bool) -> Result<Key> {
        let key = Key::load_or_new(path, may_create)?;
        key.keep(path)?;
        Ok(key)
    }

    /// Reads the key file; when it does not exist and `may_create` is true,
    /// makes a new key in memory only: [`Key::keep`] writes it once the run
    /// has passed its checks, so a refused run leaves no key behind.
    pub fn load_or_new(path: &Path, may_create: bool) -> Result<Key> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                refuse_shared(path)?;
                Key::parse(text.trim()).ok_or_else(|| {
                    anyhow!("{}: {}", path.display(), crate::tr!("key-not-a-key-file"))
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_create => {
                let mut bytes = [0u8; 32];
                getrandom::fill(&mut bytes)
                    .map_err(|e| anyhow!("{}", crate::tr!("key-no-randomness", why = e)))?;
                let mut key = Key::from_bytes(&bytes)
                    .ok_or_else(|| anyhow!("{}", crate::tr!("key-unusable")))?;
                key.fresh = Some(bytes);
                Ok(key)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                bail!("{}: {}", path.display(), crate::tr!("key-missing"))
            }
            Err(e) => bail!(
                "{}: {}",
                path.display(),
                crate::tr!("key-cannot-read", why = io_reason(&e))
            ),
        }
    }

    fn parse(hex: &str) -> Option<Key> {
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Key::from_bytes(&bytes)
    }

    fn from_bytes(bytes: &[u8; 32]) -> Option<Key> {
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(bytes).ok()?;
        Some(Key { mac, fresh: None })
    }

    /// Writes a key made by this run (owner-only, never over an existing
    /// file); a key read from disk is left as it is.
    pub fn keep(&self, path: &Path) -> Result<()> {
        let Some(bytes) = self.fresh else {
            return Ok(());
        };
        if path.exists() {
            return Ok(());
        }
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(|e| {
            anyhow!(
                "{}: {}",
                path.display(),
                crate::tr!("key-cannot-create", why = io_reason(&e))
            )
        })?;
        writeln!(file, "{}", hex(&bytes))?;
        file.sync_all()?;
        Ok(())
    }

    /// A keyed fingerprint of the parts (separated so `ab|c` != `a|bc`).
    pub fn fingerprint(&self, parts: &[&str]) -> String {
        let mut mac = self.mac.clone();
        for p in parts {
            mac.update(p.as_bytes());
            mac.update(&[0x1f]);
        }
        hex(&mac.finalize().into_bytes()[..16])
    }
}

/// A key others can read is no secret: refused, like ssh refuses a private
/// key file others can read.
fn refuse_shared(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| anyhow!("{}: {}", path.display(), io_reason(&e)))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            bail!(
                "{}: {}",
                path.display(),
                crate::tr!(
                    "key-readable-by-others",
                    mode = format!("{:o}", mode & 0o777),
                    path = path.display()
                )
            );
        }
    }
    let _ = path;
    Ok(())
}

/// Bytes as lowercase hex digits.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of some bytes, in hex: a content hash (not a secret).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_once_then_reads_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k/sleutel");
        assert!(Key::load_or_create(&path, false).is_err());
        let a = Key::load_or_create(&path, true).unwrap();
        let b = Key::load_or_create(&path, false).unwrap();
        assert_eq!(a.fingerprint(&["x", "y"]), b.fingerprint(&["x", "y"]));
        assert_ne!(a.fingerprint(&["xy", ""]), a.fingerprint(&["x", "y"]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = Key::load_or_create(&path, false).err().expect("refused");
            assert!(err.to_string().contains("chmod 600"), "{err}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        std::fs::write(&path, "not a key").unwrap();
        assert!(
            Key::load_or_create(&path, true).is_err(),
            "a damaged key is never replaced"
        );
    }
}
