//! Format v3: deflate-raw against a preset dictionary of what Key Vault pastes share.
//!
//! A link's document is small (a few KB), too small for deflate to learn its vocabulary; most
//! of its bytes repeat words every case has (the wire document's keys, nslookup and dig
//! framing, az property names, the catalogue's error lines, cloud suffixes). A preset
//! dictionary gives deflate those words before the document: the document's back-references
//! reach into it (32 KB window; the dictionary is well under it), and the link halves.
//!
//! miniz_oxide has no dictionary call, so the standard construction is used. To write: compress
//! [`DICTIONARY`] with a sync flush (it ends on a byte boundary with an empty stored block),
//! then the document with the same compressor, and keep only the bytes after the flush. To read:
//! put a stored (uncompressed, not final) block holding the dictionary in front, inflate, and
//! drop the dictionary's bytes from the output. Any inflater reads it: no format of our own.
//!
//! The document stays v2's JSON: measured over the 45 example and held cases (2026-12-07), a
//! plain-text document (pastes joined by a separator, the dictionary unescaped) would save 15
//! characters of a median 375 of base64, and leaving out the version 12; neither is worth a
//! second document format or a link that cannot say who made it.

use std::sync::OnceLock;

use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};
use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

use super::{LinkError, MAX_DECODED};

/// The preset dictionary of `#v3.` links. FROZEN FOREVER: every v3 link ever made inflates
/// against exactly these bytes, and a changed byte breaks them all (a golden test holds its
/// CRC-32 and length). A better dictionary is a new format, v4, beside this one. Built once by
/// `scripts/link-dictionary-v3.py` from the wire document's keys, the framing of the outputs
/// kvdoctor reads and the error catalogue's lines, values left out: no secret, no customer data.
pub const DICTIONARY: &[u8] = include_bytes!("dictionary.v3.txt");

/// Deflate-raw of `document` against [`DICTIONARY`] (level 9, as v1 and v2). The compressor
/// that has read the dictionary is made once and copied for each link: reading the dictionary
/// costs about 30 times compressing a typical document.
pub fn deflate(document: &[u8]) -> Vec<u8> {
    static PRIMED: OnceLock<CompressorOxide> = OnceLock::new();
    let mut compressor = PRIMED.get_or_init(|| primed().0).clone();
    let mut out = Vec::new();
    run(&mut compressor, document, TDEFLFlush::Finish, &mut out);
    out
}

/// A compressor that has read [`DICTIONARY`] and flushed it (sync), and the bytes it wrote.
fn primed() -> (CompressorOxide, Vec<u8>) {
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(9, 0, 0));
    let mut out = Vec::new();
    run(&mut compressor, DICTIONARY, TDEFLFlush::Sync, &mut out);
    (compressor, out)
}

/// Feeds `input` to the compressor until it is all taken and flushed as `flush` asks.
fn run(compressor: &mut CompressorOxide, mut input: &[u8], flush: TDEFLFlush, out: &mut Vec<u8>) {
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let (status, taken, written) = compress(compressor, input, &mut buffer, flush);
        out.extend_from_slice(buffer.get(..written).unwrap_or_default());
        input = input.get(taken..).unwrap_or_default();
        match status {
            TDEFLStatus::Done => return,
            // All taken and room left in the buffer: the flush is complete.
            TDEFLStatus::Okay if input.is_empty() && written < buffer.len() && flush != TDEFLFlush::Finish => return,
            TDEFLStatus::Okay => {}
            // Only a bad parameter or a failed output callback gives these; neither is used.
            TDEFLStatus::BadParam | TDEFLStatus::PutBufFailed => return,
        }
    }
}

/// The document a v3 link's deflate bytes hold: at most [`MAX_DECODED`] bytes of it.
pub fn inflate(packed: &[u8]) -> Result<Vec<u8>, LinkError> {
    let mut stream = stored_block(DICTIONARY);
    stream.extend_from_slice(packed);
    let mut out =
        decompress_to_vec_with_limit(&stream, MAX_DECODED + DICTIONARY.len()).map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Corrupt,
        })?;
    // The stored block comes out first, whole, whatever follows it.
    if !out.starts_with(DICTIONARY) {
        return Err(LinkError::Corrupt);
    }
    Ok(out.split_off(DICTIONARY.len()))
}

/// A deflate stored block, not the last, holding `bytes` (at most 65,535).
fn stored_block(bytes: &[u8]) -> Vec<u8> {
    let len = u16::try_from(bytes.len()).unwrap_or(u16::MAX);
    // BFINAL 0, BTYPE 00, then padding to the byte boundary: one zero byte.
    let mut block = vec![0u8];
    block.extend_from_slice(&len.to_le_bytes());
    block.extend_from_slice(&(!len).to_le_bytes());
    block.extend_from_slice(bytes.get(..usize::from(len)).unwrap_or(bytes));
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dictionary may never change: a changed byte breaks every v3 link ever made.
    #[test]
    fn the_dictionary_is_frozen() {
        assert_eq!(
            (DICTIONARY.len(), super::super::crc32(DICTIONARY)),
            (12_923, 3_708_249_480),
            "a new dictionary is a new format (v4)"
        );
        assert!(DICTIONARY.len() < 32 * 1024, "within deflate's window, so every byte can be referred to");
    }

    #[test]
    fn round_trip_and_the_dictionary_is_used() {
        let document = br#"{"p":[{"t":"Server:  UnKnown\nAddress:  168.63.129.16\n\nNon-authoritative answer:\nName:    kv1.privatelink.vaultcore.azure.net\nAddress:  10.1.2.4\nAliases:  kv1.vault.azure.net\n\n"}],"v":"kv1","m":"0.1.0+abcdef0"}"#;
        let packed = deflate(document);
        assert_eq!(inflate(&packed).unwrap(), document);
        let plain = miniz_oxide::deflate::compress_to_vec(document, 9);
        assert!(packed.len() * 2 < plain.len(), "{} bytes with the dictionary, {} without", packed.len(), plain.len());
        // Empty and large documents too.
        assert_eq!(inflate(&deflate(b"")).unwrap(), b"");
        let large: Vec<u8> = (0..200_000u32).flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes()).collect();
        assert_eq!(inflate(&deflate(&large)).unwrap(), large);
    }

    /// The flush leaves the stream on a byte boundary: the dictionary's part ends with the
    /// empty stored block of a sync flush, so what follows starts a block on its own.
    #[test]
    fn the_flush_ends_on_a_byte_boundary() {
        let (_, out) = primed();
        assert!(out.ends_with(&[0, 0, 0xff, 0xff]), "{:?}", out.get(out.len().saturating_sub(8)..));
    }

    /// The copied compressor writes what one compressor writes after the dictionary's part, and
    /// that whole stream (dictionary's part included) inflates to dictionary ++ document.
    #[test]
    fn a_copied_compressor_writes_what_one_stream_does() {
        for document in [&b"{\"p\":[{\"t\":\"nslookup kv1.vault.azure.net\"}]}"[..], b"", &[7u8; 70_000]] {
            let (mut compressor, mut whole) = primed();
            let flushed = whole.len();
            run(&mut compressor, document, TDEFLFlush::Finish, &mut whole);
            assert_eq!(whole.get(flushed..).unwrap(), deflate(document));
            let inflated = miniz_oxide::inflate::decompress_to_vec(&whole).unwrap();
            assert_eq!(inflated, [DICTIONARY, document].concat());
        }
    }

    #[test]
    fn damaged_and_bombs_are_named() {
        assert_eq!(inflate(b"\xff\xff\xff"), Err(LinkError::Corrupt));
        let packed = deflate(&vec![b' '; MAX_DECODED + 1]);
        assert_eq!(inflate(&packed), Err(LinkError::TooLarge));
        assert!(inflate(&deflate(&vec![b' '; MAX_DECODED])).is_ok());
    }
}
