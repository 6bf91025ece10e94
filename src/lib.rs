//! vnplan: Vietnamese government plan documents in, structured data out.

pub mod agency;
pub mod date;
pub mod deadline;
pub mod decode;
pub mod legacy;
pub mod legal;
pub mod lexicon;
pub mod metadata;
pub mod model;
pub mod normalize;
pub mod segment;
pub mod table;
pub mod tasks;
pub mod tone;
