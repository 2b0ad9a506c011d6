//! A minimal zip writer: files stored uncompressed (method 0) with their CRC-32, UTF-8 names,
//! and a fixed timestamp (1980-01-01), so the same files always give the same bytes.
//! Enough for every unzip tool; no compression keeps the code small.

/// CRC-32 (IEEE 802.3, as zip uses), bit by bit: a few hundred bytes of code instead of a table.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The fields local and central headers share, from "version needed" to the name's length.
fn common(out: &mut Vec<u8>, crc: u32, size: u32, name_len: u16) {
    u16le(out, 20); // version needed: 2.0
    u16le(out, 1 << 11); // flags: names are UTF-8
    u16le(out, 0); // method: stored
    u16le(out, 0); // time 00:00
    u16le(out, (1 << 5) | 1); // date 1980-01-01
    u32le(out, crc);
    u32le(out, size); // compressed size
    u32le(out, size); // uncompressed size
    u16le(out, name_len);
    u16le(out, 0); // extra field length
}

/// A zip archive of `files` (path, contents). Paths use `/`. Refuses what the format (without
/// zip64) cannot hold: more than 65,535 files, or 4 GiB.
pub fn write(files: &[(String, String)]) -> Result<Vec<u8>, String> {
    let too_big = || "the project is too big for a zip file".to_string();
    let count = u16::try_from(files.len()).map_err(|_| too_big())?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        let data = data.as_bytes();
        let size = u32::try_from(data.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_big())?;
        let crc = crc32(data);
        u32le(&mut out, 0x0403_4b50);
        common(&mut out, crc, size, name_len);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20); // version made by
        common(&mut central, crc, size, name_len);
        u16le(&mut central, 0); // comment length
        u16le(&mut central, 0); // disk number
        u16le(&mut central, 0); // internal attributes
        u32le(&mut central, 0); // external attributes
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = u32::try_from(out.len()).map_err(|_| too_big())?;
    let cd_size = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0); // this disk
    u16le(&mut out, 0); // disk with the central directory
    u16le(&mut out, count);
    u16le(&mut out, count);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn the_archive_lists_every_file_where_its_directory_says() {
        let files = vec![
            ("a/one.txt".to_string(), "hello".to_string()),
            ("b.txt".to_string(), String::new()),
        ];
        let z = write(&files).unwrap();
        let n = z.len();
        // End of central directory: signature, counts, and the directory's offset.
        assert_eq!(&z[n - 22..n - 18], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([z[n - 12], z[n - 11]]), 2);
        let cd = u32::from_le_bytes(z[n - 6..n - 2].try_into().unwrap()) as usize;
        assert_eq!(&z[cd..cd + 4], &0x0201_4b50u32.to_le_bytes());
        // The first local header holds the name and the stored bytes, with their CRC.
        assert_eq!(&z[0..4], &0x0403_4b50u32.to_le_bytes());
        assert_eq!(&z[30..39], b"a/one.txt");
        assert_eq!(&z[39..44], b"hello");
        assert_eq!(
            u32::from_le_bytes(z[14..18].try_into().unwrap()),
            crc32(b"hello")
        );
        assert_eq!(
            write(&files).unwrap(),
            z,
            "the same files give the same bytes"
        );
    }
}
