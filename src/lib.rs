//! vnplan: Vietnamese government plan documents in, structured data out.

pub mod date;
pub mod decode;
pub mod legacy;
pub mod normalize;
pub mod tone;
