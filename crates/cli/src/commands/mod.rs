//! One module per verb.

pub mod bench;
pub mod eval;
pub mod network;
pub mod split;
pub mod summary;
pub mod tag;
pub mod train;
