//! vnplan: Vietnamese government plan documents in, structured data out.
//!
//! The pipeline (wired in [`pipeline`]): [`decode`] bytes → [`normalize`] lines → [`segment`]
//! sections and [`table`]s → extraction ([`metadata`], [`legal`], [`deadline`], [`agency`],
//! [`tasks`]) → the [`model::Document`] → [`output`] records written by [`batch`]. [`eval`]
//! scores documents against hand-labelled gold files. See ARCHITECTURE.md for the map.

pub mod agency;
pub mod batch;
pub mod date;
pub mod deadline;
pub mod decode;
pub mod error;
pub mod eval;
pub mod evaluate;
pub mod legacy;
pub mod legal;
pub mod lexicon;
pub mod metadata;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod segment;
pub mod table;
pub mod tasks;
pub mod text;
pub mod tone;
