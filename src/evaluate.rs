//! `vnplan eval`: runs the pipeline over inputs and scores it against a gold directory.
//!
//! In: input paths and a gold directory. Out: an [`EvalReport`] (SPEC §6). Inputs that fail to
//! process count as missing predictions (every gold item of theirs is a miss).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::eval::{self, EvalDoc, EvalReport};
use crate::output::eval_view;
use crate::pipeline::{self, DEFAULT_MAX_BYTES};

/// Runs the pipeline on `inputs` and scores the documents against `gold_dir`.
pub fn evaluate(gold_dir: &Path, inputs: &[PathBuf]) -> Result<(EvalReport, Vec<String>)> {
    let gold = eval::load_gold_dir(gold_dir).map_err(|message| Error::Invalid { path: gold_dir.to_path_buf(), message })?;
    let files = pipeline::collect_inputs(inputs)?;
    let results: Vec<std::result::Result<EvalDoc, String>> =
        files.par_iter().map(|f| pipeline::process_file(f, DEFAULT_MAX_BYTES).map(|d| eval_view(&d)).map_err(|e| e.to_string())).collect();
    let mut predicted = Vec::new();
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(d) => predicted.push(d),
            Err(e) => failures.push(e),
        }
    }
    Ok((eval::score(&predicted, &gold), failures))
}
