//! Reading a share link in the browser: stored blocks (what a browser without
//! `CompressionStream` shares) are read here; compressed ones are unpacked by the browser's
//! `DecompressionStream`, under the same bound, so no inflater is in the wasm.

use super::browser::{self, Inflate};
use crate::playground::share::{self, MAX_INFLATED_BYTES};
use crate::playground::{LoadError, Saved};

/// The playground in a link's fragment, or why it cannot be opened.
pub async fn read(fragment: &str) -> Result<Saved, LoadError> {
    let packed = share::unpack(fragment)?;
    let bytes = match share::unstore(&packed, MAX_INFLATED_BYTES) {
        Some(read) => read?,
        None => match browser::inflate_raw(&packed, MAX_INFLATED_BYTES).await {
            Ok(bytes) => bytes,
            Err(Inflate::Refused) => return Err(share::cut_short()),
            Err(Inflate::Unsupported) => {
                return Err(LoadError {
                    message: "This browser cannot unpack a compressed link (it has no DecompressionStream; Chromium 103, Safari 16.4 and Firefox 113 or later have it): open the link in a newer browser, or ask for the playground as a file".into(),
                })
            }
        },
    };
    share::open(bytes)
}
