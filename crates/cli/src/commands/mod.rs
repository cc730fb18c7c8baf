//! One module per verb.

pub mod eval;
pub mod tag;
pub mod train;
