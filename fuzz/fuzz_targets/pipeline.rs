//! libFuzzer target: arbitrary bytes through decode → normalize → segment → extract → JSON,
//! JSON lines, CSV and the eval view, with the invariant checks of
//! `tests/support/pipeline_check.rs` (shared with `tests/fuzz.rs`).
//!
//! Run from the crate root (needs a nightly toolchain):
//! `cargo +nightly fuzz run pipeline -- -max_total_time=600 -max_len=65536`.
//! Every crash found becomes a named case in `tests/regressions.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/pipeline_check.rs"]
mod pipeline_check;

fuzz_target!(|data: &[u8]| {
    pipeline_check::check_bytes(data);
});
