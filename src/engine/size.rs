//! Byte counts as the page shows them, without floating point: formatting an `f64` pulls about
//! 10 KB of float-printing code into the wasm for two messages.

/// `bytes` in megabytes (MiB) with one decimal, exactly as `format!("{:.1} MB", bytes as f64 /
/// 1_048_576.0)` writes it: the quotient is exact in binary, and ties round to even.
pub fn megabytes(bytes: usize) -> String {
    // u64, not u128: printing a u128 costs the page 1.3 KB of wasm.
    const MB: u64 = 1 << 20;
    let scaled = (bytes as u64).saturating_mul(10);
    let (mut tenths, rest) = (scaled / MB, scaled % MB);
    if rest * 2 > MB || (rest * 2 == MB && tenths % 2 == 1) {
        tenths += 1;
    }
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::megabytes;

    fn float(bytes: usize) -> String {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    }

    #[test]
    fn same_text_as_float_formatting() {
        assert_eq!(megabytes(5 * 1_048_576), "5.0 MB");
        assert_eq!(megabytes(1_572_864), "1.5 MB");
        // Exact ties (0.25, 0.75, 1.25, 1.75 MB round to even) and the bytes either side.
        for tie in [262_144, 786_432, 1_310_720, 1_835_008] {
            for bytes in tie - 2..tie + 3 {
                assert_eq!(megabytes(bytes), float(bytes), "{bytes}");
            }
        }
        for bytes in (0..200_000_000).step_by(9_973) {
            assert_eq!(megabytes(bytes), float(bytes), "{bytes}");
        }
    }
}
