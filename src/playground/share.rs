//! Share links: the saved playground, deflated and base64url-encoded, in the URL fragment
//! (`#s=...`), so a static host serves it and no server ever sees it.

use super::saved::{LoadError, Saved};

/// Links longer than this are offered as a file instead.
pub const COMFORTABLE_LINK_CHARS: usize = 8000;
/// Fragments longer than this are refused before any decoding.
const MAX_FRAGMENT_CHARS: usize = 400_000;
/// A link's data may unpack to at most this many bytes.
pub const MAX_INFLATED_BYTES: usize = 4 * 1024 * 1024;
const PREFIX: &str = "s=";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in text.bytes().enumerate() {
        let v = ALPHABET
            .iter()
            .position(|&a| a == c)
            .ok_or_else(|| format!("unexpected character {:?} at position {}", c as char, i + 1))?;
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// The fragment (without `#`) for a saved playground, deflated here (native runner, tests).
#[cfg(not(target_arch = "wasm32"))]
/// The web app deflates with the browser's own `CompressionStream` instead, which keeps
/// the encoder out of the wasm (about 9 KB gzipped), and passes the result to [`fragment`].
pub fn encode(saved: &Saved) -> String {
    fragment(&miniz_oxide::deflate::compress_to_vec(
        saved.to_json().as_bytes(),
        9,
    ))
}

/// The fragment (without `#`) for a playground's JSON already deflated (raw DEFLATE).
pub fn fragment(deflated: &[u8]) -> String {
    format!("{PREFIX}{}", base64url_encode(deflated))
}

/// Raw DEFLATE made of stored (uncompressed) blocks: what a link carries when the browser
/// cannot compress. Longer, but any inflater, ours included, reads it.
pub fn stored(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 65_535 * 5 + 5);
    let mut chunks = bytes.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        return vec![0x01, 0x00, 0x00, 0xff, 0xff]; // one empty final block
    }
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        let len = chunk.len() as u16;
        // BFINAL, BTYPE = 00 (stored), then padding to the byte boundary.
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

/// The refusal for data that does not unpack (cut short, damaged, or too large).
pub fn cut_short() -> LoadError {
    LoadError {
        message: "The link is cut short or damaged: its data does not unpack.".into(),
    }
}

/// The raw DEFLATE a fragment (with or without `#`) carries: its length, its prefix and
/// its alphabet checked, before anything is unpacked.
pub fn unpack(fragment: &str) -> Result<Vec<u8>, LoadError> {
    let e = |m: String| LoadError { message: m };
    let f = fragment.trim_start_matches('#');
    if f.len() > MAX_FRAGMENT_CHARS {
        return Err(e(format!("The link is too long ({} characters).", f.len())));
    }
    let body = f.strip_prefix(PREFIX).ok_or_else(|| {
        e("The link does not hold a playground (it should end in #s=...).".into())
    })?;
    base64url_decode(body).map_err(|m| e(format!("The link is damaged: {m}.")))
}

/// Unpacks raw DEFLATE made only of stored blocks (what [`stored`] writes), at most `limit`
/// bytes. `None` when a block is compressed: the browser's inflater reads those.
pub fn unstore(packed: &[u8], limit: usize) -> Option<Result<Vec<u8>, LoadError>> {
    let mut out = Vec::new();
    let mut rest = packed;
    loop {
        let (&head, tail) = rest.split_first()?;
        // BTYPE (bits 1-2) must be 00, stored; the other bits pad to the byte.
        if head & 0b110 != 0 {
            return None;
        }
        let Some((len, tail)) = tail.split_first_chunk::<4>() else {
            return Some(Err(cut_short()));
        };
        let n = u16::from_le_bytes([len[0], len[1]]);
        if n != !u16::from_le_bytes([len[2], len[3]]) {
            return Some(Err(cut_short()));
        }
        let n = usize::from(n);
        if tail.len() < n || out.len() + n > limit {
            return Some(Err(cut_short()));
        }
        out.extend_from_slice(&tail[..n]);
        rest = &tail[n..];
        if head & 1 == 1 {
            return Some(Ok(out));
        }
    }
}

/// The playground in a link's unpacked data.
pub fn open(bytes: Vec<u8>) -> Result<Saved, LoadError> {
    let e = |m: String| LoadError { message: m };
    let text = String::from_utf8(bytes)
        .map_err(|_| e("The link is damaged: its data is not text.".into()))?;
    Saved::from_json(&text).map_err(|l| {
        e(format!(
            "The link's playground cannot be opened: {}",
            l.message
        ))
    })
}

/// Reads a fragment (with or without `#`) here (native runner, tests). The web app
/// unpacks with the browser's own `DecompressionStream`, which keeps the inflater out of
/// the wasm, and passes what it read to [`open`].
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(fragment: &str) -> Result<Saved, LoadError> {
    let packed = unpack(fragment)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED_BYTES)
        .map_err(|_| cut_short())?;
    open(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::{Action, Playground};

    #[test]
    fn base64url_round_trips() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&data)).unwrap(), data);
        }
        assert!(base64url_decode("ab$c").unwrap_err().contains("position 3"));
    }

    #[test]
    fn stored_blocks_inflate_back_to_the_bytes() {
        for len in [0, 1, 100, 65_535, 65_536, 200_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 31 + 7) as u8).collect();
            let packed = stored(&data);
            let back = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
            assert_eq!(back, data, "{len} bytes");
            assert_eq!(unstore(&packed, usize::MAX).unwrap().unwrap(), data);
        }
    }

    #[test]
    fn unstore_reads_stored_blocks_only_within_the_bound() {
        let data: Vec<u8> = (0..100_000).map(|i| (i * 31 + 7) as u8).collect();
        let packed = stored(&data);
        assert!(unstore(&packed, data.len()).unwrap().is_ok());
        // Past the bound, cut short, or a damaged length: refused.
        assert!(unstore(&packed, data.len() - 1).unwrap().is_err());
        assert!(unstore(&packed[..packed.len() - 1], usize::MAX)
            .unwrap()
            .is_err());
        let mut bad = packed.clone();
        bad[3] ^= 1;
        assert!(unstore(&bad, usize::MAX).unwrap().is_err());
        // Compressed blocks are left to the real inflater.
        let deflated = miniz_oxide::deflate::compress_to_vec(&data, 9);
        assert!(unstore(&deflated, usize::MAX).is_none());
    }

    #[test]
    fn a_link_made_of_stored_blocks_opens_like_a_compressed_one() {
        let mut pg = Playground::default();
        pg.apply(Action::AddPublisher);
        pg.apply(Action::Connect(1));
        pg.apply(Action::Seek(400));
        let saved = pg.to_saved();
        let plain = fragment(&stored(saved.to_json().as_bytes()));
        assert!(plain.len() > encode(&saved).len());
        let back = Playground::from_saved(&decode(&plain).unwrap());
        assert_eq!(back.sim().trace(), pg.sim().trace());
    }

    #[test]
    fn a_link_reproduces_the_playground_and_a_cut_link_is_refused() {
        let mut pg = Playground::default();
        pg.apply(Action::AddPublisher);
        pg.apply(Action::Connect(1));
        pg.apply(Action::Seek(400));
        pg.apply(Action::Publish(1));
        pg.apply(Action::Seek(900));
        let link = encode(&pg.to_saved());
        assert!(link.len() < COMFORTABLE_LINK_CHARS, "{}", link.len());
        let back = Playground::from_saved(&decode(&format!("#{link}")).unwrap());
        assert_eq!(back.sim().trace(), pg.sim().trace());
        let cut = &link[..link.len() / 2];
        assert!(decode(cut)
            .unwrap_err()
            .message
            .contains("cut short or damaged"));
        assert!(decode("#x=1").is_err());
    }
}
