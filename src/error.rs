//! The one error type of vnplan. Only I/O and input acceptance fail; every variant that concerns
//! a file carries its path, so a batch report says which file and why.

use std::io;
use std::path::PathBuf;

use crate::decode::DecodeError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {reason}")]
    Decode { path: PathBuf, reason: DecodeError },
    #[error("{path}: file is {size} bytes, over the limit of {limit} bytes (see --max-bytes)")]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    /// The path the error concerns, if any.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. } | Error::Decode { path, .. } | Error::TooLarge { path, .. } | Error::Invalid { path, .. } => Some(path),
            Error::Usage(_) => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
